"""Administration des ateliers : un filet pour les facilitateurs (les écritures courantes passent par les pages)."""

from django.contrib import admin

from ateliers import models


@admin.register(models.Seminaire)
class SeminaireAdmin(admin.ModelAdmin):
    list_display = ("titre", "date", "lieu", "capacite", "publie")
    prepopulated_fields = {"slug": ("titre",)}


@admin.register(models.Atelier)
class AtelierAdmin(admin.ModelAdmin):
    list_display = ("persona", "seminaire", "salle", "capacite", "animateur_nom")
    list_select_related = ("persona", "seminaire")
    raw_id_fields = ("animateur",)


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("nom", "seminaire", "type", "organisation")
    list_select_related = ("seminaire",)
    search_fields = ("nom",)
    exclude = ("jeton",)


class MembreInline(admin.TabularInline):
    model = models.MembreEquipe
    extra = 0
    raw_id_fields = ("participant", "compte")


@admin.register(models.Equipe)
class EquipeAdmin(admin.ModelAdmin):
    list_display = ("nom", "engagement", "publiee")
    inlines = [MembreInline]
    raw_id_fields = ("engagement",)


@admin.register(models.SessionLabo)
class SessionLaboAdmin(admin.ModelAdmin):
    list_display = ("theme", "date", "heure_debut", "capacite", "publiee")
