"""Gabarits des personas : avatar ou portrait, et Markdown d'utilisateur rendu sûr.

{% load personas %}
{% portrait persona taille=96 %}          → l'image du persona, sinon son avatar aux initiales (SVG)
{% portrait persona taille=48 decoratif=True %} → sans nom accessible, quand le prénom suit déjà
{{ persona.portrait|markdown }}           → HTML sûr (documents.markdown.markdown_sur)
"""

from django import template

from documents.markdown import markdown_sur
from personas import avatars

register = template.Library()


@register.inclusion_tag("personas/includes/_portrait.html")
def portrait(persona, taille: int = 96, decoratif: bool = False):
    return {
        "persona": persona,
        "taille": taille,
        "decoratif": decoratif,
        "couleur": avatars.couleur(persona),
        "texte": avatars.TEXTE,
    }


@register.filter
def markdown(texte):
    return markdown_sur(texte or "")
