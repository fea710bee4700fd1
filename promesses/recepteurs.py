"""Les promesses suivent les engagements des ateliers (contrat `ateliers.signals`)."""

from promesses import services


def engagement_enregistre(sender, engagement, cree, **kwargs):
    services.promesse_synchroniser(engagement=engagement)


def engagement_retire(sender, engagement, **kwargs):
    services.promesse_synchroniser(engagement=engagement)
