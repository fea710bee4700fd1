from django.contrib import admin

from experimentations.models import Experimentation, Phase


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Experimentation)
class ExperimentationAdmin(admin.ModelAdmin):
    list_display = ("nom", "territoire", "commanditaire", "date_lancement", "date_echeance_promesses", "est_demo")
    list_select_related = ("territoire",)
    prepopulated_fields = {"slug": ("nom",)}
    inlines = [PhaseInline]
