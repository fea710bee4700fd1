"""Prédicats des rôles (paquet `rules`), partagés par toutes les apps.

Chaque app compose ses permissions par objet dans son propre `rules.py` à partir de ces prédicats ;
aucune app ne les emprunte à une autre app de domaine.
"""

import rules

from comptes.enums import Role


@rules.predicate
def est_facilitateur(user):
    return user.is_authenticated and user.has_role(Role.FACILITATEUR)


@rules.predicate
def est_agent(user):
    return user.is_authenticated and user.has_role(Role.AGENT)


@rules.predicate
def est_participant(user):
    return user.is_authenticated and user.has_role(Role.PARTICIPANT)
