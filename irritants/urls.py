from django.urls import path

from commun.cache import page_publique
from irritants.views import codage, publiques

app_name = "irritants"

# Pages publiques gardées en cache, recalculées après une écriture de ce qu'elles lisent (commun.cache).
publique = page_publique("irritants", "terrain", "territoire", "experimentations")

urlpatterns = [
    path("", publique(publiques.synthese), name="synthese"),
    path("<int:pk>/", publique(publiques.irritant_detail), name="detail"),
    path("<int:pk>/publication/", codage.publication, name="publication"),
    path("codage/", codage.codage, name="codage"),
    path("codage/observations/<int:pk>/", codage.codage_observation, name="codage_observation"),
    path("fusion/", codage.fusion, name="fusion"),
    path("journal/", codage.journal, name="journal"),
]
