"""Adresses du séminaire, des ateliers, de la co-construction et du laboratoire (contrat public, à garder stable).

Monté à la racine par `carteblanche/urls.py` : `/seminaire/…`, `/equipes/…`, `/laboratoire/…`.
"""

from django.urls import path

from ateliers.views import coconstruction, engagements, gestion, seminaire

app_name = "ateliers"

urlpatterns = [
    path("seminaire/", seminaire.seminaire_courant, name="seminaire_courant"),
    path("seminaire/invitation/<str:jeton>/", seminaire.invitation, name="invitation"),
    path("seminaire/invitation/<str:jeton>/places/", seminaire.invitation_places, name="invitation_places"),
    path("seminaire/invitation/<str:jeton>/vote/", engagements.vote, name="vote"),
    path("seminaire/<slug:slug>/", seminaire.seminaire, name="seminaire"),
    path("seminaire/<slug:slug>/places/", seminaire.places_publiques, name="places"),
    path("seminaire/<slug:slug>/ecran/<str:jeton>/", seminaire.ecran, name="ecran"),
    path("seminaire/<slug:slug>/participants/", gestion.participants, name="participants"),
    path("seminaire/<slug:slug>/participants/importer/", gestion.participants_importer, name="participants_importer"),
    path("seminaire/<slug:slug>/participants/<int:pk>/", gestion.participant_action, name="participant_action"),
    path("seminaire/<slug:slug>/ouverture/", gestion.ouverture, name="ouverture"),
    path("seminaire/<slug:slug>/participants/courriels/", gestion.courriels_effacer, name="courriels_effacer"),
    path("seminaire/<slug:slug>/invitations.pdf", gestion.invitations_pdf, name="invitations_pdf"),
    path("seminaire/<slug:slug>/livret.pdf", engagements.livret_pdf, name="livret_pdf"),
    path("seminaire/<slug:slug>/resultats/", engagements.resultats, name="resultats"),
    path("seminaire/<slug:slug>/ateliers/<int:pk>/", engagements.atelier, name="atelier"),
    path("seminaire/<slug:slug>/ateliers/<int:pk>/lettre/", engagements.lettre_modifier, name="lettre_modifier"),
    path("seminaire/<slug:slug>/ateliers/<int:pk>/lettre.pdf", engagements.lettre_pdf, name="lettre_pdf"),
    path(
        "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/versions/", engagements.lettre_versions, name="lettre_versions"
    ),
    path(
        "seminaire/<slug:slug>/ateliers/<int:pk>/lettre/versions/<int:numero>/restaurer/",
        engagements.lettre_restaurer,
        name="lettre_restaurer",
    ),
    path(
        "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/nouveau/",
        engagements.engagement_enregistrer,
        name="engagement_ajouter",
    ),
    path(
        "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/<int:engagement_pk>/",
        engagements.engagement_enregistrer,
        name="engagement_modifier",
    ),
    path(
        "seminaire/<slug:slug>/ateliers/<int:pk>/engagements/<int:engagement_pk>/retirer/",
        engagements.engagement_retirer,
        name="engagement_retirer",
    ),
    path("equipes/", coconstruction.equipes, name="equipes"),
    path("equipes/<slug:slug>/", coconstruction.equipe, name="equipe"),
    path("equipes/<slug:slug>/membres/", coconstruction.membre_ajouter, name="membre_ajouter"),
    path("equipes/<slug:slug>/membres/<int:pk>/retirer/", coconstruction.membre_retirer, name="membre_retirer"),
    path("equipes/<slug:slug>/cycles/", coconstruction.cycle_ajouter, name="cycle_ajouter"),
    path("equipes/<slug:slug>/cycles/<int:numero>/", coconstruction.cycle, name="cycle"),
    path("co-construction/publier/<str:quoi>/<int:pk>/", coconstruction.publier, name="publier"),
    path("laboratoire/", coconstruction.laboratoire, name="laboratoire"),
    path("laboratoire/nouvelle/", coconstruction.session_nouvelle, name="session_nouvelle"),
    path("laboratoire/<int:pk>/", coconstruction.session, name="session"),
    path("laboratoire/<int:pk>/modifier/", coconstruction.session_modifier, name="session_modifier"),
    path("laboratoire/<int:pk>/calendrier.ics", coconstruction.session_ics, name="session_ics"),
    path("laboratoire/inscription/<str:jeton>/", coconstruction.inscription, name="inscription"),
]
