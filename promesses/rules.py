"""Qui peut quoi sur le suivi des promesses.

Le public lit tout ce qui est publié (tableau de bord, exports, flux, API). Un porteur met à jour ses
promesses, par son compte (`Promesse.comptes_porteurs`) ou par son lien personnel (jeton, vérifié par le
service) ; les facilitateurs modifient tout, importent un CSV et gèrent les liens personnels.
"""

import rules

from commun.permissions import permission_declarer
from comptes.rules import est_facilitateur


@rules.predicate
def est_porteur(user, promesse):
    if promesse is None or not user.is_authenticated:
        return False
    return promesse.comptes_porteurs.filter(pk=user.pk).exists()


permission_declarer(
    "promesses.gerer",
    est_facilitateur,
    refus="Seuls les facilitateurs modifient le suivi des promesses, importent un CSV et gèrent les liens.",
)
permission_declarer(
    "promesses.mettre_a_jour",
    est_facilitateur | est_porteur,
    refus="Seuls le porteur de cette promesse et les facilitateurs peuvent la mettre à jour.",
)
