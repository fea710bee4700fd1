"""Administration des personas : consultation et publication.

Créer et modifier un persona ou sa lettre passe par l'application (`/personas/…`), dont les services écrivent
le journal et les versions : l'administration montre tout, publie ou remet en brouillon (par les mêmes
services), mais ne contourne pas l'historique. Un persona ne se supprime pas (son journal le protège).
"""

from django.contrib import admin
from django.utils.html import format_html

from commun.admin import LectureSeule, action_par_service
from personas import services
from personas.models import JournalPersona, LettreInterpellation, Persona, VersionLettre


def _action(service, description: str, succes: str):
    return action_par_service(service, argument="persona", description=description, succes=succes, nom="persona(s)")


@admin.register(Persona)
class PersonaAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("prenom", "age", "commune", "fil_rouge", "statut", "ordre", "experimentation", "lien")
    list_filter = ("experimentation", "statut", "fil_rouge")
    list_select_related = ("commune", "experimentation")
    search_fields = ("prenom", "slug", "situation_familiale", "situation_professionnelle")
    actions = [
        _action(services.persona_publier, "Publier les personas choisis", "publié(s)"),
        _action(services.persona_depublier, "Remettre en brouillon les personas choisis", "remis en brouillon"),
    ]

    @admin.display(description="dans l'application")
    def lien(self, persona):
        return format_html('<a href="{}">Ouvrir</a>', persona.get_absolute_url())


@admin.register(LettreInterpellation)
class LettreInterpellationAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("persona", "objet", "date_lettre", "modifie_le")
    list_select_related = ("persona",)
    search_fields = ("persona__prenom", "objet", "corps")


@admin.register(VersionLettre)
class VersionLettreAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("lettre", "numero", "le", "par", "resume")
    list_select_related = ("lettre__persona", "par")
    date_hierarchy = "le"


@admin.register(JournalPersona)
class JournalPersonaAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("le", "action", "persona", "detail", "par")
    list_filter = ("action", "persona__experimentation")
    list_select_related = ("persona", "par")
    date_hierarchy = "le"
