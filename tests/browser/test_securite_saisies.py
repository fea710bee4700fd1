"""Saisies hostiles dans Chromium : chaque chaîne dans chaque champ texte des formulaires, aucun script ne
s'exécute, aucune balise injectée n'apparaît dans la page, aucune réponse 5xx.

Les chaînes visent l'injection HTML et JavaScript (balises, attributs, `javascript:`), les gabarits
(`{{ }}`, `{% %}`), les formules de tableur, les caractères de contrôle et d'inversion, les textes
démesurés. Après chaque envoi, la page reçue (erreurs ou fiche enregistrée) est inspectée : pas de
`window.__xss`, pas d'élément `[data-xss]`, pas de boîte de dialogue ; toute réponse HTTP de la
visite est relevée, et une seule 5xx fait échouer le test. Le nombre de chaînes × champs est affiché.
"""

import datetime

import pytest
from axes.models import AccessAttempt

from tests.comptes.factories import agent, facilitateur

pytestmark = pytest.mark.browser

CHAINES = [
    "<script>window.__xss = 1</script>",
    '"><img src=x data-xss=1 onerror="window.__xss=1">',
    "'></textarea><svg data-xss=1 onload=window.__xss=1><b data-xss=1>gras</b>",
    "javascript:window.__xss=1//",
    "{{ request.user.password }}{% debug %}{{7*7}}",
    '=HYPERLINK("http://exemple.invalid","cliquer")',
    "' OR '1'='1'; DROP TABLE terrain_observation; --",
    "\u202etxet\u200b\ufeff\u0007 inversé ../../etc/passwd " + "😀" * 300,
    "Cahors, " * 900,
    "a\x00b",
]

# (adresse, rôle, libellé du bouton d'envoi). Une app qui ajoute un formulaire ajoute sa ligne ici.
FORMULAIRES = [
    ("/comptes/login/", None, "Se connecter"),
    ("/comptes/password_reset/", None, "Recevoir le lien"),
    ("/terrain/observations/nouvelle/", "agent", "Enregistrer l’observation"),
    ("/comptes/password_change/", "agent", None),
    ("/terrain/observations/?q=x", "facilitateur", None),
]
CHAMPS = (
    "input[type=text]:visible, input[type=search]:visible, input[type=email]:visible, "
    "input[type=password]:visible, input:not([type]):visible, textarea:visible"
)
INJECTION = "() => !!window.__xss || document.querySelectorAll('[data-xss]').length"


@pytest.fixture
def comptes(donnees_publiques):
    return {"agent": agent(username="agent-hostile"), "facilitateur": facilitateur(username="fac-hostile")}


def _envoyer(visite, adresse: str, bouton: str | None, chaine: str, reponses: list) -> tuple[int, list[str]]:
    page = visite.page
    visite.aller(adresse)
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    champs = page.locator(CHAMPS)
    nombre = champs.count()
    for indice in range(nombre):
        champ = champs.nth(indice)
        if champ.is_editable():
            champ.fill(chaine)
    if bouton:
        page.get_by_role("button", name=bouton).last.click()
    else:
        page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # un envoi par script (saisie hors ligne) navigue un peu plus tard
    page.wait_for_load_state("networkidle")
    problemes = []
    if page.evaluate(INJECTION):
        problemes.append(f"{adresse} : balise ou script injecté par {chaine[:60]!r}")
    return nombre, problemes


def test_chaque_chaine_hostile_dans_chaque_champ_sans_script_ni_500(onglet, comptes, capsys):
    reponses: list[tuple[int, str]] = []
    problemes: list[str] = []
    dialogues: list[str] = []
    envois = 0
    for adresse, role, bouton in FORMULAIRES:
        visite = onglet(1280)
        visite.page.on("response", lambda r: reponses.append((r.status, r.url)))
        visite.page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
        if role:
            visite.connecter(comptes[role])
        for chaine in CHAINES:
            AccessAttempt.objects.all().delete()  # les échecs de connexion voulus ne bloquent pas la suite
            nombre, trouves = _envoyer(visite, adresse, bouton, chaine, reponses)
            assert nombre, f"{adresse} : aucun champ texte trouvé"
            envois += nombre
            problemes += trouves
        problemes += [f"{adresse} : {erreur}" for erreur in visite.erreurs if "status of 5" in erreur]
    erreurs_serveur = [f"{statut} {url}" for statut, url in reponses if statut >= 500]
    with capsys.disabled():
        print(
            f"\nSaisies hostiles : {len(CHAINES)} chaînes × {envois // len(CHAINES)} champs "
            f"({len(FORMULAIRES)} formulaires) = {envois} saisies, {len(reponses)} réponses, "
            f"{len(erreurs_serveur)} en 5xx"
        )
    assert not erreurs_serveur, erreurs_serveur
    assert not dialogues, dialogues
    assert not problemes, "\n".join(problemes)


def test_la_fiche_enregistree_montre_le_texte_hostile_comme_du_texte(onglet, comptes):
    from terrain.models import Observation

    visite = onglet(1280)
    visite.connecter(comptes["agent"])
    chaine = '"><img src=x data-xss=1 onerror="window.__xss=1"> <b data-xss=1>gras</b>'
    visite.aller("/terrain/observations/nouvelle/")
    page = visite.page
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    page.get_by_label("Ce que vous avez observé").fill(chaine)
    page.locator("#id_date").fill(datetime.date(2018, 1, 16).isoformat())
    page.get_by_label("Les mots de la personne").fill(chaine)
    page.get_by_role("button", name="Enregistrer l’observation").last.click()
    page.wait_for_url("**/terrain/")
    page.wait_for_load_state("networkidle")
    observation = Observation.objects.get()
    visite.aller(f"/terrain/observations/{observation.pk}/")
    assert chaine in page.locator("main").inner_text()
    assert not page.evaluate(INJECTION)
