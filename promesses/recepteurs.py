"""Les promesses suivent les engagements des ateliers (contrat `ateliers.signals`) ; le lien « Mes promesses »
de l'en-tête suit les comptes porteurs (voir `selectors.porte_des_promesses`)."""

from commun.cache import invalider
from promesses import selectors, services


def engagement_enregistre(sender, engagement, cree, **kwargs):
    services.promesse_synchroniser(engagement=engagement)


def engagement_retire(sender, engagement, **kwargs):
    services.promesse_synchroniser(engagement=engagement)
    invalider(selectors.SUJET_PORTEURS)  # la promesse quitte le suivi, et « Mes promesses »


def comptes_porteurs_changes(sender, **kwargs):
    invalider(selectors.SUJET_PORTEURS)


def compte_connecte(sender, request, user, **kwargs):
    """À la connexion, une requête : ensuite, l'en-tête lit la réponse dans le cache."""
    selectors.porte_des_promesses(user)
