from django.urls import include, path

from comptes import views

urlpatterns = [
    path("apres-connexion/", views.apres_connexion, name="apres_connexion"),
    # Connexion, déconnexion, réinitialisation du mot de passe : vues de Django, gabarits DSFR
    # dans templates/registration/.
    path("", include("django.contrib.auth.urls")),
]
