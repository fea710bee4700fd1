"""Adresses des documents (contrat public : /documents/<uuid>/<nom>.pdf est l'adresse stable d'un PDF)."""

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("demander/", views.demander, name="demander"),
    path("<uuid:uuid>/", views.etat, name="etat"),
    path("<uuid:uuid>/relancer/", views.relancer, name="relancer"),
    path("<uuid:uuid>/<str:nom_fichier>", views.telecharger, name="telecharger"),
]
