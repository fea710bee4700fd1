"""Administration des documents : consultation seulement (les générations passent par les services)."""

from django.contrib import admin

from documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("titre", "source", "objet_id", "etat", "tentatives", "genere_le", "modifie_le")
    list_filter = ("etat", "source")
    search_fields = ("titre", "source", "objet_id")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
