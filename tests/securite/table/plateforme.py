"""Accueil, territoire, comptes, sonde, API et sa documentation."""

from tests.securite.table import CONNEXION, Ligne, partout


def lien_reinitialisation(monde) -> dict:
    from tests.securite.test_urls_roles import lien_reinitialisation

    return lien_reinitialisation(monde)


LIGNES = {
    "": partout(200),
    "territoire/": partout(200),
    "territoire/communes/<str:code_insee>/": partout(200, params=lambda monde: {"code_insee": "46042"}),
    "sante/": partout(200),
    # Comptes : les pages de Django, gabarits DSFR.
    "comptes/apres-connexion/": Ligne(
        anonyme=CONNEXION, participant=302, agent=302, autre_agent=302, facilitateur=302
    ),
    "comptes/password_reset/": partout(200),
    "comptes/login/": partout(200),
    # Déconnexion en POST seulement (GET 405 pour tous) ; en POST, tout le monde ressort vers l'accueil.
    "comptes/logout/": partout(405, post=partout(302)),
    "comptes/password_change/": Ligne(
        anonyme=CONNEXION, participant=200, agent=200, autre_agent=200, facilitateur=200
    ),
    "comptes/password_change/done/": Ligne(
        anonyme=CONNEXION, participant=200, agent=200, autre_agent=200, facilitateur=200
    ),
    "comptes/password_reset/done/": partout(200),
    # Un lien de réinitialisation valide pour l'agent : la page le redirige vers « set-password ».
    "comptes/reset/<uidb64>/<token>/": partout(302, params=lien_reinitialisation),
    "comptes/reset/done/": partout(200),
    # API : lecture publique du territoire et des irritants ; observations sur connexion (401 en HTTP Basic).
    "api/": partout(200),
    "api/<drf_format_suffix:format>": partout(200, params=lambda monde: {"format": ".json"}),
    "api/schema/": partout(200),
    "api/docs/": partout(200),
    "api/^communes/$": partout(200),
    "api/^communes\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=lambda monde: {"format": "json"}),
    "api/^communes/(?P<pk>[^/.]+)/$": partout(200, params=lambda monde: {"pk": monde.commune.pk}),
    "api/^communes/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(
        200, params=lambda monde: {"pk": monde.commune.pk, "format": "json"}
    ),
    "api/^epci/$": partout(200),
    "api/^epci\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=lambda monde: {"format": "json"}),
    "api/^epci/(?P<siren>[^/.]+)/$": partout(200, params=lambda monde: {"siren": monde.epci.siren}),
    "api/^epci/(?P<siren>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(
        200, params=lambda monde: {"siren": monde.epci.siren, "format": "json"}
    ),
    "api/^lieux-accueil/$": partout(200),
    "api/^lieux-accueil\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=lambda monde: {"format": "json"}),
    "api/^lieux-accueil/(?P<pk>[^/.]+)/$": partout(200, params=lambda monde: {"pk": monde.lieu.pk}),
    "api/^lieux-accueil/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(
        200, params=lambda monde: {"pk": monde.lieu.pk, "format": "json"}
    ),
    "api/^observations/$": Ligne(anonyme=401, participant=403, agent=200, autre_agent=200, facilitateur=200),
    "api/^observations\\.(?P<format>[a-z0-9]+)/?$": Ligne(
        params=lambda monde: {"format": "json"},
        anonyme=401,
        participant=403,
        agent=200,
        autre_agent=200,
        facilitateur=200,
    ),
    # L'observation de l'agent : un autre agent reçoit 404, comme si elle n'existait pas.
    "api/^observations/(?P<pk>[^/.]+)/$": Ligne(
        params=lambda monde: {"pk": monde.observation.pk},
        anonyme=401,
        participant=403,
        agent=200,
        autre_agent=404,
        facilitateur=200,
    ),
    "api/^observations/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": Ligne(
        params=lambda monde: {"pk": monde.observation.pk, "format": "json"},
        anonyme=401,
        participant=403,
        agent=200,
        autre_agent=404,
        facilitateur=200,
    ),
    "api/^irritants/$": partout(200),
    "api/^irritants\\.(?P<format>[a-z0-9]+)/?$": partout(200, params=lambda monde: {"format": "json"}),
    "api/^irritants/(?P<pk>[^/.]+)/$": partout(200, params=lambda monde: {"pk": monde.irritant.pk}),
    "api/^irritants/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": partout(
        200, params=lambda monde: {"pk": monde.irritant.pk, "format": "json"}
    ),
}
