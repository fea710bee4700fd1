"""Qui peut quoi sur le séminaire, les ateliers et la co-construction : chaque règle une fois, avec sa phrase de refus.

Un participant n'a pas de compte : son lien personnel (jeton) lui ouvre son choix et son vote, vérifiés par les
services (`ateliers.services`), pas par ces règles. Les facilitateurs gèrent tout ; l'animateur d'un atelier écrit
sa lettre d'engagement ; les membres d'une équipe (avec un compte) tiennent ses pages et la
composent (seuls les facilitateurs relient un membre à un compte, ou retirent un membre qui en a un :
`ateliers.services.membre_ajouter`).
"""

import rules

from commun.permissions import permission_declarer
from comptes.rules import est_facilitateur


@rules.predicate
def anime_l_atelier(user, atelier):
    return atelier is not None and user.is_authenticated and atelier.animateur_id == user.pk


@rules.predicate
def est_membre_de_l_equipe(user, equipe):
    return equipe is not None and user.is_authenticated and equipe.membres.filter(compte_id=user.pk).exists()


permission_declarer(
    "ateliers.gerer",
    est_facilitateur,
    refus="Seuls les facilitateurs gèrent le séminaire, ses participants et ses ateliers.",
)
permission_declarer(
    "ateliers.ecrire_lettre",
    est_facilitateur | anime_l_atelier,
    refus="Seuls l'animateur de l'atelier et les facilitateurs écrivent sa lettre d'engagement.",
)
permission_declarer(
    "ateliers.modifier_equipe",
    est_facilitateur | est_membre_de_l_equipe,
    refus="Seuls les membres de l'équipe et les facilitateurs modifient ses pages.",
)
permission_declarer(
    "ateliers.publier",
    est_facilitateur,
    refus="Seuls les facilitateurs publient les pages de la co-construction et les sessions du laboratoire.",
)
permission_declarer(
    "ateliers.composer_equipe",
    est_facilitateur | est_membre_de_l_equipe,
    refus="Seuls les membres de l'équipe et les facilitateurs ajoutent ou retirent ses membres.",
)
