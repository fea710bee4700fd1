"""Pages d'information (publiques) et espace du participant (toute personne connectée)."""

from tests.securite.table import CONNEXION, Ligne

PUBLIQUE = Ligne(anonyme=200, participant=200, agent=200, autre_agent=200, facilitateur=200)

LIGNES = {
    "accessibilite/": PUBLIQUE,
    "mentions-legales/": PUBLIQUE,
    "donnees-personnelles/": PUBLIQUE,
    "plan-du-site/": PUBLIQUE,
    # Sa page pour le participant ; une personne connectée d'un autre rôle y lit ce que font les participants.
    "espace-participant/": Ligne(anonyme=CONNEXION, participant=200, agent=200, autre_agent=200, facilitateur=200),
}
