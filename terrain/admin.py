"""Administration du diagnostic de terrain (facilitateurs).

Chaque liste charge ses clés étrangères d'un coup (`list_select_related`) et compte par
annotation : le nombre de requêtes ne dépend pas du nombre de lignes. Les communes, lieux,
structures, acteurs et personnes se choisissent par autocomplétion (les listes seraient trop longues).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect

from commun.admin import LectureSeule
from commun.suppression import est_protege
from terrain import services
from terrain.enums import Origine, StatutPublication
from terrain.models import (
    SEUIL_POPULATION_COMMUNE_CITEE,
    Acteur,
    ChangementStatutVerbatim,
    Entretien,
    Immersion,
    Observation,
    Public,
    Structure,
    Verbatim,
)
from territoire.enums import Canal


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("nom", "type", "commune")
    list_filter = ("type",)
    list_select_related = ("commune",)
    search_fields = ("nom", "commune__nom", "commune__code_insee")
    autocomplete_fields = ("commune",)


@admin.register(Acteur)
class ActeurAdmin(admin.ModelAdmin):
    list_display = ("fonction", "structure")
    list_filter = ("structure__type",)
    list_select_related = ("structure",)
    search_fields = ("fonction", "structure__nom")
    autocomplete_fields = ("structure",)


@admin.register(Public)
class PublicAdmin(admin.ModelAdmin):
    list_display = ("nom", "slug", "ordre")
    list_editable = ("ordre",)
    search_fields = ("nom", "slug")
    prepopulated_fields = {"slug": ("nom",)}


@admin.register(Entretien)
class EntretienAdmin(admin.ModelAdmin):
    list_display = ("__str__", "date", "commune", "lieu", "nb_participants", "nombre_observations", "experimentation")
    list_filter = ("experimentation", "date")
    list_select_related = ("commune", "experimentation")
    search_fields = ("lieu", "commune__nom", "commune__code_insee", "notes", "structures__nom")
    date_hierarchy = "date"
    autocomplete_fields = ("commune", "animateurs", "acteurs", "structures")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nb_observations=Count("observations", distinct=True))

    @admin.display(description="observations", ordering="nb_observations")
    def nombre_observations(self, entretien):
        return entretien.nb_observations


class ImmersionForm(forms.ModelForm):
    canaux = forms.MultipleChoiceField(
        label="canaux utilisés", choices=Canal.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Immersion
        fields = [
            "experimentation",
            "lieu",
            "date",
            "duree_minutes",
            "observateurs",
            "attente",
            "canaux",
            "aide",
            "issue",
        ]


@admin.register(Immersion)
class ImmersionAdmin(admin.ModelAdmin):
    form = ImmersionForm
    list_display = ("__str__", "date", "lieu", "commune", "duree_minutes", "nombre_observations", "experimentation")
    list_filter = ("experimentation", "date", "lieu__type")
    list_select_related = ("lieu__commune", "experimentation")
    search_fields = ("lieu__nom", "lieu__commune__nom", "attente", "aide", "issue")
    date_hierarchy = "date"
    autocomplete_fields = ("lieu", "observateurs")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nb_observations=Count("observations", distinct=True))

    @admin.display(description="commune", ordering="lieu__commune__nom")
    def commune(self, immersion):
        return immersion.lieu.commune.nom

    @admin.display(description="observations", ordering="nb_observations")
    def nombre_observations(self, immersion):
        return immersion.nb_observations


class VerbatimInline(admin.StackedInline):
    model = Verbatim
    extra = 0
    fields = ("texte", ("tranche_age", "situation"), "commune", "statut")
    # Le statut de publication ne change que par les actions de la liste des verbatims (journalisées).
    readonly_fields = ("statut",)
    autocomplete_fields = ("commune",)


class OrigineFilter(admin.SimpleListFilter):
    title = "origine"
    parameter_name = "origine"

    def lookups(self, request, model_admin):
        return Origine.choices

    def queryset(self, request, queryset):
        return queryset.d_origine(self.value()) if self.value() in Origine.values else queryset


@admin.action(description="Retirer les observations choisies (elles quittent les listes et les irritants)")
def retirer_observations(modeladmin, request, queryset):
    for observation in queryset:
        services.observation_retirer(
            acteur=request.user, observation=observation, motif="Retirée depuis l'administration."
        )
    modeladmin.message_user(request, f"{queryset.count()} observation(s) retirée(s).", messages.SUCCESS)


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ("extrait", "date", "type", "source", "origine_affichee", "auteur", "nombre_verbatims")
    list_filter = ("experimentation", "type", "source", OrigineFilter, "publics", "date")
    list_select_related = ("auteur", "entretien__commune", "immersion__lieu")
    search_fields = ("texte", "verbatims__texte", "communes__nom", "communes__code_insee")
    date_hierarchy = "date"
    autocomplete_fields = ("communes", "lieux", "auteur", "entretien", "immersion")
    filter_horizontal = ("publics",)
    readonly_fields = ("uuid_client", "cree_le", "modifie_le", "retiree_le", "retiree_par", "motif_retrait")
    inlines = [VerbatimInline]
    actions = [retirer_observations]
    fieldsets = (
        (None, {"fields": ("experimentation", "date", "texte", "type", "source", "auteur")}),
        ("Origine", {"fields": ("entretien", "immersion")}),
        ("Ce que l'observation concerne", {"fields": ("communes", "lieux", "publics")}),
        ("Retrait", {"fields": ("retiree_le", "retiree_par", "motif_retrait")}),
        ("Suivi", {"classes": ("collapse",), "fields": ("uuid_client", "cree_le", "modifie_le")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nb_verbatims=Count("verbatims", distinct=True))

    def delete_view(self, request, object_id, extra_context=None):
        observation = self.get_object(request, object_id)
        if observation is not None and est_protege(observation):
            messages.error(
                request,
                "Cette observation a servi de preuve ou figure dans un journal : elle ne se supprime pas. Retirez-la "
                "(action « Retirer les observations choisies ») : elle quittera les listes et les irritants, et le "
                "journal gardera la trace.",
            )
            return redirect("admin:terrain_observation_change", object_id)
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description="observation", ordering="texte")
    def extrait(self, observation):
        return observation.texte[:100] + ("…" if len(observation.texte) > 100 else "")

    @admin.display(description="origine")
    def origine_affichee(self, observation):
        return observation.entretien or observation.immersion or observation.origine.label

    @admin.display(description="verbatims", ordering="nb_verbatims")
    def nombre_verbatims(self, observation):
        return observation.nb_verbatims


def _action_statut(statut: StatutPublication, description: str):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        try:
            for verbatim in queryset:
                services.verbatim_statut_changer(acteur=request.user, verbatim=verbatim, statut=statut)
        except (PermissionDenied, ValidationError) as erreur:
            modeladmin.message_user(request, " ".join(getattr(erreur, "messages", [str(erreur)])), messages.ERROR)
            return
        modeladmin.message_user(request, f"{queryset.count()} verbatim(s) : {statut.label.lower()}.", messages.SUCCESS)
        if statut == StatutPublication.PUBLIABLE:
            masques = [
                v for v in queryset.select_related("commune__epci", "commune__parent__epci") if v.commune_masquee
            ]
            if masques:
                modeladmin.message_user(
                    request,
                    f"{len(masques)} verbatim(s) citent une commune de moins de {SEUIL_POPULATION_COMMUNE_CITEE} "
                    "habitants : en public, ils seront situés dans leur intercommunalité (« "
                    f"{masques[0].profil_public} »).",
                    messages.WARNING,
                )

    action.__name__ = f"verbatims_{statut.value}"
    return action


@admin.register(Verbatim)
class VerbatimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "tranche_age", "situation", "commune", "statut", "cree_le")
    list_filter = ("statut", "tranche_age")
    list_select_related = ("commune", "observation")
    search_fields = ("texte", "situation", "observation__texte")
    autocomplete_fields = ("commune", "observation")
    # Publier, retirer, remettre en interne : par les actions, qui passent par le service et son journal.
    readonly_fields = ("statut",)
    actions = [
        _action_statut(StatutPublication.PUBLIABLE, "Publier les verbatims choisis"),
        _action_statut(StatutPublication.RETIRE, "Retirer les verbatims choisis"),
        _action_statut(StatutPublication.INTERNE, "Remettre en interne les verbatims choisis"),
    ]


@admin.register(ChangementStatutVerbatim)
class ChangementStatutVerbatimAdmin(LectureSeule, admin.ModelAdmin):
    """Le journal de publication des verbatims, en lecture seule."""

    list_display = ("le", "verbatim", "ancien", "nouveau", "par")
    list_filter = ("nouveau",)
    list_select_related = ("verbatim", "par")
    date_hierarchy = "le"
