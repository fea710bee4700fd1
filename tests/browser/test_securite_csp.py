"""La Content-Security-Policy dans Chromium : les pages principales tournent sans qu'aucune violation soit relevée.

Chaque violation (événement `securitypolicyviolation`, relevé par un script posé avant ceux de la page)
et chaque erreur de la console font échouer le test. On vérifie aussi que ce qui dépend du JavaScript
marche sous la politique : DSFR démarré, htmx chargé, service worker de l'espace terrain inscrit
(worker-src 'self'), Swagger UI affichant les opérations de l'API.
"""

import datetime

import pytest

from tests.comptes.factories import agent, facilitateur
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import ObservationFactory, VerbatimFactory

pytestmark = pytest.mark.browser

RELEVE = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""

PAGES_PUBLIQUES = ["/", "/territoire/", "/irritants/", "/personas/", "/comptes/login/", "/comptes/password_reset/"]
PAGES_AGENT = ["/terrain/", "/terrain/observations/nouvelle/", "/terrain/observations/", "/terrain/hors-ligne/"]
PAGES_FACILITATEUR = [
    "/irritants/codage/",
    "/terrain/observations/",
    "/terrain/entretiens/",
    "/terrain/immersions/",
    "/irritants/journal/",
    "/admin/",
    "/admin/terrain/observation/",
]


@pytest.fixture
def donnees(donnees_publiques):
    from experimentations.models import Experimentation

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    moi = agent(username="agent-csp")
    observation = ObservationFactory(experimentation=experimentation, auteur=moi, date=datetime.date(2018, 1, 16))
    VerbatimFactory(observation=observation)
    irritant = IrritantFactory(experimentation=experimentation)
    PreuveFactory(irritant=irritant, observation=observation)
    return {"agent": moi, "facilitateur": facilitateur(username="facilitateur-csp"), "irritant": irritant}


def _visiter(visite, chemins) -> list[str]:
    visite.page.add_init_script(RELEVE)
    problemes = []
    for chemin in chemins:
        reponse = visite.aller(chemin)
        if reponse is None or reponse.status >= 400:
            problemes.append(f"{chemin} : HTTP {reponse.status if reponse else '?'}")
        if not reponse.headers.get("content-security-policy"):
            problemes.append(f"{chemin} : sans Content-Security-Policy")
        for violation in visite.page.evaluate("window.__violations"):
            problemes.append(f"{chemin} : violation {violation}")
        dsfr = not chemin.startswith("/admin/")  # l'administration de Django n'est pas en DSFR
        if dsfr and visite.page.evaluate("document.documentElement.dataset.frJs") != "true":
            problemes.append(f"{chemin} : DSFR n'a pas démarré")
        if chemin.startswith(("/terrain", "/irritants/codage")) and not visite.page.evaluate("!!window.htmx"):
            problemes.append(f"{chemin} : htmx absent")
    return problemes + [f"console : {erreur}" for erreur in visite.erreurs]


def test_pages_publiques_sans_violation(onglet, donnees):
    visite = onglet(1280)
    chemins = [*PAGES_PUBLIQUES, f"/irritants/{donnees['irritant'].pk}/"]
    problemes = _visiter(visite, chemins)
    assert not problemes, "\n".join(problemes)


def test_espace_terrain_sans_violation_et_service_worker_inscrit(onglet, donnees):
    visite = onglet(360)
    visite.connecter(donnees["agent"])
    problemes = _visiter(visite, PAGES_AGENT)
    visite.aller("/terrain/")
    inscrit = visite.page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.active ? r.active.scriptURL : '')", None
    )
    assert inscrit.endswith("/terrain/sw.js")
    problemes += [f"violation {v}" for v in visite.page.evaluate("window.__violations")]
    assert not problemes, "\n".join(problemes)


def test_pages_des_facilitateurs_sans_violation(onglet, donnees):
    visite = onglet(1280)
    visite.connecter(donnees["facilitateur"])
    problemes = _visiter(visite, PAGES_FACILITATEUR)
    # Le codage en flux : un filtre change la liste par htmx, sans violation.
    visite.aller("/terrain/observations/")
    problemes += [f"violation {v}" for v in visite.page.evaluate("window.__violations")]
    assert not problemes, "\n".join(problemes)


def test_swagger_ui_affiche_les_operations_sous_la_politique(onglet, donnees):
    visite = onglet(1280)
    visite.page.add_init_script(RELEVE)
    reponse = visite.aller("/api/docs/")
    assert "script-src 'self'" in reponse.headers["content-security-policy"]
    visite.page.locator(".opblock").first.wait_for()
    assert visite.page.locator(".opblock").count() >= 10
    visite.capturer("securite-swagger")
    violations = visite.page.evaluate("window.__violations")
    assert not violations, violations
    assert not visite.erreurs, visite.erreurs
