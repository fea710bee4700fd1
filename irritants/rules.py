"""Qui peut quoi sur les irritants : chaque règle une fois, avec sa phrase de refus."""

from commun.permissions import permission_declarer
from comptes.rules import est_facilitateur

permission_declarer(
    "irritants.coder",
    est_facilitateur,
    refus="Accès réservé aux facilitateurs de l'expérimentation : codage des observations, fusion des irritants "
    "et journal du codage.",
)
permission_declarer(
    "irritants.publier",
    est_facilitateur,
    refus="Seuls les facilitateurs publient, dépublient ou retirent un irritant.",
)
permission_declarer(
    "irritants.voir_tout",
    est_facilitateur,
    refus="Les brouillons et le texte des observations sont réservés aux facilitateurs.",
)
