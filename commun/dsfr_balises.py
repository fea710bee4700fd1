"""Les balises de django-dsfr telles que nos formulaires les chargent, une seule remplacée.

Le moteur des formulaires (`commun.formulaires.RenduDsfr`) donne ce module au nom `dsfr_tags` : les
gabarits de champs de django-dsfr restent les siens, seule la mention après le libellé change. La sienne
(django-dsfr 3.6) lit le réglage transitoire `DSFR_MARK_OPTIONAL_FIELDS` : faux, elle met un astérisque
aux champs obligatoires, ce que le DSFR ne recommande plus ; vrai, elle écrit « (Optional) », sans
traduction (son catalogue ne traduit que « (optional) »).
"""

from django import template
from dsfr.templatetags import dsfr_tags

register = template.Library()
register.tags.update(dsfr_tags.register.tags)
register.filters.update(dsfr_tags.register.filters)


@register.simple_tag
def dsfr_mark_optionnal_fields(champ) -> str:
    """« (facultatif) » après le libellé d'un champ facultatif ; rien pour un champ obligatoire."""
    if champ.field.required or not getattr(champ.form, "marquer_facultatifs", True):
        return ""
    return " (facultatif)"
