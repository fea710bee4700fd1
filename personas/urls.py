"""Adresses des personas (contrat public : /personas/, /personas/<slug>/, /personas/<slug>/lettre/)."""

from django.urls import path

from commun.cache import page_publique
from personas.views import gestion, publiques

app_name = "personas"

# Pages publiques gardées en cache, recalculées après une écriture de ce qu'elles lisent (commun.cache).
publique = page_publique("personas", "irritants", "terrain", "territoire", "experimentations")

urlpatterns = [
    path("", publique(publiques.liste), name="liste"),
    path("nouveau/", gestion.creer, name="creer"),
    path("dossier.pdf", publiques.dossier, name="dossier"),
    path("<slug:slug>/", publique(publiques.detail), name="detail"),
    path("<slug:slug>/modifier/", gestion.modifier, name="modifier"),
    path("<slug:slug>/publication/", gestion.publication, name="publication"),
    path("<slug:slug>/lettre/", publiques.lettre, name="lettre"),
    path("<slug:slug>/lettre/imprimer/", publiques.lettre_imprimer, name="lettre_imprimer"),
    path("<slug:slug>/lettre/modifier/", gestion.lettre_modifier, name="lettre_modifier"),
    path("<slug:slug>/lettre/versions/", gestion.lettre_versions, name="lettre_versions"),
    path("<slug:slug>/lettre/versions/<int:numero>/restaurer/", gestion.lettre_restaurer, name="lettre_restaurer"),
]
