from rest_framework import serializers, viewsets

from territoire.models import Commune, Epci, LieuAccueil


class EpciSerializer(serializers.ModelSerializer):
    class Meta:
        model = Epci
        fields = ["siren", "nom", "type"]


class CommuneSerializer(serializers.ModelSerializer):
    epci = serializers.SlugRelatedField(slug_field="siren", read_only=True)
    commune_actuelle = serializers.SerializerMethodField()

    class Meta:
        model = Commune
        fields = [
            "code_insee",
            "type",
            "nom",
            "commune_actuelle",
            "departement",
            "population",
            "codes_postaux",
            "epci",
            "centroide_latitude",
            "centroide_longitude",
            "mairie_adresse",
            "mairie_horaires",
            "mairie_telephone",
        ]

    def get_commune_actuelle(self, obj) -> str:
        return obj.parent.code_insee if obj.parent_id else obj.code_insee


class LieuAccueilSerializer(serializers.ModelSerializer):
    commune = serializers.SlugRelatedField(slug_field="code_insee", read_only=True)

    class Meta:
        model = LieuAccueil
        fields = [
            "id",
            "type",
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "latitude",
            "longitude",
            "horaires",
            "canaux",
        ]


class EpciViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Epci.objects.order_by("nom")
    serializer_class = EpciSerializer
    lookup_field = "siren"
    filterset_fields = ["type"]


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Communes importées (actuelles et déléguées). Filtrer par `type`, `departement`, `epci__siren`."""

    queryset = Commune.objects.select_related("epci", "parent").order_by("code_insee", "type")
    serializer_class = CommuneSerializer
    filterset_fields = ["type", "departement", "epci__siren", "appartenances__territoire__slug"]


class LieuAccueilViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LieuAccueil.objects.select_related("commune").order_by("commune__nom", "nom")
    serializer_class = LieuAccueilSerializer
    filterset_fields = ["type", "commune__code_insee"]
