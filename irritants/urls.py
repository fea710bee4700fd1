from django.urls import path

from irritants.views import codage, publiques

app_name = "irritants"

urlpatterns = [
    path("", publiques.synthese, name="synthese"),
    path("<int:pk>/", publiques.irritant_detail, name="detail"),
    path("<int:pk>/publication/", codage.publication, name="publication"),
    path("codage/", codage.codage, name="codage"),
    path("codage/observations/<int:pk>/", codage.codage_observation, name="codage_observation"),
    path("fusion/", codage.fusion, name="fusion"),
    path("journal/", codage.journal, name="journal"),
]
