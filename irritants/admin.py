"""Administration des irritants.

Les preuves et le journal y sont en lecture seule : rattacher, détacher et fusionner passent par
l'écran de codage (les services écrivent le journal) ; l'administration ne contourne pas l'historique.
"""

from django.contrib import admin
from django.db.models import Count

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


@admin.register(Irritant)
class IrritantAdmin(admin.ModelAdmin):
    list_display = ("titre", "theme", "gravite", "experimentation", "nb_observations", "fusionne_dans")
    list_filter = ("experimentation", "theme", "gravite", ("fusionne_dans", admin.EmptyFieldListFilter))
    list_select_related = ("theme", "experimentation", "fusionne_dans")
    search_fields = ("titre", "description")
    fields = ("experimentation", "titre", "theme", "gravite", "description", "fusionne_dans", "cree_le")
    readonly_fields = ("fusionne_dans", "cree_le")
    autocomplete_fields = ("theme",)
    inlines = [PreuveInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(nb_observations=Count("preuves", distinct=True))

    @admin.display(description="observations", ordering="nb_observations")
    def nb_observations(self, irritant):
        return irritant.nb_observations


@admin.register(EvenementCodage)
class EvenementCodageAdmin(admin.ModelAdmin):
    list_display = ("le", "action", "irritant", "observation", "autre_irritant", "par")
    list_filter = ("action", "irritant__experimentation")
    list_select_related = ("irritant", "observation", "autre_irritant", "par")
    search_fields = ("irritant__titre", "observation__texte")
    date_hierarchy = "le"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
