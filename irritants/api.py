"""API des irritants : les irritants publiés en lecture seule, et le codage des observations.

Irritants, pour tout le monde, y compris sans compte : les irritants publiés (jamais un brouillon) avec
titre, description, thème, gravité, décomptes et verbatims publiables. Jamais le texte d'une
observation : les facilitateurs le lisent par `/api/observations/?irritant=<id>`, où les droits par
objet s'appliquent. Ce point d'accès des observations est celui du terrain, étendu ici de la liste des
irritants de chaque observation et des filtres `irritant` et `non_codees`.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import permissions, serializers, viewsets

from irritants.filters import ObservationCodageFilter
from irritants.models import Irritant, Theme
from irritants.selectors import irritants_annotes
from terrain.api import ObservationSerializer, ObservationViewSet
from terrain.models import Observation, Verbatim


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "nom"]


class VerbatimPublicSerializer(serializers.ModelSerializer):
    profil = serializers.CharField(
        source="profil_public",
        read_only=True,
        help_text=(
            "Tranche d'âge, situation, commune ; jamais de nom. Une commune de moins de 1 000 habitants est "
            "remplacée par son intercommunalité."
        ),
    )

    class Meta:
        model = Verbatim
        fields = ["texte", "profil"]


class IrritantSerializer(serializers.ModelSerializer):
    experimentation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = ThemeSerializer(read_only=True)
    gravite_libelle = serializers.CharField(source="get_gravite_display", read_only=True)
    nb_observations = serializers.IntegerField(read_only=True)
    nb_entretiens = serializers.IntegerField(read_only=True)
    nb_immersions = serializers.IntegerField(read_only=True)
    nb_verbatims_publiables = serializers.IntegerField(read_only=True)
    verbatims_publiables = serializers.SerializerMethodField()

    class Meta:
        model = Irritant
        fields = [
            "id",
            "experimentation",
            "titre",
            "description",
            "theme",
            "gravite",
            "gravite_libelle",
            "nb_observations",
            "nb_entretiens",
            "nb_immersions",
            "nb_verbatims_publiables",
            "verbatims_publiables",
        ]

    @extend_schema_field(VerbatimPublicSerializer(many=True))
    def get_verbatims_publiables(self, irritant):
        verbatims = [v for observation in irritant.observations.all() for v in observation.verbatims.all()]
        return VerbatimPublicSerializer(sorted(verbatims, key=lambda v: v.pk), many=True).data


class IrritantFilter(django_filters.FilterSet):
    experimentation = django_filters.CharFilter(field_name="experimentation__slug", label="Expérimentation (slug)")
    theme = django_filters.CharFilter(field_name="theme__slug", label="Thème (slug)")

    class Meta:
        model = Irritant
        fields = ["gravite"]


class IrritantViewSet(viewsets.ReadOnlyModelViewSet):
    """Irritants publiés (ni brouillons, ni retirés, ni fusionnés). Filtrer par `experimentation` (slug), `theme`
    (slug), `gravite`."""

    serializer_class = IrritantSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = IrritantFilter

    def get_queryset(self):
        verbatims = (
            Verbatim.objects.publiables()
            .select_related("commune__epci", "commune__parent__epci")
            .defer("commune__geometrie", "commune__parent__geometrie")
        )
        observations = (
            Observation.objects.order_by().only("pk").prefetch_related(Prefetch("verbatims", queryset=verbatims))
        )
        return (
            irritants_annotes(Irritant.objects.publies())
            .select_related("experimentation")
            .prefetch_related(Prefetch("observations", queryset=observations))
            .order_by("theme__ordre", "-gravite", "titre", "pk")
        )


class ObservationCodeeSerializer(ObservationSerializer):
    irritants = serializers.SerializerMethodField()

    class Meta(ObservationSerializer.Meta):
        fields = [*ObservationSerializer.Meta.fields, "irritants"]

    @extend_schema_field(
        inline_serializer(
            "IrritantResume", fields={"id": serializers.IntegerField(), "titre": serializers.CharField()}, many=True
        )
    )
    def get_irritants(self, observation):
        return [{"id": irritant.pk, "titre": irritant.titre} for irritant in observation.irritants.all()]


class ObservationCodeeViewSet(ObservationViewSet):
    __doc__ = ObservationViewSet.__doc__
    serializer_class = ObservationCodeeSerializer
    filterset_class = ObservationCodageFilter

    def preparer(self, queryset):
        irritants = Irritant.objects.only("pk", "titre").order_by("titre")
        return super().preparer(queryset).prefetch_related(Prefetch("irritants", queryset=irritants))
