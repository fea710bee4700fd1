from django.urls import path

from commun.cache import page_publique
from territoire import views

app_name = "territoire"

# Pages publiques gardées en cache, recalculées après une écriture du territoire (commun.cache).
publique = page_publique("territoire")

urlpatterns = [
    path("", publique(views.territoire_index), name="index"),
    path("communes/<str:code_insee>/", publique(views.commune_detail), name="commune"),
]
