"""Les irritants dans un vrai Chromium : la synthèse et la page d'un irritant (public anonyme), l'écran de
codage (facilitateur), sur ordinateur (1280 px) et sur mobile (360 px).

Chaque page répond, sans erreur dans la console, sans requête vers un autre site, sans violation
WCAG 2.1 A/AA relevée par axe-core, et sans défilement horizontal sur mobile. Sur l'écran de codage,
rattacher une observation d'un clic remplace sa seule fiche (htmx), sans recharger la page.
"""

import datetime

import pytest

from tests.browser.axe import axe_analyser, violations_formater
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser

VERBATIM_INTERNE = "Je ne veux pas que ma voisine sache que je touche le RSA."


@pytest.fixture
def diagnostic_irritants(donnees_publiques):
    """Trois irritants étayés d'observations à Cahors et Pradines, et deux observations à coder."""
    from comptes.enums import Role
    from experimentations.models import Experimentation
    from irritants import services
    from irritants.enums import Gravite
    from terrain.enums import SourceObservation, StatutPublication, TrancheAge
    from territoire.models import Commune, LieuAccueil
    from tests.comptes.factories import UserFactory
    from tests.irritants.factories import IrritantFactory, ThemeFactory
    from tests.terrain.factories import (
        EntretienFactory,
        ImmersionFactory,
        ObservationFactory,
        PublicFactory,
        VerbatimFactory,
    )

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    cahors = Commune.objects.get(code_insee="46042")
    pradines = Commune.objects.get(code_insee="46224")
    facilitatrice = UserFactory(username="claire", first_name="Claire", last_name="Dumas", role=Role.FACILITATEUR)
    agente = UserFactory(username="nadia", role=Role.AGENT)
    # Le serveur de test vide la base entre deux tests : thèmes et publics des migrations sont recréés ici.
    seniors = PublicFactory(slug="personnes-agees", nom="Personnes âgées", ordre=1)
    jeunes = PublicFactory(slug="jeunes", nom="Jeunes de moins de 25 ans", ordre=2)
    entretien = EntretienFactory(experimentation=experimentation, commune=cahors, date=datetime.date(2018, 1, 15))
    immersion = ImmersionFactory(
        experimentation=experimentation,
        lieu=LieuAccueil.objects.get(nom="CAF du Lot, accueil de Cahors"),
        date=datetime.date(2018, 1, 18),
    )
    themes = {
        slug: ThemeFactory(slug=slug, nom=nom, ordre=ordre)
        for ordre, (slug, nom) in enumerate(
            [
                ("accessibilite-mobilite", "Accessibilité des services publics et mobilité"),
                ("adaptation-reponse", "Adaptation de la réponse des services aux besoins des usagers"),
                ("accompagnement-eloignes", "Accompagnement des usagers les plus éloignés"),
            ],
            start=1,
        )
    }
    mobilite = IrritantFactory(
        experimentation=experimentation,
        titre="Se déplacer sans voiture vers les services",
        description="Hors de Cahors, le bus passe deux fois par jour ; le transport à la demande est mal connu.",
        theme=themes["accessibilite-mobilite"],
        gravite=Gravite.CRITIQUE,
    )
    courriers = IrritantFactory(
        experimentation=experimentation,
        titre="Des courriers administratifs incompréhensibles",
        description="Les lettres de relance ne disent pas quelle pièce manque ni qui appeler.",
        theme=themes["adaptation-reponse"],
        gravite=Gravite.FORTE,
    )
    IrritantFactory(
        experimentation=experimentation,
        titre="Personne pour aider à remplir les démarches en ligne",
        description="",
        theme=themes["accompagnement-eloignes"],
        gravite=Gravite.MOYENNE,
    )
    for i, (texte, origine, source, communes, publics, irritants) in enumerate(
        [
            ("Sans voiture, impossible d'aller à la CAF le mardi matin.", {"entretien": entretien},
             SourceObservation.USAGER, [cahors, pradines], [seniors], [mobilite]),
            ("Le bus du marché ne passe plus que le mercredi.", {"entretien": entretien},
             SourceObservation.RAPPORTE, [pradines], [seniors], [mobilite]),
            ("Une dame attend son fils pour venir au guichet.", {"immersion": immersion},
             SourceObservation.CONSTAT, [cahors], [seniors, jeunes], [mobilite, courriers]),
            ("Le courrier de relance ne dit pas quelle pièce manque.", {},
             SourceObservation.USAGER, [cahors], [jeunes], [courriers]),
        ]
    ):  # fmt: skip
        observation = ObservationFactory(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 15 + i),
            texte=texte,
            source=source,
            communes=communes,
            publics=publics,
            auteur=agente,
            **origine,
        )
        for irritant in irritants:
            # Par le service, pour que le journal du codage ait des lignes.
            services.preuve_ajouter(acteur=facilitatrice, irritant=irritant, observation=observation)
    VerbatimFactory(
        observation=mobilite.observations.first(),
        texte="Le bus passe deux fois par jour, alors je demande à ma voisine.",
        commune=cahors,
    )
    VerbatimFactory(
        observation=courriers.observations.first(),
        texte="J'ai dû appeler trois fois pour comprendre ce qu'on me demandait.",
        tranche_age=TrancheAge.DE_25_A_39,
        situation="mère isolée, aide à domicile en CDD",
        commune=pradines,
    )
    VerbatimFactory(
        observation=mobilite.observations.first(), texte=VERBATIM_INTERNE, statut=StatutPublication.INTERNE
    )

    a_coder = [
        ObservationFactory(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 20 + i),
            texte=texte,
            communes=[cahors],
            publics=[seniors],
            auteur=agente,
        )
        for i, texte in enumerate(
            [
                "Le site de la CAF ne marche pas sur le téléphone de Madame L.",
                "Pas de permanence de la CPAM à Pradines depuis l'été.",
            ]
        )
    ]
    VerbatimFactory(observation=a_coder[0], texte="Je n'ai pas d'ordinateur, seulement mon téléphone.")
    return {"facilitatrice": facilitatrice, "mobilite": mobilite, "courriers": courriers, "a_coder": a_coder}


PAGES_PUBLIQUES = [
    ("irritants-synthese", lambda d: "/irritants/"),
    ("irritant", lambda d: d["mobilite"].get_absolute_url()),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES_PUBLIQUES, ids=[nom for nom, _ in PAGES_PUBLIQUES])
def test_page_publique_des_irritants_accessible(onglet, diagnostic_irritants, nom, chemin, largeur):
    visite = onglet(largeur)

    reponse = visite.aller(chemin(diagnostic_irritants))
    visite.capturer(nom)
    violations = axe_analyser(visite.page)

    problemes = visite.problemes(reponse, violations)
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    assert not problemes, f"{nom} à {largeur} px :\n" + "\n\n".join(problemes)
    contenu = visite.page.content()
    assert "Se déplacer sans voiture vers les services" in contenu
    assert VERBATIM_INTERNE not in contenu
    assert "Sans voiture, impossible" not in contenu, "le texte des observations n'est jamais public"


PAGES_FACILITATEUR = [
    ("irritants-codage", lambda d: "/irritants/codage/"),
    ("irritants-synthese-facilitateur", lambda d: "/irritants/"),
    ("irritant-facilitateur", lambda d: d["mobilite"].get_absolute_url()),
    ("irritants-fusion", lambda d: "/irritants/fusion/"),
    ("irritants-journal", lambda d: "/irritants/journal/"),
    ("irritants-fiche-observation", lambda d: f"/irritants/codage/observations/{d['a_coder'][0].pk}/"),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES_FACILITATEUR, ids=[nom for nom, _ in PAGES_FACILITATEUR])
def test_pages_du_facilitateur_accessibles(onglet, diagnostic_irritants, nom, chemin, largeur):
    visite = onglet(largeur)
    visite.connecter(diagnostic_irritants["facilitatrice"])

    reponse = visite.aller(chemin(diagnostic_irritants))
    visite.capturer(nom)
    violations = axe_analyser(visite.page)

    problemes = visite.problemes(reponse, violations)
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    assert not problemes, f"{nom} à {largeur} px :\n" + "\n\n".join(problemes)


def test_fusionner_deux_irritants_dans_le_navigateur(onglet, diagnostic_irritants):
    from irritants.models import Irritant

    mobilite, courriers = diagnostic_irritants["mobilite"], diagnostic_irritants["courriers"]
    visite = onglet(LARGEUR_MOBILE)
    visite.connecter(diagnostic_irritants["facilitatrice"])
    visite.aller(f"/irritants/fusion/?source={courriers.pk}")
    page = visite.page

    page.get_by_label("Irritant qui le remplace").select_option(str(mobilite.pk))
    page.get_by_role("button", name="Vérifier avant de fusionner").click()
    page.get_by_role("heading", name="Confirmer la fusion").wait_for()
    visite.capturer("irritants-fusion-confirmation")
    violations = axe_analyser(page)
    page.get_by_role("button", name="Confirmer la fusion").click()
    page.get_by_role("heading", name=mobilite.titre).wait_for()

    assert page.url.endswith(mobilite.get_absolute_url())
    assert Irritant.objects.get(pk=courriers.pk).fusionne_dans_id == mobilite.pk
    assert not visite.erreurs, "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_rattacher_d_un_clic_remplace_la_fiche_sans_recharger(onglet, diagnostic_irritants, largeur):
    from irritants.models import Irritant, Preuve

    observation = diagnostic_irritants["a_coder"][0]
    courriers = diagnostic_irritants["courriers"]
    visite = onglet(largeur)
    visite.connecter(diagnostic_irritants["facilitatrice"])
    visite.aller("/irritants/codage/")
    page = visite.page
    page.evaluate("window.cbMemePage = true")
    fiche = page.locator(f"#observation-{observation.pk}")

    # Rien de coché : la fiche revient avec un message d'erreur (réponse 400 remplacée quand même).
    fiche.get_by_role("button", name="Rattacher").click()
    page.locator(f"#observation-{observation.pk} .fr-alert--error").wait_for()
    assert "Cochez au moins un irritant" in fiche.inner_text()
    erreur_violations = axe_analyser(page)

    fiche.locator(f"label[for='observation-{observation.pk}-irritant-{courriers.pk}']").click()
    fiche.get_by_role("button", name="Rattacher").click()
    page.locator(f"#observation-{observation.pk}.cb-fiche--codee").wait_for()
    visite.capturer("irritants-codage-apres-rattachement")
    codee_violations = axe_analyser(page)

    assert page.evaluate("window.cbMemePage") is True, "la page n'a pas été rechargée"
    assert "Observation rattachée à « Des courriers administratifs incompréhensibles »." in fiche.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status", "le focus va au message"
    assert Preuve.objects.filter(irritant=courriers, observation=observation).exists()
    autre = diagnostic_irritants["a_coder"][1]
    assert page.locator(f"#observation-{autre.pk}.cb-fiche--codee").count() == 0, "les autres fiches sont intactes"

    # Annuler le rattachement.
    fiche.get_by_role(
        "button", name="Annuler le rattachement à « Des courriers administratifs incompréhensibles »"
    ).click()
    page.locator(f"#observation-{observation.pk}:not(.cb-fiche--codee)").wait_for()
    assert not Preuve.objects.filter(observation=observation).exists()

    # Créer un irritant depuis la fiche.
    fiche.get_by_text("Créer un irritant et y rattacher l'observation").click()
    fiche.get_by_label("Titre").fill("Des démarches impossibles sur téléphone")
    fiche.get_by_label("Thème").select_option(label="Accompagnement des usagers les plus éloignés")
    fiche.get_by_role("button", name="Créer l'irritant et rattacher l'observation").click()
    page.locator(f"#observation-{observation.pk}.cb-fiche--codee").wait_for()
    assert page.evaluate("window.cbMemePage") is True
    cree = Irritant.objects.get(titre="Des démarches impossibles sur téléphone")
    assert list(cree.observations.all()) == [observation]

    # La réponse 400 voulue plus haut (rien de coché) est la seule erreur que le navigateur peut noter.
    erreurs = [erreur for erreur in visite.erreurs if "status of 400" not in erreur]
    assert not erreurs, "\n".join(erreurs)
    assert not erreur_violations, violations_formater(erreur_violations)
    assert not codee_violations, violations_formater(codee_violations)
