"""Les PDF des ateliers, déclarés auprès de l'app documents (importé au démarrage par `DocumentsConfig.ready`).

- `ateliers.invitations` (objet : le séminaire) : une feuille par participant, avec son lien personnel et son QR
  code (segno, généré ici, sans service extérieur). Elle porte les jetons : réservée aux facilitateurs.
- `ateliers.lettre` (objet : la lettre d'engagement) : la lettre d'interpellation du persona puis la réponse de
  l'atelier, ses engagements numérotés. Publique, comme les lettres des personas publiés.
- `ateliers.livret` (objet : le séminaire) : le livret du séminaire, toutes les lettres d'engagement réunies.

Le contenu ne dépend que des objets, jamais de l'heure. L'adresse des QR codes part de `settings.URL_PUBLIQUE`
(variable CARTEBLANCHE_URL_PUBLIQUE en production), à défaut http://127.0.0.1:8000.
"""

import segno
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import mark_safe

from ateliers.models import Engagement, LettreEngagement, Participant, Seminaire
from documents.markdown import markdown_sur
from documents.registre import Contenu, source
from personas import documents as personas_documents
from personas.models import LettreInterpellation

SOURCE_INVITATIONS = "ateliers.invitations"
SOURCE_LETTRE = "ateliers.lettre"
SOURCE_LIVRET = "ateliers.livret"
PIED = ["Document produit par la plateforme Carte Blanche."]


def _identifiant(objet_id) -> int:
    if not str(objet_id).isdigit():
        raise ObjectDoesNotExist(objet_id)
    return int(objet_id)


def url_publique(chemin: str) -> str:
    return settings.URL_PUBLIQUE + chemin


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


def lettre_engagement_visible(user, objet_id) -> bool:
    """La lettre d'engagement d'un séminaire publié se voit de tous ; sinon, des facilitateurs seulement."""
    if not str(objet_id).isdigit():
        return False
    publie = LettreEngagement.objects.filter(pk=int(objet_id), atelier__seminaire__publie=True).exists()
    return publie or user.has_perm("ateliers.gerer")


def fiche(lettre: LettreEngagement) -> dict:
    """Ce qu'il faut pour imprimer une lettre d'engagement précédée de la lettre du persona."""
    atelier = lettre.atelier
    persona = atelier.persona
    interpellation = LettreInterpellation.objects.filter(persona=persona).select_related("persona__commune").first()
    engagements = list(
        Engagement.objects.actifs()
        .filter(lettre=lettre)
        .select_related("porteur_structure")
        .prefetch_related("irritants")
        .order_by("numero", "pk")
    )
    return {
        "atelier": atelier,
        "lettre_engagement": lettre,
        "introduction": markdown_sur(lettre.introduction),
        "engagements": engagements,
        **(
            personas_documents.lettre_contexte(interpellation)
            if interpellation and persona.est_publie
            else {"lettre": None}
        ),
        "persona": persona,
    }


@source(SOURCE_LETTRE, voir=lettre_engagement_visible, demander=lettre_engagement_visible)
def lettre_pdf(objet_id: str) -> Contenu:
    lettre = LettreEngagement.objects.select_related(
        "atelier__seminaire__experimentation", "atelier__persona__commune"
    ).get(pk=_identifiant(objet_id))
    seminaire = lettre.atelier.seminaire
    persona = lettre.atelier.persona
    return Contenu(
        titre=f"Lettre d'engagement à {persona.prenom}",
        nom_fichier=f"engagements-{persona.slug}.pdf",
        gabarit="ateliers/pdf/lettre.html",
        contexte={"seminaire": seminaire, "entete": entete(seminaire), "fiche": fiche(lettre)},
    )


def _seminaire_visible(user, objet_id) -> bool:
    if not str(objet_id).isdigit():
        return False
    return Seminaire.objects.filter(pk=int(objet_id), publie=True).exists() or user.has_perm("ateliers.gerer")


@source(SOURCE_LIVRET, voir=_seminaire_visible, demander=_seminaire_visible)
def livret_pdf(objet_id: str) -> Contenu:
    seminaire = Seminaire.objects.select_related("experimentation").get(pk=_identifiant(objet_id))
    lettres = (
        LettreEngagement.objects.filter(atelier__seminaire=seminaire)
        .select_related("atelier__persona__commune")
        .order_by("atelier__ordre", "atelier_id")
    )
    return Contenu(
        titre=f"Livret du séminaire — {seminaire.titre}",
        nom_fichier=f"livret-{seminaire.slug}.pdf",
        gabarit="ateliers/pdf/livret.html",
        contexte={
            "seminaire": seminaire,
            "entete": entete(seminaire),
            "fiches": [fiche(lettre) for lettre in lettres],
            "retenus": list(
                Engagement.objects.retenus()
                .filter(lettre__atelier__seminaire=seminaire)
                .select_related("lettre__atelier__persona", "porteur_structure")
            ),
        },
    )
