"""Filtres des listes du terrain (django-filter), partagés par les pages HTML, l'export CSV et l'API.

Les noms des paramètres sont un contrat : d'autres pages font des liens vers
`/terrain/observations/?commune=46042&origine=immersion`. On ne les renomme pas.

Les filtres sur une relation multiple (communes, lieux, verbatims) passent par une sous-requête
`pk__in` plutôt qu'une jointure : pas de doublons, donc ni `distinct()` ni comptes faussés.
Le terrain ne sait pas comment les observations sont codées : l'app des irritants ajoute ses
filtres (`irritant`, `non_codees`) en héritant d'`ObservationFilter`.

Les options des listes déroulantes viennent de ce que l'utilisateur peut voir (le `queryset`
reçu, déjà restreint à ses observations pour un agent) : un agent ne découvre pas par elles les
communes, entretiens ou lieux notés par d'autres.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from commun.formulaires import FormulaireDsfr
from commun.textes import normaliser
from comptes.models import User
from experimentations.models import Experimentation
from terrain.enums import Origine, SourceObservation, TypeObservation
from terrain.models import Entretien, Immersion, Observation, Public, Verbatim
from territoire.models import Commune, LieuAccueil
from territoire.selectors import CODE_INSEE, commune_par_code

RECHERCHE_MAX = 200


class OuiNonWidget(django_filters.widgets.BooleanWidget):
    """Liste « Indifférent / Oui / Non » ; accepte true/false/1/0 dans l'adresse."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Indifférent"), ("true", "Oui"), ("false", "Non")]


class DateWidget(forms.DateInput):
    """Sélecteur de date du navigateur ; la valeur circule au format ISO (2018-01-16)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CommuneParCodeField(forms.CharField):
    """Un code INSEE de commune connue ; la valeur nettoyée est la commune (actuelle de préférence)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Select)
        super().__init__(**kwargs)

    def to_python(self, value):
        code = super().to_python(value).strip().upper()
        if not code:
            return None
        if not CODE_INSEE.fullmatch(code):
            raise ValidationError(
                "Le code INSEE d'une commune compte 5 caractères (par exemple 46042 pour Cahors).", code="format"
            )
        commune = commune_par_code(code)
        if commune is None:
            raise ValidationError(
                "Aucune commune connue ne porte le code INSEE « %(code)s ».", code="inconnue", params={"code": code}
            )
        return commune

    def prepare_value(self, value):
        return value.code_insee if isinstance(value, Commune) else value


# Les types des paramètres pour le schéma OpenAPI (drf-spectacular ne les devine pas d'une méthode de filtre).
@extend_schema_field(OpenApiTypes.STR)
class CommuneFilter(django_filters.Filter):
    field_class = CommuneParCodeField


@extend_schema_field(OpenApiTypes.INT)
class IdentifiantFilter(django_filters.Filter):
    """Un identifiant numérique (pas de décimale, contrairement à NumberFilter)."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class LieuFilter(django_filters.ModelChoiceFilter):
    """Un lieu d'accueil, par son identifiant."""


def _auteurs(request):
    """Les personnes qui ont noté au moins une observation."""
    return User.objects.filter(Exists(Observation.objects.filter(auteur=OuterRef("pk")))).order_by(
        "last_name", "first_name", "username"
    )


def _lieux_observes(observations):
    """Les lieux d'accueil concernés par une de ces observations ou visités par l'immersion de l'une d'elles."""
    return (
        LieuAccueil.objects.filter(
            Exists(Observation.lieux.through.objects.filter(lieuaccueil=OuterRef("pk"), observation__in=observations))
            | Exists(observations.filter(immersion__lieu=OuterRef("pk")))
        )
        .select_related("commune")
        .order_by("nom", "pk")
    )


def _nom_personne(user) -> str:
    return user.get_full_name() or user.username


def _communes_choix(communes, selection) -> list[tuple[str, str]]:
    """Les options d'un choix de commune (valeur : code INSEE), la commune choisie comprise."""
    if isinstance(selection, Commune) and all(c.pk != selection.pk for c in communes):
        communes = [*communes, selection]
    communes = sorted(communes, key=lambda c: (normaliser(c.nom), c.code_insee))
    return [("", "Toutes")] + [(c.code_insee, f"{c.nom} ({c.code_insee})") for c in communes]


class FormulaireFiltres(FormulaireDsfr):
    """Le formulaire des filtres d'une liste, rendu par django-dsfr ; tous ses champs sont facultatifs."""

    marquer_facultatifs = False

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("date_min"), cleaned.get("date_max")
        if isinstance(debut, datetime.date) and isinstance(fin, datetime.date) and debut > fin:
            self.add_error("date_max", "La date de fin précède la date de début.")
        return cleaned


class FiltresBase(django_filters.FilterSet):
    """Expérimentation et période, communes à toutes les listes."""

    experimentation = django_filters.ModelChoiceFilter(
        label="Expérimentation",
        queryset=Experimentation.objects.order_by("-date_lancement"),
        to_field_name="slug",
        empty_label="Toutes",
    )
    date_min = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="À partir du", widget=DateWidget)
    date_max = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Jusqu’au", widget=DateWidget)

    # Les filtres montrés d'emblée ; les autres sont repliés sous « Plus de filtres » (None : tous montrés).
    principaux: tuple[str, ...] | None = None

    class Meta:
        form = FormulaireFiltres

    def _champs(self, principaux: bool) -> list:
        return [
            self.form[nom]
            for nom in self.form.fields
            if not self.form[nom].is_hidden and (self.principaux is None or nom in self.principaux) == principaux
        ]

    @property
    def champs_principaux(self) -> list:
        return self._champs(principaux=True)

    @property
    def champs_secondaires(self) -> list:
        return self._champs(principaux=False)

    @property
    def secondaires_ouverts(self) -> bool:
        """Déplier « Plus de filtres » quand l'un d'eux est rempli ou en erreur."""
        return any(champ.value() not in (None, "") or champ.errors for champ in self.champs_secondaires)

    def preparer_affichage(self):
        """Calcule les options des listes déroulantes (pages HTML seulement ; l'API n'en a pas besoin)."""

    @property
    def actifs(self) -> bool:
        """Vrai si au moins un filtre valide est appliqué."""
        if not self.is_bound or not self.form.is_valid():
            return False
        return any(v not in (None, "", [], ()) for v in self.form.cleaned_data.values())


class ObservationFilter(FiltresBase):
    q = django_filters.CharFilter(
        label="Rechercher dans les textes",
        method="filtrer_texte",
        max_length=RECHERCHE_MAX,
        help_text="Dans l'observation et ses verbatims.",
    )
    commune = CommuneFilter(label="Commune", method="filtrer_commune")
    lieu = LieuFilter(
        label="Lieu d'accueil", queryset=LieuAccueil.objects.all(), method="filtrer_lieu", empty_label="Tous"
    )
    type = django_filters.ChoiceFilter(label="Nature", choices=TypeObservation.choices, empty_label="Toutes")
    source = django_filters.ChoiceFilter(label="Source", choices=SourceObservation.choices, empty_label="Toutes")
    public = django_filters.ModelChoiceFilter(
        label="Public concerné",
        field_name="publics",
        queryset=Public.objects.all(),
        to_field_name="slug",
        empty_label="Tous",
    )
    auteur = django_filters.ModelChoiceFilter(label="Auteur", queryset=_auteurs, empty_label="Toutes et tous")
    origine = django_filters.ChoiceFilter(
        label="Origine", choices=Origine.choices, method="filtrer_origine", empty_label="Toutes"
    )
    entretien = django_filters.ModelChoiceFilter(
        label="Entretien collectif", queryset=Entretien.objects.select_related("commune"), empty_label="Tous"
    )
    immersion = django_filters.ModelChoiceFilter(
        label="Immersion", queryset=Immersion.objects.select_related("lieu"), empty_label="Toutes"
    )
    avec_verbatim = django_filters.BooleanFilter(
        label="Avec un verbatim", method="filtrer_avec_verbatim", widget=OuiNonWidget
    )

    principaux = ("q", "experimentation", "date_min", "date_max", "commune", "type")

    class Meta(FiltresBase.Meta):
        model = Observation
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        visibles = self.queryset
        tout_voir = request is None or request.user.has_perm("terrain.voir_toutes_observations")
        # Un agent ne voit que ses observations : le filtre par auteur n'a pas de sens (et listerait les autres).
        if tout_voir:
            self.filters["auteur"].field.label_from_instance = _nom_personne
        else:
            self.filters.pop("auteur")
        # Les options des listes : ce que l'utilisateur peut voir, pas plus.
        self.filters["lieu"].queryset = _lieux_observes(visibles)
        self.filters["lieu"].field.label_from_instance = lambda lieu: f"{lieu.nom} ({lieu.commune.nom})"
        if not tout_voir:
            self.filters["entretien"].queryset = Entretien.objects.filter(
                pk__in=visibles.filter(entretien__isnull=False).values("entretien_id")
            ).select_related("commune")
            self.filters["immersion"].queryset = Immersion.objects.filter(
                pk__in=visibles.filter(immersion__isnull=False).values("immersion_id")
            ).select_related("lieu")

    def preparer_affichage(self):
        selection = self.form.cleaned_data.get("commune") if self.is_bound and self.form.is_valid() else None
        liens = Observation.communes.through.objects.filter(observation__in=self.queryset)
        communes = Commune.objects.filter(pk__in=liens.values("commune_id")).only("pk", "nom", "code_insee")
        self.form.fields["commune"].widget.choices = _communes_choix(list(communes), selection)

    # Méthodes de filtre : chacune reçoit une valeur déjà validée et non vide.

    def filtrer_texte(self, queryset, name, value):
        verbatims = Verbatim.objects.filter(texte__icontains=value).values("observation_id")
        return queryset.filter(Q(texte__icontains=value) | Q(pk__in=verbatims))

    def filtrer_commune(self, queryset, name, commune):
        # Une observation notée sur une commune déléguée compte pour sa commune nouvelle.
        liens = Observation.communes.through.objects.filter(Q(commune=commune) | Q(commune__parent=commune))
        return queryset.filter(pk__in=liens.values("observation_id"))

    def filtrer_lieu(self, queryset, name, lieu):
        liens = Observation.lieux.through.objects.filter(lieuaccueil=lieu).values("observation_id")
        return queryset.filter(Q(pk__in=liens) | Q(immersion__lieu=lieu))

    def filtrer_origine(self, queryset, name, value):
        return queryset.d_origine(value)

    def filtrer_avec_verbatim(self, queryset, name, value):
        existe = Exists(Verbatim.objects.filter(observation=OuterRef("pk")))
        return queryset.filter(existe if value else ~existe)


class EntretienFilter(FiltresBase):
    commune = CommuneFilter(label="Commune", method="filtrer_commune")

    class Meta(FiltresBase.Meta):
        model = Entretien
        fields = []

    def preparer_affichage(self):
        selection = self.form.cleaned_data.get("commune") if self.is_bound and self.form.is_valid() else None
        communes = Commune.objects.filter(Exists(Entretien.objects.filter(commune=OuterRef("pk"))))
        self.form.fields["commune"].widget.choices = _communes_choix(list(communes), selection)

    def filtrer_commune(self, queryset, name, commune):
        return queryset.filter(Q(commune=commune) | Q(commune__parent=commune))


class ImmersionFilter(FiltresBase):
    commune = CommuneFilter(label="Commune", method="filtrer_commune")
    lieu = django_filters.ModelChoiceFilter(
        label="Lieu d'accueil",
        queryset=LieuAccueil.objects.filter(Exists(Immersion.objects.filter(lieu=OuterRef("pk"))))
        .select_related("commune")
        .order_by("nom", "pk"),
        empty_label="Tous",
    )

    class Meta(FiltresBase.Meta):
        model = Immersion
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["lieu"].field.label_from_instance = lambda lieu: f"{lieu.nom} ({lieu.commune.nom})"

    def preparer_affichage(self):
        selection = self.form.cleaned_data.get("commune") if self.is_bound and self.form.is_valid() else None
        communes = Commune.objects.filter(Exists(Immersion.objects.filter(lieu__commune=OuterRef("pk"))))
        self.form.fields["commune"].widget.choices = _communes_choix(list(communes), selection)

    def filtrer_commune(self, queryset, name, commune):
        return queryset.filter(Q(lieu__commune=commune) | Q(lieu__commune__parent=commune))
