"""La table des adresses × rôles : ce que chaque rôle reçoit sur chaque motif d'URL du projet.

`tests/securite/test_urls_roles.py` parcourt le résolveur d'URL (tous les motifs, administration et API
comprises) et demande chaque adresse sous les cinq rôles : anonyme, participant, agent (auteur des
données du monde de test), autre agent, facilitateur. Un motif absent de la table fait échouer le test ;
une réponse différente de celle attendue aussi. Une ressource d'un autre (IDOR) répond 404.

## Ajouter les lignes d'une app

Une app ajoute un module `tests/securite/table/<app>.py` qui définit `LIGNES`, un dict dont la clé est
le motif complet tel que le résolveur l'écrit (préfixe d'inclusion compris : le message d'échec d'un
motif manquant donne la clé exacte à copier) et la valeur une `Ligne` :

    from tests.securite.table import CONNEXION, Ligne

    LIGNES = {
        "ateliers/": Ligne(anonyme=200, participant=200, agent=200, autre_agent=200, facilitateur=200),
        "ateliers/<int:pk>/modifier/": Ligne(
            params=lambda monde: {"pk": monde.atelier.pk},
            anonyme=CONNEXION, participant=403, agent=403, autre_agent=403, facilitateur=200,
        ),
        # Une vue en POST seul : GET répond 405 une fois les droits vérifiés ; `post` vérifie l'écriture.
        "ateliers/<int:pk>/publication/": Ligne(
            params=lambda monde: {"pk": monde.atelier.pk},
            anonyme=CONNEXION, participant=403, agent=403, autre_agent=403, facilitateur=405,
            post=Ligne(anonyme=CONNEXION, participant=403, agent=403, autre_agent=403, facilitateur=302),
        ),
    }

Le module est découvert seul (tout module de ce paquet qui définit `LIGNES`). Les objets dont les
adresses ont besoin viennent du `Monde` (`tests/securite/test_urls_roles.py`, fixture `monde`) : une
app y ajoute les siens avec une fonction `preparer(monde)` dans son module de table, appelée après la
création du monde commun (utilisateurs, expérimentation, observation de l'agent, irritant…).

Valeurs attendues : un code HTTP, `CONNEXION` (302 vers la page de connexion), `ADMIN_CONNEXION`
(302 vers la connexion de l'administration), ou un tuple de codes acceptés quand la réponse dépend
d'un état qu'on ne fige pas (à éviter).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

CONNEXION = "connexion"
ADMIN_CONNEXION = "connexion de l'administration"
ROLES = ("anonyme", "participant", "agent", "autre_agent", "facilitateur")


@dataclass(frozen=True)
class Ligne:
    anonyme: object
    participant: object
    agent: object
    autre_agent: object
    facilitateur: object
    params: Callable | None = None
    post: "Ligne | None" = None
    donnees: Callable | None = None
    entetes: dict = field(default_factory=dict)

    def attendu(self, role: str):
        return getattr(self, role)


def partout(code, **autres) -> Ligne:
    """La même réponse pour les cinq rôles (une page publique, par exemple)."""
    return Ligne(**dict.fromkeys(ROLES, code), **autres)
