"""Adresses des promesses (contrat public : /promesses/, /promesses/<id>/, /promesses/export.csv,
/promesses/export.json, /promesses/flux/) ; « Mes promesses » du porteur connecté : /promesses/mes-promesses/."""

from django.urls import path

from commun.cache import page_publique
from promesses.views import flux, gestion, publiques

app_name = "promesses"

urlpatterns = [
    path("", publiques.tableau, name="tableau"),
    path("export.csv", publiques.export_csv, name="export_csv"),
    path("export-points.csv", publiques.export_points_csv, name="export_points_csv"),
    path("export.json", publiques.export_json, name="export_json"),
    path("donnees/", publiques.documentation, name="donnees"),
    path("flux/", page_publique("promesses")(flux.FluxExperimentation()), name="flux"),
    path("flux/<slug:slug>/", page_publique("promesses")(flux.FluxExperimentation()), name="flux_experimentation"),
    path("import/", gestion.importer, name="importer"),
    path("mes-promesses/", gestion.mes_promesses, name="mes_promesses"),
    path("lien/<str:jeton>/", gestion.lien, name="lien"),
    path("<int:pk>/", publiques.detail, name="detail"),
    path("<int:pk>/flux/", page_publique("promesses")(flux.FluxPromesse()), name="flux_promesse"),
    path("<int:pk>/mettre-a-jour/", gestion.mettre_a_jour, name="mettre_a_jour"),
]
