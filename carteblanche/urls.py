"""URL publiques : elles sont un contrat (des gens y font des liens), on les garde stables."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from carteblanche.api import router
from carteblanche.views import sante
from commun.cache import page_publique

admin.site.site_header = "Carte Blanche — administration"
admin.site.site_title = "Carte Blanche"
admin.site.index_title = "Gestion de la plateforme"

# Les listes et fiches publiques de l'API, gardées en cache pour les visiteurs anonymes (commun.cache).
SUJETS_API = {
    "commune": ("territoire",),
    "epci": ("territoire",),
    "lieu-accueil": ("territoire",),
    "irritant": ("irritants", "terrain", "territoire", "experimentations"),
}


def api_publique(motifs):
    for motif in motifs:
        base, _, _action = (motif.name or "").rpartition("-")
        if base in SUJETS_API:
            motif.callback = page_publique(*SUJETS_API[base])(motif.callback)
    return motifs


urlpatterns = [
    path("", include("experimentations.urls")),
    path("territoire/", include("territoire.urls")),
    # La liste des observations et leur codage : l'app des irritants étend celle du terrain (adresse stable).
    path("terrain/observations/", include("irritants.urls_observations")),
    path("terrain/", include("terrain.urls")),
    path("irritants/", include("irritants.urls")),
    path("personas/", include("personas.urls")),
    path("", include("ateliers.urls")),
    path("promesses/", include("promesses.urls")),
    path("comptes/", include("comptes.urls")),
    path("documents/", include("documents.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(api_publique(router.urls))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("sante/", sante, name="sante"),
    path("", include("pages.urls")),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Sous /api/, les erreurs 400 et 404 répondent en JSON (le schéma OpenAPI le promet) ; ailleurs, pages DSFR.
handler400 = "carteblanche.views.requete_invalide"
handler404 = "carteblanche.views.page_introuvable"
