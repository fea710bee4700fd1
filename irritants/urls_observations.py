"""La liste des observations et son export, montés à `/terrain/observations/` (adresses stables)."""

from django.urls import path

from irritants.views import observations

app_name = "observations"

urlpatterns = [
    path("", observations.liste, name="liste"),
    path("export.csv", observations.export, name="export"),
]
