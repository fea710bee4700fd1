"""Administration des irritants.

Les preuves et le journal y sont en lecture seule : rattacher, détacher et fusionner passent par
l'écran de codage (les services écrivent le journal) ; l'administration ne contourne pas l'historique.
Un irritant ne se supprime pas : on le retire (action), et son expérimentation ne change pas.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect

from commun.admin import LectureSeule, action_par_service
from irritants import services
from irritants.models import EvenementCodage, Irritant, Preuve, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("nom", "ordre", "slug")
    list_editable = ("ordre",)
    prepopulated_fields = {"slug": ("nom",)}
    search_fields = ("nom",)


class PreuveInline(admin.TabularInline):
    model = Preuve
    fields = ("observation", "code_par", "code_le")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("observation", "code_par")


def _action(service, description: str, succes: str, **arguments):
    return action_par_service(
        service, argument="irritant", description=description, succes=succes, nom="irritant(s)", **arguments
    )


@admin.register(Irritant)
class IrritantAdmin(admin.ModelAdmin):
    list_display = ("titre", "theme", "gravite", "statut", "experimentation", "nb_observations", "fusionne_dans")
    list_filter = ("experimentation", "statut", "theme", "gravite", ("fusionne_dans", admin.EmptyFieldListFilter))
    list_select_related = ("theme", "experimentation", "fusionne_dans")
    search_fields = ("titre", "description")
    fields = ("experimentation", "titre", "theme", "gravite", "description", "statut", "fusionne_dans", "cree_le")
    readonly_fields = ("statut", "fusionne_dans", "cree_le")
    autocomplete_fields = ("theme",)
    inlines = [PreuveInline]
    actions = [
        _action(services.irritant_publier, "Publier les irritants choisis", "publié(s)"),
        _action(services.irritant_depublier, "Remettre en brouillon les irritants choisis", "remis en brouillon"),
        _action(
            services.irritant_retirer,
            "Retirer les irritants choisis (ils quittent la synthèse ; le journal reste)",
            "retiré(s)",
            motif="Retiré depuis l'administration.",
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nb_observations=Count("preuves", distinct=True))

    def get_readonly_fields(self, request, obj=None):
        # Une fois créé, un irritant garde son expérimentation : ses preuves en viennent.
        return (*self.readonly_fields, "experimentation") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        messages.error(
            request,
            "Un irritant ne se supprime pas : son journal du codage doit rester entier. Retirez-le (action "
            "« Retirer ») ou fusionnez-le dans un autre depuis l'écran de fusion.",
        )
        return redirect("admin:irritants_irritant_change", object_id)

    @admin.display(description="observations", ordering="nb_observations")
    def nb_observations(self, irritant):
        return irritant.nb_observations


@admin.register(EvenementCodage)
class EvenementCodageAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("le", "action", "irritant", "observation", "autre_irritant", "par")
    list_filter = ("action", "irritant__experimentation")
    list_select_related = ("irritant", "observation", "autre_irritant", "par")
    search_fields = ("irritant__titre", "observation__texte")
    date_hierarchy = "le"
