"""Le suivi des promesses : tableau de bord, exports, flux et API publics ; mise à jour par le porteur.

Le monde : la promesse née du premier engagement de l'atelier (voir `ateliers.py`), publique, dont l'agent est
porteur (compte) avec un point d'avancement ; une promesse NON publique (persona en brouillon) dont l'agent est
aussi porteur. Le lien personnel du porteur : le jeton est le droit d'entrer, un jeton faux ou révoqué répond 404.
"""

import datetime

from tests.securite.table import CONNEXION, Ligne, partout
from tests.securite.table.ateliers import FAUX

GERER = {"anonyme": CONNEXION, "participant": 403, "agent": 403, "autre_agent": 403, "facilitateur": 200}
# Le porteur (l'agent, par son compte) et les facilitateurs ; un POST vide revient avec les erreurs (200).
PORTEUR = {"anonyme": CONNEXION, "participant": 403, "agent": 200, "autre_agent": 403, "facilitateur": 200}


def preparer(monde):
    from ateliers.models import Engagement
    from personas.enums import StatutPersona
    from promesses.models import PointAvancement, Promesse
    from tests.ateliers.factories import AtelierFactory
    from tests.personas.factories import PersonaFactory
    from tests.promesses.factories import EngagementFactory, LettreEngagementFactory, promesse_annoncee
    from tests.securite.table import ateliers

    ateliers.preparer(monde)  # les engagements viennent des ateliers (sans effet s'il est déjà passé)
    moi = monde.utilisateurs["agent"]
    promesse = Promesse.objects.get(engagement=monde.engagement)
    promesse.comptes_porteurs.add(moi)
    point = PointAvancement.objects.create(
        promesse=promesse, date=datetime.date(2018, 5, 2), avancement=50, statut="en_cours", auteur_nom="Porteur"
    )
    brouillon = PersonaFactory(experimentation=monde.experimentation, statut=StatutPersona.BROUILLON)
    lettre = LettreEngagementFactory(atelier=AtelierFactory(seminaire=monde.seminaire, persona=brouillon))
    cachee = promesse_annoncee(EngagementFactory(lettre=lettre))
    cachee.comptes_porteurs.add(moi)
    point_cache = PointAvancement.objects.create(
        promesse=cachee, date=datetime.date(2018, 5, 2), avancement=10, statut="en_cours", auteur_nom="Porteur"
    )
    revoquee = promesse_annoncee(EngagementFactory(lettre=monde.lettre_engagement, numero=99))
    revoquee.jeton_revoque_le = datetime.datetime(2018, 6, 1, tzinfo=datetime.UTC)
    revoquee.save()
    assert Engagement.objects.filter(pk=monde.engagement.pk, retire_le__isnull=True).exists()
    monde.promesse = promesse
    monde.point = point
    monde.promesse_cachee = cachee
    monde.point_cache = point_cache
    monde.promesse_revoquee = revoquee


def _promesse(monde):
    return {"pk": monde.promesse.pk}


def _json(params=None):
    return lambda monde: {**(params(monde) if params else {}), "format": "json"}


def _point(monde):
    return {"pk": monde.point.pk}


LIGNES = {
    # Public, lecture seule.
    "promesses/": partout(200, post=partout(405)),
    "promesses/export.csv": partout(200),
    "promesses/export-points.csv": partout(200),
    "promesses/export.json": partout(200),
    "promesses/donnees/": partout(200),
    "promesses/flux/": partout(200),
    "promesses/flux/<slug:slug>/": partout(200, params=lambda monde: {"slug": monde.experimentation.slug}),
    "promesses/<int:pk>/": partout(200, params=_promesse, post=partout(405)),
    "promesses/<int:pk>/flux/": partout(200, params=_promesse),
    # Import CSV : facilitateurs ; sans fichier, le formulaire revient avec l'erreur.
    "promesses/import/": Ligne(**GERER, post=Ligne(**GERER)),
    # Le lien personnel du porteur : le jeton est le droit d'entrer (POST vide : le formulaire et ses erreurs).
    "promesses/lien/<str:jeton>/": partout(
        200, params=lambda monde: {"jeton": monde.promesse.jeton}, post=partout(200)
    ),
    "promesses/<int:pk>/mettre-a-jour/": Ligne(params=_promesse, **PORTEUR, post=Ligne(**PORTEUR)),
    # « Mes promesses » : tout compte connecté (la liste de ses promesses, vide s'il n'en porte pas) ; lecture seule.
    # La méthode se vérifie avant la connexion : un POST répond 405 à tous (rien n'est révélé).
    "promesses/mes-promesses/": Ligne(
        anonyme=CONNEXION, participant=200, agent=200, autre_agent=200, facilitateur=200, post=partout(405)
    ),
    # API publique en lecture seule.
    "api/^promesses/$": partout(200, post=partout(405)),
    "api/^promesses\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=_json()),
    "api/^promesses/(?P<pk>[^/.]+)/$": partout(200, params=_promesse, post=partout(405)),
    "api/^promesses/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=_json(_promesse)),
    "api/^points-avancement/$": partout(200, post=partout(405)),
    "api/^points-avancement\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=_json()),
    "api/^points-avancement/(?P<pk>[^/.]+)/$": partout(200, params=_point),
    "api/^points-avancement/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=_json(_point)),
}

VARIANTES = [
    ("promesses/lien/<str:jeton>/", partout(404, params=lambda monde: {"jeton": FAUX}, post=partout(404))),
    (
        "promesses/lien/<str:jeton>/",
        partout(404, params=lambda monde: {"jeton": monde.promesse_revoquee.jeton}, post=partout(404)),
    ),
    # Une promesse non publique n'existe pas pour le public, ni dans l'API.
    ("promesses/<int:pk>/", partout(404, params=lambda monde: {"pk": monde.promesse_cachee.pk})),
    ("promesses/<int:pk>/flux/", partout(404, params=lambda monde: {"pk": monde.promesse_cachee.pk})),
    ("api/^promesses/(?P<pk>[^/.]+)/$", partout(404, params=lambda monde: {"pk": monde.promesse_cachee.pk})),
    ("api/^points-avancement/(?P<pk>[^/.]+)/$", partout(404, params=lambda monde: {"pk": monde.point_cache.pk})),
    # Son porteur la met à jour quand même (suivie) ; pour les autres, une promesse non publique n'existe pas (404).
    (
        "promesses/<int:pk>/mettre-a-jour/",
        Ligne(
            params=lambda monde: {"pk": monde.promesse_cachee.pk},
            **{**PORTEUR, "participant": 404, "autre_agent": 404},
        ),
    ),
]
