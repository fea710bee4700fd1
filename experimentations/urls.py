from django.urls import path

from experimentations import views

urlpatterns = [
    path("", views.accueil, name="accueil"),
]
