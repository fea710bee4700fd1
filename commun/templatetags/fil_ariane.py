"""`{% fil_ariane %}` : les données de `{% dsfr_breadcrumb %}` écrites dans un gabarit.

Pour les gabarits dont la vue ne fournit pas encore `breadcrumb_data` (voir `commun.fil_ariane`) :

    {% fil_ariane "Journal du codage" "Irritants" irritants_url as fil %}{% dsfr_breadcrumb fil %}

Le premier argument est la page courante, puis viennent les parents par couples titre, adresse.
"""

from django import template
from django.template import TemplateSyntaxError

from commun.fil_ariane import fil_ariane as fil_ariane_donnees

register = template.Library()


@register.simple_tag
def fil_ariane(courant, *titres_et_adresses):
    if len(titres_et_adresses) % 2:
        raise TemplateSyntaxError("{% fil_ariane %} attend la page courante, puis des couples titre, adresse.")
    parents = zip(titres_et_adresses[::2], titres_et_adresses[1::2], strict=True)
    return fil_ariane_donnees(*parents, courant=courant)
