"""Les PDF des ateliers, déclarés auprès de l'app documents (importé au démarrage par `DocumentsConfig.ready`).

- `ateliers.invitations` (objet : le séminaire) : une feuille par participant, avec son lien personnel et son QR
  code (segno, généré ici, sans service extérieur). Elle porte les jetons : réservée aux facilitateurs.
- `ateliers.lettre` (objet : la lettre d'engagement) : la lettre d'interpellation du persona puis la réponse de
  l'atelier, ses engagements numérotés. Publique, comme les lettres des personas publiés.
- `ateliers.livret` (objet : le séminaire) : le livret du séminaire, toutes les lettres d'engagement réunies.

Le contenu ne dépend que des objets, jamais de l'heure. L'adresse des QR codes part de `settings.URL_PUBLIQUE`
(l'adresse du site en production), à défaut http://localhost:8000.
"""

import segno
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import mark_safe

from ateliers.models import Participant, Seminaire
from documents.registre import Contenu, source

SOURCE_INVITATIONS = "ateliers.invitations"
SOURCE_LETTRE = "ateliers.lettre"
SOURCE_LIVRET = "ateliers.livret"
PIED = ["Document produit par la plateforme Carte Blanche."]


def _identifiant(objet_id) -> int:
    if not str(objet_id).isdigit():
        raise ObjectDoesNotExist(objet_id)
    return int(objet_id)


def url_publique(chemin: str) -> str:
    base = getattr(settings, "URL_PUBLIQUE", "") or "http://localhost:8000"
    return base.rstrip("/") + chemin


def qr_svg(url: str, *, echelle: int = 4):
    """Le QR code de `url` en SVG (segno) ; sûr : segno n'écrit que des chemins, l'adresse n'y figure pas en texte."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=echelle, omitsize=False))  # noqa: S308


def entete(seminaire: Seminaire) -> dict:
    experimentation = seminaire.experimentation
    return {
        "emetteur": experimentation.commanditaire,
        "service": "Expérimentation Carte Blanche",
        "experimentation": experimentation.nom,
        "adresse": PIED,
    }


@source(SOURCE_INVITATIONS, voir="ateliers.gerer")
def invitations_pdf(objet_id: str) -> Contenu:
    seminaire = Seminaire.objects.select_related("experimentation").get(pk=_identifiant(objet_id))
    participants = Participant.objects.filter(seminaire=seminaire, jeton_revoque_le__isnull=True).select_related(
        "structure"
    )
    feuilles = []
    for participant in participants.order_by("nom", "pk"):
        url = url_publique(participant.get_invitation_url())
        feuilles.append({"participant": participant, "url": url, "qr": qr_svg(url)})
    return Contenu(
        titre=f"Invitations — {seminaire.titre}",
        nom_fichier=f"invitations-{seminaire.slug}.pdf",
        gabarit="ateliers/pdf/invitations.html",
        contexte={"seminaire": seminaire, "entete": entete(seminaire), "feuilles": feuilles},
    )
