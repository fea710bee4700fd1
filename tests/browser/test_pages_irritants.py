"""Les irritants dans un vrai Chromium : la synthèse et la page d'un irritant (public anonyme), l'écran de
codage (facilitateur), sur ordinateur (1280 px) et sur mobile (360 px).

Chaque page répond, sans erreur dans la console, sans requête vers un autre site, sans violation
WCAG 2.1 A/AA relevée par axe-core, et sans défilement horizontal sur mobile. Sur l'écran de codage, un
facilitateur code dix observations à la suite, au clavier (1280 px) ou au doigt (360 px), sans revenir en
arrière ni créer de doublon ; le public ne voit jamais un irritant en brouillon.
"""

import datetime

import pytest

from tests.browser.axe import axe_analyser, violations_formater
from tests.browser.conftest import DOSSIER_CAPTURES
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


# --- Le codage en flux -------------------------------------------------------------------------------------

IRRITANTS_EN_PLUS = [
    ("accessibilite-mobilite", "Des lieux d'accueil éloignés des communes rurales"),
    ("accessibilite-mobilite", "Des horaires d'ouverture incompatibles avec le travail"),
    ("accessibilite-mobilite", "Zones blanches : pas de réseau pour joindre les services à distance"),
    ("adaptation-reponse", "Des délais de traitement qui créent des ruptures de droits"),
    ("adaptation-reponse", "Des plateformes téléphoniques injoignables"),
    ("adaptation-reponse", "Renvoyé d'un guichet à l'autre"),
    ("adaptation-reponse", "Pas de solution de garde pendant les rendez-vous"),
    ("accompagnement-eloignes", "Isolement des personnes âgées en perte d'autonomie"),
    ("accompagnement-eloignes", "Méconnaissance des droits et non-recours"),
    ("accompagnement-eloignes", "Pas d'interlocuteur de proximité pour les jeunes"),
]
NOUVEL_IRRITANT = "Des démarches impossibles sur téléphone"


@pytest.fixture
def file_de_codage(diagnostic_irritants):
    """Le diagnostic, treize irritants (comme la démo) et douze observations à coder : une série de dix et la suite."""
    from irritants.models import Irritant, Theme
    from territoire.models import Commune
    from tests.terrain.factories import ObservationFactory, VerbatimFactory

    experimentation = diagnostic_irritants["mobilite"].experimentation
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for slug, titre in IRRITANTS_EN_PLUS:
        Irritant.objects.create(experimentation=experimentation, titre=titre, theme=themes[slug], statut="publie")
    cahors = Commune.objects.get(code_insee="46042")
    textes = [
        "Une mère seule ne peut pas venir à l'accueil de la CAF sans faire garder ses enfants.",
        "Le numéro de la CPAM sonne dans le vide, trois jours de suite, selon un retraité de Pradines.",
        "Les jeunes du quartier ne savent pas à qui s'adresser pour leur première déclaration de revenus.",
        "Un agriculteur attend depuis quatre mois le versement de sa prime d'activité.",
        "À la mairie, une dame âgée demande de l'aide pour imprimer une attestation.",
        "Un usager a été renvoyé de la CAF à la CPAM puis de nouveau à la CAF pour le même dossier.",
        "Le bus de 8 h ne passe plus pendant les vacances scolaires.",
        "Les courriers de Pôle emploi arrivent après la date du rendez-vous.",
        "Une famille ignore qu'elle a droit à la complémentaire santé solidaire.",
        "Pas de réseau mobile dans la vallée : impossible d'appeler la plateforme.",
    ]
    suite = [
        ObservationFactory(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 22 + i),
            texte=texte,
            communes=[cahors],
            auteur=diagnostic_irritants["a_coder"][0].auteur,
        )
        for i, texte in enumerate(textes)
    ]
    VerbatimFactory(observation=suite[1], texte="On m'a dit de rappeler, mais personne ne décroche jamais.")
    return {**diagnostic_irritants, "a_coder": [*diagnostic_irritants["a_coder"], *suite]}


ETAT_DE_LA_VUE = """(id) => {
    const titre = document.getElementById(id + "-titre");
    const cadre = titre.getBoundingClientRect();
    return {
        focus: document.activeElement === titre,
        haut: cadre.top,
        bas: cadre.bottom,
        hauteur: window.innerHeight,
        defilement: window.scrollY,
        compteur: document.getElementById("codage-compteur").textContent.trim(),
    };
}"""


def capturer_la_vue(visite, nom: str):
    """Ce que voit le facilitateur à cet instant (la fenêtre, pas toute la page) : la fiche en cours, ses voisines."""
    chemin = DOSSIER_CAPTURES / f"{nom}-vue-{visite.largeur}.png"
    chemin.parent.mkdir(parents=True, exist_ok=True)
    visite.page.screenshot(path=str(chemin))


def attendre_codee(page, observation):
    page.locator(f"#observation-{observation.pk}.cb-fiche--resume").wait_for()
    # Le focus passe à la fiche suivante une fois les échanges htmx posés (htmx:afterSettle).
    page.wait_for_function("() => document.activeElement && document.activeElement.id.endsWith('-titre')")


def verifier_la_suivante_en_vue(page, suivante, compteur_attendu: str) -> dict:
    etat = page.evaluate(ETAT_DE_LA_VUE, f"observation-{suivante.pk}")
    assert etat["focus"], f"le focus n'est pas sur la fiche suivante ({suivante.texte[:40]}…) : {etat}"
    assert etat["haut"] >= 0 and etat["bas"] <= etat["hauteur"], f"la fiche suivante n'est pas à l'écran : {etat}"
    assert etat["compteur"] == compteur_attendu
    return etat


def cocher(page, observation, rang: int, *, clavier: bool):
    """Coche le rang-ième irritant (à partir de 0) de la fiche : par sa touche numérotée, ou d'un toucher."""
    if clavier:
        page.keyboard.press(str((rang + 1) % 10))
    else:
        page.locator(f"#observation-{observation.pk} .cb-choix__element label").nth(rang).click()


def rattacher(page, observation, *, clavier: bool):
    if clavier:
        page.keyboard.press("Enter")
    else:
        page.locator(f"#observation-{observation.pk}").get_by_role(
            "button", name="Rattacher aux irritants cochés"
        ).click()


@pytest.mark.parametrize(
    ("largeur", "clavier"), [(LARGEUR_BUREAU, True), (LARGEUR_MOBILE, False)], ids=["bureau-clavier", "mobile-doigt"]
)
def test_coder_dix_observations_a_la_suite_sans_revenir_en_arriere(onglet, file_de_codage, largeur, clavier):
    from irritants.models import Irritant, cle_titre

    a_coder = file_de_codage["a_coder"]
    visite = onglet(largeur)
    visite.connecter(file_de_codage["facilitatrice"])
    visite.aller("/irritants/codage/")
    page = visite.page
    page.evaluate("window.cbMemePage = true")
    hauteur = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nHauteur de la file de dix fiches à {largeur} px : {hauteur} px")
    visite.capturer("irritants-codage-file")
    violations = {"file": axe_analyser(page)}
    total = len(a_coder)
    assert page.locator("#file-codage .cb-fiche").count() == 10

    # 1. Cocher deux irritants, rattacher : la fiche se replie, la suivante prend le focus, à l'écran.
    cocher(page, a_coder[0], 0, clavier=clavier)
    cocher(page, a_coder[0], 4, clavier=clavier)
    rattacher(page, a_coder[0], clavier=clavier)
    attendre_codee(page, a_coder[0])
    verifier_la_suivante_en_vue(page, a_coder[1], f"{total - 1} observations à coder")
    capturer_la_vue(visite, "irritants-codage-apres-rattachement")
    visite.capturer("irritants-codage-apres-rattachement")
    violations["repliee"] = axe_analyser(page)

    # 2. Créer un irritant depuis la fiche (les lettres tapées ne déclenchent aucun raccourci).
    fiche = page.locator(f"#observation-{a_coder[1].pk}")
    if clavier:
        page.keyboard.press("c")
    else:
        fiche.get_by_text("Créer un irritant et y rattacher l'observation").click()
    titre = fiche.get_by_label("Titre")
    if clavier:
        titre.press_sequentially(NOUVEL_IRRITANT)
    else:
        titre.fill(NOUVEL_IRRITANT)
    fiche.get_by_label("Thème").select_option(label="Accompagnement des usagers les plus éloignés")
    assert titre.input_value() == NOUVEL_IRRITANT
    debordements = page.evaluate(
        """(id) => { const fiche = document.getElementById(id).getBoundingClientRect();
            return [...document.querySelectorAll("#" + id + " .cb-creation select, #" + id + " .cb-creation input")]
              .filter((champ) => champ.type !== "hidden" && champ.getBoundingClientRect().right > fiche.right - 1)
              .map((champ) => champ.name); }""",
        f"observation-{a_coder[1].pk}",
    )
    assert not debordements, f"des champs dépassent de leur fiche : {debordements}"
    capturer_la_vue(visite, "irritants-codage-creation")
    visite.capturer("irritants-codage-creation")
    violations["creation"] = axe_analyser(page)
    if clavier:
        titre.press("Enter")
    else:
        fiche.get_by_role("button", name="Créer l'irritant et rattacher l'observation").click()
    attendre_codee(page, a_coder[1])
    cree = Irritant.objects.get(titre=NOUVEL_IRRITANT)
    verifier_la_suivante_en_vue(page, a_coder[2], f"{total - 2} observations à coder")

    # 3. Le nouvel irritant est déjà offert aux autres fiches de la page, sans rechargement.
    for autre in a_coder[2:10]:
        assert page.locator(f"#observation-{autre.pk}-irritant-{cree.pk}").count() == 1
    page.locator(f"label[for='observation-{a_coder[2].pk}-irritant-{cree.pk}']").click()
    if clavier:
        page.locator(f"#observation-{a_coder[2].pk}-titre").focus()
    rattacher(page, a_coder[2], clavier=clavier)
    attendre_codee(page, a_coder[2])
    verifier_la_suivante_en_vue(page, a_coder[3], f"{total - 3} observations à coder")
    assert list(cree.observations.order_by("pk")) == [a_coder[1], a_coder[2]]

    # 4. Le même titre, aux accents et majuscules près : refusé, l'existant est proposé.
    fiche = page.locator(f"#observation-{a_coder[3].pk}")
    fiche.get_by_text("Créer un irritant et y rattacher l'observation").click()
    fiche.get_by_label("Titre").fill("DES DEMARCHES IMPOSSIBLES SUR TELEPHONE")
    fiche.get_by_label("Thème").select_option(label="Accompagnement des usagers les plus éloignés")
    fiche.get_by_role("button", name="Créer l'irritant et rattacher l'observation").click()
    fiche.get_by_text("Un irritant porte déjà ce titre : rattachez-y").wait_for()
    capturer_la_vue(visite, "irritants-codage-doublon")
    visite.capturer("irritants-codage-doublon")
    violations["doublon"] = axe_analyser(page)
    fiche.get_by_role("button", name=f"Rattacher à cet irritant : « {NOUVEL_IRRITANT} »").click()
    attendre_codee(page, a_coder[3])
    verifier_la_suivante_en_vue(page, a_coder[4], f"{total - 4} observations à coder")

    # 5. Annuler le dernier codage : la fiche se rouvre, le compteur remonte ; puis la coder de nouveau.
    if clavier:
        page.keyboard.press("a")
    else:
        page.locator(f"#observation-{a_coder[3].pk}").get_by_role("button", name="Annuler").click()
    page.locator(f"#observation-{a_coder[3].pk}.cb-fiche--a-coder").wait_for()
    page.wait_for_function(f"() => document.activeElement.id === 'observation-{a_coder[3].pk}-titre'")
    assert page.locator("#codage-compteur").inner_text() == f"{total - 3} observations à coder"
    cocher(page, a_coder[3], 2, clavier=clavier)
    rattacher(page, a_coder[3], clavier=clavier)
    attendre_codee(page, a_coder[3])
    verifier_la_suivante_en_vue(page, a_coder[4], f"{total - 4} observations à coder")

    # 6. Les six suivantes, d'un irritant chacune ; à la dixième, la série suivante se charge seule.
    for rang in range(4, 10):
        cocher(page, a_coder[rang], rang % 9, clavier=clavier)
        rattacher(page, a_coder[rang], clavier=clavier)
        attendre_codee(page, a_coder[rang])
        if rang < 9:
            verifier_la_suivante_en_vue(page, a_coder[rang + 1], f"{total - rang - 1} observations à coder")
    page.locator(f"#observation-{a_coder[10].pk}").wait_for()
    page.wait_for_function(f"() => document.activeElement.id === 'observation-{a_coder[10].pk}-titre'")
    verifier_la_suivante_en_vue(page, a_coder[10], "2 observations à coder")
    capturer_la_vue(visite, "irritants-codage-serie-suivante")
    visite.capturer("irritants-codage-serie-suivante")
    violations["serie"] = axe_analyser(page)

    assert page.evaluate("window.cbMemePage") is True, "la page n'a jamais été rechargée"
    assert Irritant.objects.filter(titre_normalise=cle_titre(NOUVEL_IRRITANT)).count() == 1, "aucun doublon"
    assert all(observation.irritants.exists() for observation in a_coder[:10])
    # Le refus du doublon (400, voulu) est la seule erreur que le navigateur peut noter.
    erreurs = [erreur for erreur in visite.erreurs if "status of 400" not in erreur]
    assert not erreurs, "\n".join(erreurs)
    for etape, trouvees in violations.items():
        assert not trouvees, f"{etape} à {largeur} px :\n" + violations_formater(trouvees)
    # Une série de dix fiches tenait 10 300 px à 1280 px et 25 000 px sur un téléphone (issue 8).
    assert hauteur < (4_500 if largeur == LARGEUR_BUREAU else 9_000), hauteur


def test_le_public_ne_voit_un_irritant_cree_au_codage_qu_une_fois_publie(onglet, file_de_codage):
    observation = file_de_codage["a_coder"][0]
    facilitatrice = onglet(LARGEUR_MOBILE)
    facilitatrice.connecter(file_de_codage["facilitatrice"])
    facilitatrice.aller("/irritants/codage/")
    page = facilitatrice.page
    fiche = page.locator(f"#observation-{observation.pk}")
    fiche.get_by_text("Créer un irritant et y rattacher l'observation").click()
    fiche.get_by_label("Titre").fill(NOUVEL_IRRITANT)
    fiche.get_by_label("Thème").select_option(label="Accompagnement des usagers les plus éloignés")
    fiche.get_by_label("Description (facultatif)").fill("Note interne : vu avec Mme L. au guichet.")
    fiche.get_by_role("button", name="Créer l'irritant et rattacher l'observation").click()
    page.locator(f"#observation-{observation.pk}.cb-fiche--resume").wait_for()

    public = onglet(LARGEUR_MOBILE)
    for chemin in ("/irritants/", "/api/irritants/"):
        public.aller(chemin)
        assert NOUVEL_IRRITANT not in public.page.content(), f"un brouillon est visible du public sur {chemin}"
        assert "Note interne" not in public.page.content()

    fiche.get_by_role("button", name=f"Publier l'irritant « {NOUVEL_IRRITANT} »").click()
    fiche.locator(".cb-etat-irritant .fr-badge--success").wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('cb-etat-irritant')")
    facilitatrice.capturer("irritants-codage-publie")
    violations = axe_analyser(page)

    public.aller("/irritants/")
    assert NOUVEL_IRRITANT in public.page.content()
    assert not facilitatrice.erreurs and not public.erreurs, "\n".join(facilitatrice.erreurs + public.erreurs)
    assert not violations, violations_formater(violations)


def test_les_raccourcis_ont_une_aide_et_se_desactivent(onglet, file_de_codage):
    premiere = file_de_codage["a_coder"][0]
    visite = onglet(LARGEUR_BUREAU)
    visite.connecter(file_de_codage["facilitatrice"])
    visite.aller("/irritants/codage/")
    page = visite.page

    bouton = page.get_by_role("button", name="Raccourcis clavier")
    assert bouton.is_visible(), "l'aide est découvrable sans connaître la touche « ? »"
    page.keyboard.press("?")
    aide = page.locator("#codage-aide")
    aide.get_by_role("heading", name="Raccourcis clavier du codage").wait_for()
    page.wait_for_selector("#codage-aide.fr-modal--opened")
    visite.capturer("irritants-codage-aide")
    violations = axe_analyser(page)
    # Un raccourci ne joue pas derrière l'aide ouverte.
    page.keyboard.press("1")
    assert not page.locator(f"#observation-{premiere.pk} input[name=irritants]").first.is_checked()

    aide.get_by_text("Raccourcis d'une touche").click()  # les désactive
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#codage-aide.fr-modal--opened')")
    page.keyboard.press("1")
    assert not page.locator(f"#observation-{premiere.pk} input[name=irritants]").first.is_checked()
    assert page.locator(".cb-raccourci").count() == 0, "sans raccourcis, plus de numéros"

    page.reload(wait_until="networkidle")  # le choix est gardé sur ce navigateur
    page.keyboard.press("1")
    assert not page.locator(f"#observation-{premiere.pk} input[name=irritants]").first.is_checked()
    assert not visite.erreurs, "\n".join(visite.erreurs)
    assert not violations, violations_formater(violations)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_rattacher_sans_rien_cocher_explique_l_erreur_dans_la_fiche(onglet, file_de_codage, largeur):
    observation = file_de_codage["a_coder"][0]
    visite = onglet(largeur)
    visite.connecter(file_de_codage["facilitatrice"])
    visite.aller("/irritants/codage/")
    page = visite.page
    fiche = page.locator(f"#observation-{observation.pk}")

    fiche.get_by_role("button", name="Rattacher aux irritants cochés").click()
    page.locator(f"#observation-{observation.pk} .fr-alert--error").wait_for()

    assert "Cochez au moins un irritant" in fiche.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert", "le focus va à l'erreur"
    violations = axe_analyser(page)
    erreurs = [erreur for erreur in visite.erreurs if "status of 400" not in erreur]
    assert not erreurs, "\n".join(erreurs)
    assert not violations, violations_formater(violations)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_le_tableau_des_observations_tient_dans_son_conteneur(onglet, file_de_codage, largeur):
    visite = onglet(largeur)
    visite.connecter(file_de_codage["facilitatrice"])

    reponse = visite.aller("/terrain/observations/")
    visite.capturer("observations-tableau")
    mesures = visite.page.evaluate(
        """() => { const tableau = document.querySelector(".fr-table table");
            const cadre = document.querySelector(".fr-table").getBoundingClientRect();
            const irritants = [...tableau.querySelectorAll("thead th")]
                .find((th) => th.textContent.trim() === "Irritants");
            return { tableau: tableau.getBoundingClientRect().width, cadre: cadre.width,
                     irritants: irritants.getBoundingClientRect().right, bord: cadre.right }; }"""
    )
    violations = axe_analyser(visite.page)

    problemes = visite.problemes(reponse, violations)
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal de la page :\n" + "\n".join(visite.debordements()))
    assert not problemes, "\n\n".join(problemes)
    if largeur == LARGEUR_BUREAU:
        # 1 317 px dans un conteneur de 1 200 px : la colonne des irritants était coupée (issue 8).
        assert mesures["tableau"] <= mesures["cadre"] + 1, mesures
        assert mesures["irritants"] <= mesures["bord"] + 1, mesures


def test_sans_javascript_le_codage_envoie_le_formulaire_et_revient_a_la_file(navigateur, live_server, file_de_codage):
    """Sans JavaScript (ni htmx ni raccourcis), chaque fiche reste un formulaire : envoyé, la file revient."""
    from django.test import Client

    from irritants.models import Preuve

    premiere, seconde = file_de_codage["a_coder"][:2]
    client = Client()
    client.force_login(file_de_codage["facilitatrice"])
    contexte = navigateur.new_context(java_script_enabled=False, viewport={"width": LARGEUR_MOBILE, "height": 800})
    contexte.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    try:
        page = contexte.new_page()
        page.goto(f"{live_server.url}/irritants/codage/")
        fiche = page.locator(f"#observation-{premiere.pk}")
        fiche.locator(".cb-choix__element label").first.click()
        fiche.get_by_role("button", name="Rattacher aux irritants cochés").click()
        page.wait_for_load_state()

        assert page.url == f"{live_server.url}/irritants/codage/"
        assert (
            "Observation rattachée à"
            in page.locator(".fr-alert--success, .fr-notice, [role=alert]").first.inner_text()
        )
        assert page.locator(f"#observation-{premiere.pk}").count() == 0, "codée, elle a quitté la file"
        assert (
            page.locator("#codage-compteur").inner_text()
            == f"{len(file_de_codage['a_coder']) - 1} observations à coder"
        )
        # Sans script, la première fiche de la file a son choix d'irritants déplié ; les autres se déplient d'un clic.
        assert page.locator(f"#observation-{seconde.pk} .cb-fiche__codage[open]").count() == 1
        assert page.get_by_role("button", name="Raccourcis clavier").count() == 0, (
            "pas d'aide pour des raccourcis absents"
        )
        assert Preuve.objects.filter(observation=premiere).exists()
    finally:
        contexte.close()
