from django.urls import path

from terrain.views import listes, saisie

app_name = "terrain"

urlpatterns = [
    # Saisie mobile des agents (et des facilitateurs).
    path("", saisie.accueil_terrain, name="accueil"),
    path("observations/nouvelle/", saisie.observation_nouvelle, name="observation_nouvelle"),
    path("observations/<int:pk>/", saisie.observation_detail, name="observation"),
    path("observations/<int:pk>/modifier/", saisie.observation_modifier, name="observation_modifier"),
    path("communes/", saisie.communes_recherche, name="communes_recherche"),
    # Listes, filtres et exports (facilitateurs ; un agent voit ses propres observations).
    path("observations/", listes.observations_liste, name="observations"),
    path("observations/export.csv", listes.observations_export, name="observations_export"),
    path("entretiens/", listes.entretiens_liste, name="entretiens"),
    path("entretiens/<int:pk>/", listes.entretien_detail, name="entretien"),
    path("immersions/", listes.immersions_liste, name="immersions"),
    path("immersions/<int:pk>/", listes.immersion_detail, name="immersion"),
]
