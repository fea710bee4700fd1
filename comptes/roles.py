"""Groupes et permissions de chaque rôle.

Les permissions Django par modèle sont la source de vérité ; les règles par objet (un agent ne
modifie que ses propres observations, par exemple) vivent dans le `rules.py` de chaque app.
"""

from django.contrib.auth.models import Group, Permission

from comptes.enums import Role
from comptes.models import GroupeRole

# Permissions par rôle, sous la forme "app_label.codename". Les apps ajoutent les leurs ici
# au fil des issues ; `roles_synchroniser` est idempotent.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.FACILITATEUR: [
        "territoire.add_commune",
        "territoire.change_commune",
        "territoire.view_commune",
        "territoire.add_epci",
        "territoire.change_epci",
        "territoire.view_epci",
        "territoire.add_lieuaccueil",
        "territoire.change_lieuaccueil",
        "territoire.delete_lieuaccueil",
        "territoire.view_lieuaccueil",
        "territoire.add_territoire",
        "territoire.change_territoire",
        "territoire.view_territoire",
        "experimentations.add_experimentation",
        "experimentations.change_experimentation",
        "experimentations.view_experimentation",
        "experimentations.add_phase",
        "experimentations.change_phase",
        "experimentations.delete_phase",
        "experimentations.view_phase",
        "comptes.view_user",
        # Lever le blocage de django-axes : supprimer la tentative dans l'administration.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        *[
            f"terrain.{action}_{modele}"
            for modele in ("structure", "acteur", "public", "entretien", "immersion", "observation", "verbatim")
            for action in ("add", "change", "delete", "view")
        ],
        # Ni irritant ni preuve ne se suppriment (journal du codage en ajout seul) : ni « delete » ni, pour les
        # preuves, « add »/« change » (le codage passe par ses services).
        *[f"irritants.{action}_theme" for action in ("add", "change", "delete", "view")],
        "irritants.add_irritant",
        "irritants.change_irritant",
        "irritants.view_irritant",
        "irritants.view_preuve",
        "irritants.view_evenementcodage",
        "terrain.view_changementstatutverbatim",
        # Personas : consultés dans l'administration ; créés, modifiés et publiés par l'application (services).
        *[
            f"personas.view_{modele}"
            for modele in ("persona", "lettreinterpellation", "versionlettre", "journalpersona")
        ],
    ],
    Role.AGENT: [
        "territoire.view_commune",
        "territoire.view_lieuaccueil",
    ],
    Role.PARTICIPANT: [],
}


def roles_synchroniser() -> dict[Role, Group]:
    """Crée ou met à jour les groupes des rôles avec leurs permissions (idempotent).

    Un groupe est retrouvé par la valeur stable de son rôle (`GroupeRole`), jamais par son nom : un
    groupe renommé garde son rôle et ses membres.
    """
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        lien = GroupeRole.objects.select_related("groupe").filter(role=role).first()
        if lien is None:
            group, _ = Group.objects.get_or_create(name=role.label)
            GroupeRole.objects.create(groupe=group, role=role)
        else:
            group = lien.groupe
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[role] = group
    return groups
