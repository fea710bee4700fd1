"""Filtres du tableau de bord, de l'export et de l'API des promesses (django-filter).

Les noms des paramètres sont un contrat (des liens publics les portent) : `persona` (slug), `statut`,
`porteur` (texte), `theme` (slug), `commune` (code INSEE : commune du persona, du porteur ou d'un test terrain).
Les relations multiples passent par une sous-requête `pk__in` : ni doublon, ni `distinct()`.
"""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ateliers.models import TestTerrain
from irritants.models import Theme
from personas.models import Persona
from promesses.enums import StatutPromesse
from promesses.models import Promesse
from terrain.filters import CommuneFilter, FormulaireFiltres, _communes_choix
from terrain.models import Structure
from territoire.models import Commune


class PromesseFilter(django_filters.FilterSet):
    persona = django_filters.ModelChoiceFilter(
        label="Persona",
        field_name="engagement__lettre__atelier__persona",
        to_field_name="slug",
        queryset=Persona.objects.publies().order_by("ordre", "prenom"),
        empty_label="Tous les personas",
    )
    statut = django_filters.ChoiceFilter(label="Statut", choices=StatutPromesse.choices, empty_label="Tous")
    porteur = django_filters.CharFilter(label="Porteur", method="filtrer_porteur", max_length=200)
    # Le type du paramètre pour le schéma OpenAPI : le slug du thème (drf-spectacular ne le devine pas d'une méthode).
    theme = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            label="Thème",
            queryset=Theme.objects.all(),
            to_field_name="slug",
            method="filtrer_theme",
            empty_label="Tous",
        )
    )
    commune = CommuneFilter(label="Commune (code INSEE)", method="filtrer_commune")

    def __init__(self, *args, experimentation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.experimentation = experimentation
        if experimentation is not None:
            self.filters["persona"].queryset = self.filters["persona"].queryset.filter(experimentation=experimentation)
            self.form.fields["persona"].queryset = self.filters["persona"].queryset

    def preparer_affichage(self):
        """Les communes proposées (pages HTML seulement) : celles des personas et des porteurs de l'expérimentation,
        la choisie en plus (deux petites requêtes)."""
        personas = Persona.objects.publies()
        structures = Structure.objects.filter(commune__isnull=False)
        if self.experimentation is not None:
            personas = personas.filter(experimentation=self.experimentation)
            structures = structures.filter(
                pk__in=Promesse.objects.filter(
                    engagement__lettre__atelier__seminaire__experimentation=self.experimentation
                ).values("engagement__porteur_structure")
            )
        ids = set(personas.values_list("commune", flat=True)) | set(structures.values_list("commune", flat=True))
        communes = list(Commune.objects.filter(pk__in=ids).only("nom", "code_insee"))
        self.form.fields["commune"].widget.choices = _communes_choix(communes, self.form["commune"].value())
        # Options lues par une requête ordinaire : l'itérateur des ModelChoiceField ouvre un curseur côté serveur
        # (DECLARE … WITH HOLD sur PostgreSQL), plusieurs dizaines de millisecondes pour une poignée de lignes.
        for nom, vide in (("persona", "Tous les personas"), ("theme", "Tous")):
            champ = self.form.fields[nom]
            champ.widget.choices = [("", vide)] + [(objet.slug, str(objet)) for objet in champ.queryset]

    PRINCIPAUX = ("persona", "statut")

    @property
    def champs_principaux(self) -> list:
        return [self.form[nom] for nom in self.form.fields if nom in self.PRINCIPAUX]

    @property
    def champs_secondaires(self) -> list:
        return [self.form[nom] for nom in self.form.fields if nom not in self.PRINCIPAUX]

    @property
    def secondaires_ouverts(self) -> bool:
        return any(champ.value() not in (None, "") or champ.errors for champ in self.champs_secondaires)

    class Meta:
        model = Promesse
        fields = ["persona", "statut", "porteur", "theme", "commune"]
        form = FormulaireFiltres

    def filtrer_porteur(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(engagement__porteur_structure__nom__icontains=value) | Q(engagement__porteur_libre__icontains=value)
        )

    def filtrer_theme(self, queryset, name, value):
        return queryset.filter(pk__in=Promesse.objects.filter(engagement__irritants__theme=value).values("pk"))

    def filtrer_commune(self, queryset, name, value):
        testees = TestTerrain.objects.filter(commune=value, cycle__publie=True, cycle__equipe__publiee=True)
        return queryset.filter(
            Q(engagement__lettre__atelier__persona__commune=value)
            | Q(engagement__porteur_structure__commune=value)
            | Q(engagement__equipe__in=testees.values("cycle__equipe"))
        )
