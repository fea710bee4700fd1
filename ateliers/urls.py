"""Adresses du séminaire, des ateliers, de la co-construction et du laboratoire (contrat public, à garder stable).

Monté à la racine par `carteblanche/urls.py` : `/seminaire/…`, `/equipes/…`, `/laboratoire/…`.
"""

from django.urls import path

from ateliers.views import gestion, seminaire

app_name = "ateliers"

urlpatterns = [
    path("seminaire/", seminaire.seminaire_courant, name="seminaire_courant"),
    path("seminaire/invitation/<str:jeton>/", seminaire.invitation, name="invitation"),
    path("seminaire/invitation/<str:jeton>/places/", seminaire.invitation_places, name="invitation_places"),
    path("seminaire/<slug:slug>/", seminaire.seminaire, name="seminaire"),
    path("seminaire/<slug:slug>/places/", seminaire.places_publiques, name="places"),
    path("seminaire/<slug:slug>/ecran/<str:jeton>/", seminaire.ecran, name="ecran"),
    path("seminaire/<slug:slug>/participants/", gestion.participants, name="participants"),
    path("seminaire/<slug:slug>/participants/importer/", gestion.participants_importer, name="participants_importer"),
    path("seminaire/<slug:slug>/participants/<int:pk>/", gestion.participant_action, name="participant_action"),
    path("seminaire/<slug:slug>/participants/courriels/", gestion.courriels_effacer, name="courriels_effacer"),
    path("seminaire/<slug:slug>/invitations.pdf", gestion.invitations_pdf, name="invitations_pdf"),
]
