"""API des promesses, en lecture seule et sans compte : les promesses publiques et leurs points d'avancement.
Mêmes filtres que le tableau de bord (`promesses.filters.PromesseFilter`), mêmes données que les exports."""

import django_filters
from rest_framework import permissions, serializers, viewsets

from promesses import donnees, selectors
from promesses.filters import PromesseFilter
from promesses.models import PointAvancement, Promesse


class PromesseSerializer(serializers.ModelSerializer):
    experimentation = serializers.CharField(source="engagement.lettre.atelier.seminaire.experimentation.slug")
    persona = serializers.CharField(source="engagement.lettre.atelier.persona.slug")
    numero = serializers.IntegerField(source="engagement.numero")
    titre = serializers.CharField(source="engagement.titre")
    porteur = serializers.CharField(source="engagement.porteur")
    echeance = serializers.DateField(source="engagement.echeance")
    retenue = serializers.BooleanField(source="engagement.retenu")
    statut_libelle = serializers.CharField(source="get_statut_display")
    irritants = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Promesse
        fields = [
            "id", "experimentation", "persona", "numero", "titre", "porteur", "echeance", "retenue",
            "statut", "statut_libelle", "avancement", "derniere_mise_a_jour", "irritants", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_irritants(self, promesse) -> list[int]:
        return [i.pk for i in getattr(promesse.engagement, "irritants_publies", [])]

    def get_url(self, promesse) -> str:
        request = self.context.get("request")
        adresse = promesse.get_absolute_url()
        return request.build_absolute_uri(adresse) if request else adresse


class PointAvancementSerializer(serializers.ModelSerializer):
    promesse_id = serializers.IntegerField()
    statut_libelle = serializers.CharField(source="get_statut_display")
    auteur = serializers.CharField(source="auteur_nom")
    enregistre_le = serializers.DateTimeField(source="cree_le")

    class Meta:
        model = PointAvancement
        fields = [
            "id", "promesse_id", "date", "avancement", "statut", "statut_libelle", "commentaire", "lien_preuve",
            "auteur", "enregistre_le",
        ]  # fmt: skip
        read_only_fields = fields


class PromesseViewSet(viewsets.ReadOnlyModelViewSet):
    """Les promesses suivies (personas publiés), avec leur statut et leur avancement courants."""

    serializer_class = PromesseSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PromesseFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return donnees.avec_irritants(
            selectors.promesses_publiques().select_related("engagement__lettre__atelier__seminaire__experimentation")
        ).order_by("pk")


class PointAvancementFilter(django_filters.FilterSet):
    promesse = django_filters.NumberFilter(field_name="promesse_id", label="Identifiant de la promesse")

    class Meta:
        model = PointAvancement
        fields = ["promesse"]


class PointAvancementViewSet(viewsets.ReadOnlyModelViewSet):
    """Les points d'avancement des promesses publiques, du plus récent au plus ancien."""

    serializer_class = PointAvancementSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PointAvancementFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.points_publics()
