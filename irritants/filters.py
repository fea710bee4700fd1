"""Les filtres de la liste des observations, avec ceux du codage (l'app des irritants les ajoute au terrain)."""

import django_filters
from django.db.models import Exists, OuterRef

from irritants.models import Preuve
from terrain.filters import IdentifiantFilter, ObservationFilter, OuiNonWidget


class ObservationCodageFilter(ObservationFilter):
    """`ObservationFilter` + « rattachée à l'irritant n° » et « pas encore codée ».

    Mêmes noms de paramètres partout : la liste des observations, son export, l'API et la file de codage
    (`/irritants/codage/?commune=46042&type=besoin`) lisent ce même jeu de filtres.
    """

    irritant = IdentifiantFilter(label="Irritant (numéro)", method="filtrer_irritant", min_value=1)
    non_codees = django_filters.BooleanFilter(
        label="Pas encore rattachée à un irritant", method="filtrer_non_codees", widget=OuiNonWidget
    )

    class Meta(ObservationFilter.Meta):
        pass

    def filtrer_irritant(self, queryset, name, value):
        return queryset.filter(pk__in=Preuve.objects.filter(irritant_id=value).values("observation_id"))

    def filtrer_non_codees(self, queryset, name, value):
        codee = Exists(Preuve.objects.filter(observation=OuterRef("pk")))
        return queryset.exclude(codee) if value else queryset.filter(codee)
