from django.urls import path

from territoire import views

app_name = "territoire"

urlpatterns = [
    path("", views.territoire_index, name="index"),
    path("communes/<str:code_insee>/", views.commune_detail, name="commune"),
]
