from django import template

register = template.Library()

CLASSES = {
    "a_lancer": "",
    "en_cours": "fr-badge--info",
    "tenue": "fr-badge--success",
    "partiellement_tenue": "fr-badge--new",
    "en_retard": "fr-badge--error",
    "abandonnee": "fr-badge--warning",
}


@register.filter
def classe_statut(statut: str) -> str:
    """La classe DSFR du badge d'un statut (le libellé, toujours écrit, porte l'information)."""
    return CLASSES.get(str(statut), "")


@register.filter
def adresse_sure(objet) -> str:
    """L'adresse d'un objet d'une autre app, ou rien si sa page n'existe pas (encore) : la page reste lisible."""
    from django.urls import NoReverseMatch

    try:
        return objet.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.simple_tag
def porte_des_promesses(user) -> bool:
    """Le compte porte-t-il au moins une promesse ? (le lien « Mes promesses » de l'en-tête ; en cache)"""
    from promesses.selectors import porte_des_promesses as porte

    return porte(user)
