"""Administration du suivi : les facilitateurs modifient le contact, les comptes porteurs et les jalons d'une
promesse, révoquent ou renouvellent son lien personnel (par les services). L'état (statut, avancement) ne se
modifie pas ici : il vient des points d'avancement (page « Mettre à jour », import CSV), journal en lecture seule."""

from django.contrib import admin
from django.utils.html import format_html

from commun.admin import LectureSeule, action_par_service
from promesses import services
from promesses.models import InstantanePromesse, Jalon, PointAvancement, Promesse, RappelEnvoye


def _action(service, description: str, succes: str):
    return action_par_service(service, argument="promesse", description=description, succes=succes, nom="promesse(s)")


class JalonInline(admin.TabularInline):
    model = Jalon
    extra = 1
    fields = ("titre", "echeance", "fait", "fait_le")


class PointInline(LectureSeule, admin.TabularInline):
    model = PointAvancement
    fields = ("date", "avancement", "statut", "commentaire", "auteur_nom", "cree_le")
    readonly_fields = fields
    extra = 0


@admin.register(Promesse)
class PromesseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "statut", "avancement", "derniere_mise_a_jour", "contact_email", "lien")
    list_filter = ("statut", "engagement__lettre__atelier__seminaire__experimentation")
    list_select_related = ("engagement",)
    search_fields = ("engagement__titre", "contact_nom", "contact_email")
    fields = (
        "engagement",
        "contact_nom",
        "contact_email",
        "comptes_porteurs",
        "statut",
        "avancement",
        "lien_personnel",
    )
    readonly_fields = ("engagement", "statut", "avancement", "lien_personnel")
    filter_horizontal = ("comptes_porteurs",)
    inlines = [JalonInline, PointInline]
    actions = [
        _action(services.lien_personnel_renouveler, "Renouveler le lien personnel du porteur", "ont un nouveau lien"),
        _action(services.lien_personnel_revoquer, "Révoquer le lien personnel du porteur", "n'ont plus de lien"),
    ]

    def has_add_permission(self, request):
        return False  # une promesse naît d'un engagement des ateliers

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="page publique")
    def lien(self, obj):
        return format_html('<a href="{}">voir</a>', obj.get_absolute_url())

    @admin.display(description="lien personnel du porteur")
    def lien_personnel(self, obj):
        if not obj.jeton_valide():
            return "révoqué"
        return format_html('<a href="{0}">{0}</a>', obj.get_lien_personnel())


@admin.register(PointAvancement)
class PointAvancementAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("promesse", "date", "avancement", "statut", "auteur_nom", "cree_le")
    list_select_related = ("promesse__engagement",)
    list_filter = ("statut",)


@admin.register(InstantanePromesse)
class InstantaneAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("promesse", "date", "avancement", "statut")
    list_select_related = ("promesse__engagement",)
    date_hierarchy = "date"


@admin.register(RappelEnvoye)
class RappelAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ("promesse", "motif", "jour", "destinataire")
    list_select_related = ("promesse__engagement",)
