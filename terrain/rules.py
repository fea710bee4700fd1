"""Règles par objet (paquet `rules`) : un agent ne voit et ne modifie que ses observations."""

import rules

from comptes.enums import Role


@rules.predicate
def est_facilitateur(user):
    return user.is_authenticated and user.has_role(Role.FACILITATEUR)


@rules.predicate
def est_agent(user):
    return user.is_authenticated and user.has_role(Role.AGENT)


@rules.predicate
def est_auteur(user, observation):
    return observation is not None and observation.auteur_id == user.pk


rules.add_perm("terrain.saisir_observation", est_agent | est_facilitateur)
rules.add_perm("terrain.voir_observation", est_facilitateur | (est_agent & est_auteur))
rules.add_perm("terrain.modifier_observation", est_facilitateur | (est_agent & est_auteur))
rules.add_perm("terrain.voir_toutes_observations", est_facilitateur)
rules.add_perm("terrain.exporter_observations", est_facilitateur)
