from django.urls import path

from terrain.views import listes, saisie

app_name = "terrain"

urlpatterns = [
    # Saisie mobile des agents (et des facilitateurs).
    path("", saisie.accueil_terrain, name="accueil"),
    path("observations/nouvelle/", saisie.observation_nouvelle, name="observation_nouvelle"),
    path("observations/<int:pk>/", saisie.observation_detail, name="observation"),
    path("observations/<int:pk>/modifier/", saisie.observation_modifier, name="observation_modifier"),
    path("observations/<int:pk>/retrait/", saisie.observation_retrait, name="observation_retrait"),
    path("communes/", saisie.communes_recherche, name="communes_recherche"),
    # Hors ligne : le service worker de l'espace terrain et la page montrée sans réseau.
    path("sw.js", saisie.service_worker, name="service_worker"),
    path("hors-ligne/", saisie.hors_ligne, name="hors_ligne"),
    # Listes des facilitateurs. La liste des observations (et son export) est servie à `observations/`
    # par l'app des irritants, qui y ajoute le codage : voir carteblanche/urls.py.
    path("entretiens/", listes.entretiens_liste, name="entretiens"),
    path("entretiens/<int:pk>/", listes.entretien_detail, name="entretien"),
    path("immersions/", listes.immersions_liste, name="immersions"),
    path("immersions/<int:pk>/", listes.immersion_detail, name="immersion"),
]
