"""API des observations : un agent crée, lit et modifie les siennes ; un facilitateur lit et modifie toutes.

Les écritures passent par `terrain.services` (mêmes règles et mêmes messages que la saisie en
ligne) : une erreur de validation du service devient une réponse 400 avec ses messages en
français (`commun.api.gestionnaire_exceptions`), et rien n'est enregistré. L'observation d'un autre
agent répond 404, comme si elle n'existait pas. Les filtres sont ceux de la liste des observations
(`terrain.filters`) ; l'app des irritants étend ce point d'accès avec le codage (`irritants/api.py`).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from commun.permissions import refus
from experimentations.models import Experimentation
from terrain import selectors, services
from terrain.enums import StatutPublication, TrancheAge
from terrain.filters import ObservationFilter
from terrain.models import TEXTE_MAX, VERBATIM_MAX, Entretien, Immersion, Observation, Public, Verbatim
from territoire.models import Commune, LieuAccueil
from territoire.selectors import CODE_INSEE, commune_par_code


@extend_schema_field(OpenApiTypes.STR)
class CommuneParCodeField(serializers.RelatedField):
    """Une commune désignée par son code INSEE (la commune actuelle quand une déléguée partage le code)."""

    default_error_messages = {
        "format": "« {code} » n'est pas un code INSEE : 5 caractères, par exemple 46042 pour Cahors.",
        "inconnue": "Aucune commune connue ne porte le code INSEE « {code} ».",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Commune.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, commune):
        return commune.code_insee

    def to_internal_value(self, data):
        code = str(data).strip().upper()
        if not CODE_INSEE.fullmatch(code):
            self.fail("format", code=code)
        commune = commune_par_code(code)
        if commune is None:
            self.fail("inconnue", code=code)
        return commune


class VerbatimLectureSerializer(serializers.ModelSerializer):
    commune = CommuneParCodeField(
        read_only=True, allow_null=True, help_text="Code INSEE, ou null si la commune n'est pas connue."
    )
    profil = serializers.CharField(read_only=True)

    class Meta:
        model = Verbatim
        fields = ["id", "texte", "tranche_age", "situation", "commune", "profil", "statut"]


class VerbatimEcritureSerializer(serializers.Serializer):
    """Les mots d'un usager ; la longueur est vérifiée par le service (message détaillé)."""

    texte = serializers.CharField(help_text=f"{VERBATIM_MAX} caractères au plus. Jamais de nom.")
    tranche_age = serializers.ChoiceField(choices=TrancheAge.choices, required=False)
    situation = serializers.CharField(required=False, allow_blank=True, help_text="Ex. « retraitée, vit seule ».")
    commune = CommuneParCodeField(required=False, allow_null=True)
    statut = serializers.ChoiceField(choices=StatutPublication.choices, required=False)


class ObservationSerializer(serializers.ModelSerializer):
    experimentation = serializers.SlugRelatedField(slug_field="slug", queryset=Experimentation.objects.all())
    texte = serializers.CharField(help_text=f"{TEXTE_MAX} caractères au plus.")
    communes = CommuneParCodeField(many=True, required=False, help_text="Codes INSEE des communes concernées.")
    lieux = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=LieuAccueil.objects.all())
    publics = serializers.SlugRelatedField(slug_field="slug", many=True, required=False, queryset=Public.objects.all())
    entretien = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Entretien.objects.all())
    immersion = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Immersion.objects.all())
    uuid_client = serializers.UUIDField(
        required=False,
        help_text="Identifiant choisi par le client : renvoyer la même observation avec le même identifiant "
        "ne la crée qu'une fois (réponse 200 au lieu de 201).",
    )
    auteur_nom = serializers.SerializerMethodField()
    verbatims = VerbatimLectureSerializer(many=True, read_only=True)
    verbatim = VerbatimEcritureSerializer(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="À l'écriture : le verbatim de l'observation (en modification, null le supprime).",
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "experimentation",
            "date",
            "texte",
            "type",
            "source",
            "communes",
            "lieux",
            "publics",
            "entretien",
            "immersion",
            "origine",
            "auteur",
            "auteur_nom",
            "uuid_client",
            "verbatims",
            "verbatim",
            "cree_le",
            "modifie_le",
        ]
        read_only_fields = ["auteur", "origine", "cree_le", "modifie_le"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Un agent ne désigne que les entretiens et immersions auxquels il a pris part : un autre numéro répond
        # comme un numéro inexistant (« objet introuvable »), sans dire qu'il existe (pas d'énumération).
        request = self.context.get("request")
        if request is not None and not getattr(self, "swagger_fake_view", False):
            self.fields["entretien"].queryset = selectors.entretiens_rattachables(request.user)
            self.fields["immersion"].queryset = selectors.immersions_rattachables(request.user)

    def get_auteur_nom(self, observation) -> str:
        auteur = observation.auteur
        return (auteur.get_full_name() or auteur.username) if auteur else ""


class PeutSaisirObservations(permissions.BasePermission):
    """Agents et facilitateurs ; par objet, les règles `terrain.voir_observation` et `terrain.modifier_observation`."""

    message = refus("terrain.saisir_observation")

    def has_permission(self, request, view):
        return request.user.has_perm("terrain.saisir_observation")

    def has_object_permission(self, request, view, observation):
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("terrain.voir_observation", observation)
        return request.user.has_perm("terrain.modifier_observation", observation)


@extend_schema_view(
    list=extend_schema(summary="Observations visibles (toutes pour un facilitateur, les siennes pour un agent)"),
    retrieve=extend_schema(summary="Une observation (404 si elle appartient à un autre agent)"),
    create=extend_schema(
        summary="Noter une observation",
        responses={201: ObservationSerializer, 200: ObservationSerializer},
    ),
    update=extend_schema(summary="Modifier une observation"),
    partial_update=extend_schema(summary="Modifier une partie d'une observation"),
)
class ObservationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ObservationSerializer
    permission_classes = [permissions.IsAuthenticated, PeutSaisirObservations]
    filterset_class = ObservationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # génération du schéma : pas d'utilisateur
            return Observation.objects.none()
        return self.preparer(selectors.observations_visibles(self.request.user))

    def preparer(self, queryset):
        """Ce que le sérialiseur lit, préchargé ; les apps qui étendent ce point d'accès y ajoutent le leur."""
        return selectors.observations_pour_api(queryset)

    def _relire(self, observation: Observation) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=observation.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        observation, creee = services.observation_creer(auteur=request.user, **serializer.validated_data)
        return Response(self._relire(observation), status=status.HTTP_201_CREATED if creee else status.HTTP_200_OK)

    def update(self, request, *args, **kwargs):
        observation = self.get_object()
        serializer = self.get_serializer(observation, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        champs = dict(serializer.validated_data)
        champs.pop("uuid_client", None)  # fixé à la création
        services.observation_modifier(acteur=request.user, observation=observation, **champs)
        return Response(self._relire(observation))
