from django.urls import include, path

from comptes import views

urlpatterns = [
    path("apres-connexion/", views.apres_connexion, name="apres_connexion"),
    # Demande de réinitialisation limitée par adresse et par poste (avant les vues de Django, même nom).
    path("password_reset/", views.ReinitialisationLimitee.as_view(), name="password_reset"),
    # Connexion, déconnexion, réinitialisation du mot de passe : vues de Django, gabarits DSFR
    # dans templates/registration/ ; la connexion est limitée par django-axes (réglages AXES_*).
    path("", include("django.contrib.auth.urls")),
]
