"""Gabarits des documents : date française longue et bloc d'état à inclure dans les pages.

{% load documents %}
{{ lettre.date|date_longue }}                  → « 7 février 2018 », « 1er mars 2018 »
{% document_etat "personas.lettre" lettre.pk %} → état du PDF, lien stable, relance ou génération
"""

import datetime

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation

from documents import registre, selectors
from documents.models import ancre

register = template.Library()


@register.filter
def date_longue(valeur) -> str:
    """Une date en toutes lettres, à la française : « 7 février 2018 », « 1er mars 2018 »."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime.datetime):
        valeur = timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur
        valeur = valeur.date()
    with translation.override("fr"):
        mois_annee = formats.date_format(valeur, "F Y")
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {mois_annee}"


def _droits(user, source_nom: str, objet_id) -> tuple[bool, bool]:
    try:
        source = registre.obtenir(source_nom)
    except registre.SourceInconnue:
        return False, False
    voir = source.peut_voir(user, objet_id)
    return voir, voir and source.peut_demander(user, objet_id)


@register.inclusion_tag("documents/includes/_etat.html", takes_context=True)
def document_etat(context, source: str, objet_id, document=None):
    """Le bloc d'état d'un document, qu'il existe déjà ou pas encore (bouton « Générer le PDF »).

    Une requête SQL si `document` n'est pas donné ; dans une liste, passer les documents lus d'un coup
    par `documents.selectors.documents_pour`.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if document is None:
        document = selectors.document_pour(source=source, objet_id=objet_id)
    voir, demander = _droits(user, source, objet_id) if user is not None else (False, False)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "document": document,
        "source": source,
        "objet_id": objet_id,
        "ancre": ancre(source, objet_id),
        "peut_voir": voir,
        "peut_demander": demander,
    }


@register.filter
def taille_fichier(document) -> str:
    """La taille du fichier publié (« 61,2 Ko »), ou rien s'il est illisible."""
    try:
        return filesizeformat(document.fichier.size)
    except (OSError, ValueError, NotImplementedError):
        return ""
