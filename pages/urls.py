"""Adresses des pages d'information, à la racine comme sur les sites de l'État (/accessibilite/…)."""

from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("espace-participant/", views.espace_participant, name="espace_participant"),
    path("plan-du-site/", views.plan_du_site, name="plan"),
    path("accessibilite/", views.page_information, {"slug": "accessibilite"}, name="accessibilite"),
    path("mentions-legales/", views.page_information, {"slug": "mentions-legales"}, name="mentions-legales"),
    path(
        "donnees-personnelles/", views.page_information, {"slug": "donnees-personnelles"}, name="donnees-personnelles"
    ),
]
