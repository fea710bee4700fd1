"""Groupes et permissions de chaque rôle.

Les permissions Django par modèle sont la source de vérité ; les règles par objet (un agent ne
modifie que ses propres observations, par exemple) vivent dans le `rules.py` de chaque app.
"""

from django.contrib.auth.models import Group, Permission

from comptes.enums import Role

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
        *[
            f"terrain.{action}_{modele}"
            for modele in ("structure", "acteur", "public", "entretien", "immersion", "observation", "verbatim")
            for action in ("add", "change", "delete", "view")
        ],
        *[
            f"irritants.{action}_{modele}"
            for modele in ("theme", "irritant", "preuve")
            for action in ("add", "change", "delete", "view")
        ],
        "irritants.view_evenementcodage",
    ],
    Role.AGENT: [
        "territoire.view_commune",
        "territoire.view_lieuaccueil",
    ],
    Role.PARTICIPANT: [],
}


def roles_synchroniser() -> dict[Role, Group]:
    """Crée ou met à jour les groupes des rôles avec leurs permissions (idempotent)."""
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[role] = group
    return groups
