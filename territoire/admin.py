from django.contrib import admin

from territoire.models import AppartenanceTerritoire, Commune, Epci, LieuAccueil, Territoire


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ("nom", "siren", "type")
    list_filter = ("type",)
    search_fields = ("nom", "siren")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("nom", "code_insee", "type", "parent", "epci", "departement", "population")
    list_filter = ("type", "epci", "departement")
    list_select_related = ("parent", "epci")
    search_fields = ("nom", "code_insee", "codes_postaux")
    autocomplete_fields = ("parent", "epci")
    # Le contour vient de l'import (IGN ADMIN EXPRESS) : on ne le modifie pas à la main.
    readonly_fields = ("geometrie", "centroide_latitude", "centroide_longitude")
    fieldsets = (
        (
            None,
            {"fields": ("code_insee", "type", "nom", "parent", "departement", "population", "codes_postaux", "epci")},
        ),
        (
            "Mairie",
            {
                "fields": (
                    "mairie_adresse",
                    "mairie_telephone",
                    "mairie_email",
                    "mairie_site",
                    "mairie_horaires",
                    "mairie_latitude",
                    "mairie_longitude",
                )
            },
        ),
        (
            "Géographie",
            {"classes": ("collapse",), "fields": ("centroide_latitude", "centroide_longitude", "geometrie")},
        ),
    )


@admin.register(LieuAccueil)
class LieuAccueilAdmin(admin.ModelAdmin):
    list_display = ("nom", "type", "commune", "source")
    list_filter = ("type", "source")
    list_select_related = ("commune",)
    search_fields = ("nom", "adresse", "commune__nom", "commune__code_insee")
    autocomplete_fields = ("commune",)


class AppartenanceTerritoireInline(admin.TabularInline):
    model = AppartenanceTerritoire
    fk_name = "territoire"
    extra = 0
    fields = ("code_insee", "nom", "commune", "commune_historique")
    autocomplete_fields = ("commune", "commune_historique")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune", "commune_historique")


@admin.register(Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    list_display = ("nom", "slug", "millesime_geographie")
    search_fields = ("nom", "slug")
    prepopulated_fields = {"slug": ("nom",)}
    inlines = [AppartenanceTerritoireInline]
