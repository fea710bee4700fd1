"""Pages d'information (publiques) et espace du participant (connexion demandée)."""

from tests.securite.table import CONNEXION, Ligne, partout

LIGNES = {
    "accessibilite/": partout(200),
    "mentions-legales/": partout(200),
    "donnees-personnelles/": partout(200),
    "plan-du-site/": partout(200),
    "espace-participant/": Ligne(anonyme=CONNEXION, participant=200, agent=200, autre_agent=200, facilitateur=200),
}
