from django.urls import path

from irritants import views

app_name = "irritants"

urlpatterns = [
    path("", views.synthese, name="synthese"),
    path("<int:pk>/", views.irritant_detail, name="detail"),
    path("codage/", views.codage, name="codage"),
    path("codage/observations/<int:pk>/", views.codage_observation, name="codage_observation"),
    path("fusion/", views.fusion, name="fusion"),
    path("journal/", views.journal, name="journal"),
]
