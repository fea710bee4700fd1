from django.urls import include, path

urlpatterns = [
    # Connexion, déconnexion, réinitialisation du mot de passe : vues de Django, gabarits DSFR
    # dans templates/registration/.
    path("", include("django.contrib.auth.urls")),
]
