from django.urls import path

from commun.cache import page_publique
from experimentations import views

# La page d'accueil montre l'expérimentation, son territoire et mène au diagnostic (commun.cache).
SUJETS = ("experimentations", "territoire", "terrain", "irritants", "personas")

urlpatterns = [
    path("", page_publique(*SUJETS)(views.accueil), name="accueil"),
]
