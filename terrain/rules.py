"""Qui peut quoi sur le diagnostic de terrain : chaque règle une fois, avec sa phrase de refus.

Les listes filtrent par `Observation.objects.visibles_par(user)`, qui lit ces mêmes permissions ;
les vues les appliquent par `commun.permissions.permission_requise` ; les services les vérifient
pour chaque chemin d'écriture (formulaire, API, administration).
"""

import rules

from commun.permissions import permission_declarer
from comptes.rules import est_agent, est_facilitateur


@rules.predicate
def est_auteur(user, observation):
    return observation is not None and observation.auteur_id == user.pk


@rules.predicate
def est_retiree(user, observation):
    return observation is not None and observation.retiree_le is not None


@rules.predicate
def a_anime_ou_observe(user, origine):
    """L'agent était là : animateur de l'entretien ou observateur de l'immersion."""
    if origine is None:
        return False
    personnes = origine.animateurs if hasattr(origine, "animateurs") else origine.observateurs
    return personnes.filter(pk=user.pk).exists()


permission_declarer(
    "terrain.saisir_observation",
    est_agent | est_facilitateur,
    refus="La saisie des observations est réservée aux agents locaux et aux facilitateurs.",
)
permission_declarer(
    "terrain.voir_toutes_observations",
    est_facilitateur,
    refus="Cette page est réservée aux facilitateurs : un agent local retrouve ses observations dans "
    "« Mes observations ».",
)
permission_declarer(
    "terrain.voir_observation",
    est_facilitateur | (est_agent & est_auteur),
    refus="Vous ne voyez que vos propres observations.",
)
permission_declarer(
    "terrain.modifier_observation",
    (est_facilitateur | (est_agent & est_auteur)) & ~est_retiree,
    refus="Vous ne pouvez modifier que vos propres observations, tant qu'elles n'ont pas été retirées.",
)
permission_declarer(
    "terrain.rattacher_a_une_origine",
    est_facilitateur | (est_agent & a_anime_ou_observe),
    refus="Vous ne pouvez rattacher une observation qu'aux entretiens que vous avez animés et aux immersions "
    "auxquelles vous avez participé.",
)
permission_declarer(
    "terrain.exporter_observations",
    est_facilitateur,
    refus="L'export des observations est réservé aux facilitateurs.",
)
permission_declarer(
    "terrain.publier_verbatim",
    est_facilitateur,
    refus="Seuls les facilitateurs publient, retirent ou remettent en interne un verbatim.",
)
permission_declarer(
    "terrain.retirer_observation",
    est_facilitateur,
    refus="Seuls les facilitateurs retirent une observation.",
)
