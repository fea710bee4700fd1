"""Qui peut quoi sur les personas et leurs lettres : chaque règle une fois, avec sa phrase de refus.

Le public lit les personas publiés, leurs lettres et leurs PDF ; les facilitateurs créent, modifient,
publient et voient les brouillons. Les services vérifient ces permissions pour chaque chemin d'écriture.
"""

import rules

from commun.permissions import permission_declarer
from comptes.rules import est_facilitateur
from personas.enums import StatutPersona


@rules.predicate
def est_publie(user, persona):
    return persona is not None and persona.statut == StatutPersona.PUBLIE


permission_declarer(
    "personas.gerer",
    est_facilitateur,
    refus="Seuls les facilitateurs créent et modifient les personas et leurs lettres d'interpellation.",
)
permission_declarer(
    "personas.publier",
    est_facilitateur,
    refus="Seuls les facilitateurs publient un persona ou le remettent en brouillon.",
)
permission_declarer(
    "personas.voir_tout",
    est_facilitateur,
    refus="Les personas en brouillon sont réservés aux facilitateurs.",
)
permission_declarer(
    "personas.voir_persona",
    est_publie | est_facilitateur,
    refus="Ce persona n'est pas publié.",
)
