"""Ce que les administrations des apps partagent : la lecture seule des journaux, les actions par service.

- `LectureSeule` : une administration qui montre sans rien permettre d'ajouter, de modifier ni de supprimer
  (journaux en ajout seul, historiques, documents générés).
- `action_par_service` : une action de liste qui appelle un service d'écriture pour chaque objet choisi,
  avec l'utilisateur comme `acteur` ; un refus du service (permission, validation) est montré en français et
  arrête l'action.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError


class LectureSeule:
    """À mettre avant `admin.ModelAdmin` (ou un inline) : rien ne s'ajoute, ne se modifie ni ne se supprime."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def action_par_service(service, *, argument: str, description: str, succes: str, nom: str, **arguments):
    """L'action qui appelle `service(acteur=…, <argument>=objet, **arguments)` pour chaque objet choisi.

    `nom` est le nom de l'objet au pluriel dans le message (« 3 irritant(s) publié(s) »).
    """

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        try:
            for objet in queryset:
                service(acteur=request.user, **{argument: objet}, **arguments)
        except (PermissionDenied, ValidationError) as erreur:
            modeladmin.message_user(request, " ".join(getattr(erreur, "messages", [str(erreur)])), messages.ERROR)
            return
        modeladmin.message_user(request, f"{queryset.count()} {nom} {succes}.", messages.SUCCESS)

    action.__name__ = service.__name__
    return action
