"""Pages des documents : état (page et fragment htmx), fichier à l'adresse stable, demande et relance.

- `GET /documents/<uuid>/` : l'état du document. Requête htmx : le seul contenu de la zone d'état
  (`_etat_contenu.html`), avec le code 286 quand l'état est final (prêt, échec) — htmx arrête alors
  d'interroger. Sinon la page complète, utilisable sans JavaScript (lien « Actualiser »).
- `GET /documents/<uuid>/<nom>.pdf` : le dernier fichier publié, complet, même pendant qu'une version
  plus récente se prépare. Redirige vers la page d'état tant qu'aucun fichier n'existe.
- `POST /documents/demander/` (source, objet_id) et `POST /documents/<uuid>/relancer/`.

Chaque vue vérifie la règle `voir` de la source : un document qu'on ne peut pas voir répond 404,
comme un document qui n'existe pas (on ne révèle pas son existence).
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling

from documents import registre, services
from documents.models import Document

logger = logging.getLogger(__name__)

MESSAGE_404 = "Ce document n'existe pas, ou vous n'avez pas accès à ce document."


def _source(nom: str) -> registre.Source:
    try:
        return registre.obtenir(nom)
    except registre.SourceInconnue:
        raise Http404(MESSAGE_404) from None


def _document_visible(request, uuid) -> tuple[Document, registre.Source]:
    document = get_object_or_404(Document, uuid=uuid)
    source = _source(document.source)
    if not source.peut_voir(request.user, document.objet_id):
        raise Http404(MESSAGE_404)
    return document, source


def _contexte(request, document, source):
    return {
        "document": document,
        "source": document.source,
        "objet_id": document.objet_id,
        "ancre": document.ancre,
        "peut_voir": True,
        "peut_demander": source.peut_demander(request.user, document.objet_id),
    }


def _retour(request, document):
    suivant = request.POST.get("next", "")
    if suivant and url_has_allowed_host_and_scheme(suivant, {request.get_host()}, request.is_secure()):
        return redirect(f"{suivant}#{document.ancre}")
    return redirect(document)


@require_safe
def etat(request, uuid):
    document, source = _document_visible(request, uuid)
    contexte = _contexte(request, document, source)
    if request.htmx:
        en_cours = document.en_preparation and not document.bloque
        statut = 200 if en_cours else HttpResponseStopPolling.status_code  # bloqué : « Relancer » plutôt qu'attendre
        reponse = render(request, "documents/includes/_etat_contenu.html", contexte, status=statut)
        reponse["Cache-Control"] = "no-store"
        return reponse
    return render(request, "documents/etat.html", contexte)


@require_safe
def telecharger(request, uuid, nom_fichier):
    document, source = _document_visible(request, uuid)
    if not document.disponible:
        return redirect(document)
    if nom_fichier != document.nom_fichier:
        return redirect(document.url_fichier)
    public = source.peut_voir(AnonymousUser(), document.objet_id)
    etag = f'"{document.empreinte_fichier}"'
    reponse_conditionnelle = get_conditional_response(request, etag=etag)
    if reponse_conditionnelle is not None:
        return _cache(reponse_conditionnelle, public)
    try:
        fichier = document.fichier.open("rb")
    except FileNotFoundError:
        # Remplacé entre la lecture de la ligne et l'ouverture : on relit la ligne une fois.
        document.refresh_from_db()
        if not document.disponible:
            return redirect(document)
        try:
            fichier = document.fichier.open("rb")
        except FileNotFoundError:
            logger.error("Document %s : fichier publié %s introuvable", document.pk, document.fichier.name)
            raise Http404(MESSAGE_404) from None
    reponse = FileResponse(fichier, as_attachment=True, filename=document.nom_fichier, content_type="application/pdf")
    reponse["ETag"] = etag
    return _cache(reponse, public)


def _cache(reponse, public: bool):
    if public:
        patch_cache_control(reponse, public=True, max_age=60)
    else:
        patch_cache_control(reponse, private=True, no_store=True)
    return reponse


@require_POST
def demander(request):
    nom, objet_id = request.POST.get("source", ""), request.POST.get("objet_id", "")
    if not nom or not objet_id or len(objet_id) > 64:
        return HttpResponseBadRequest("Demande de document incomplète : source et objet attendus.")
    source = _source(nom)
    if not source.peut_voir(request.user, objet_id):
        raise Http404(MESSAGE_404)
    try:
        document = services.document_demander(source=nom, objet_id=objet_id, acteur=request.user)
    except registre.DocumentIntrouvable:
        raise Http404(MESSAGE_404) from None
    except PermissionDenied:
        raise PermissionDenied("Vous ne pouvez pas générer ce document.") from None
    document.refresh_from_db()
    if request.htmx:
        return render(request, "documents/includes/_etat.html", _contexte(request, document, source))
    return _retour(request, document)


@require_POST
def relancer(request, uuid):
    document, source = _document_visible(request, uuid)
    if not source.peut_demander(request.user, document.objet_id):
        raise PermissionDenied("Vous ne pouvez pas relancer la génération de ce document.")
    try:
        document = services.document_relancer(document=document, acteur=request.user)
    except registre.DocumentIntrouvable:
        raise Http404(MESSAGE_404) from None
    document.refresh_from_db()
    if request.htmx:
        return render(request, "documents/includes/_etat.html", _contexte(request, document, source))
    return _retour(request, document)
