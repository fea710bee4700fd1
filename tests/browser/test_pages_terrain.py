"""Les listes et fiches du diagnostic de terrain, dans un vrai Chromium, connecté en facilitateur.

Ordinateur (1280 px) et mobile (360 px) : la page répond, sans erreur dans la console, sans
requête vers un autre site, et sans violation WCAG 2.1 A/AA relevée par axe-core. Les filtres
passent par htmx : la liste filtrée et une erreur de filtre sont auditées aussi.
"""

import datetime

import pytest

from tests.browser.axe import axe_analyser
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser


@pytest.fixture
def diagnostic(donnees_publiques):
    """Un entretien, une immersion et quelques observations à Cahors, avec verbatims et un irritant."""
    from comptes.enums import Role
    from experimentations.models import Experimentation
    from terrain.enums import SourceObservation, TypeObservation
    from territoire.models import Commune, LieuAccueil
    from tests.comptes.factories import UserFactory
    from tests.irritants.factories import IrritantFactory, PreuveFactory
    from tests.terrain.factories import (
        ActeurFactory,
        EntretienFactory,
        ImmersionFactory,
        ObservationFactory,
        PublicFactory,
        StructureFactory,
        VerbatimFactory,
    )

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    cahors = Commune.objects.get(code_insee="46042")
    pradines = Commune.objects.get(code_insee="46224")
    caf = LieuAccueil.objects.get(nom="CAF du Lot, accueil de Cahors")
    facilitatrice = UserFactory(username="claire", first_name="Claire", last_name="Dumas", role=Role.FACILITATEUR)
    agente = UserFactory(username="nadia", first_name="Nadia", last_name="Benali", role=Role.AGENT)
    seniors = PublicFactory(slug="personnes-agees", nom="Personnes âgées")

    entretien = EntretienFactory(
        experimentation=experimentation,
        commune=cahors,
        date=datetime.date(2018, 1, 15),
        lieu="Salle du conseil municipal",
        nb_participants=9,
        themes=["mobilité", "accès au numérique"],
        notes="Les élus décrivent le bus du marché, qui ne passe plus que le mercredi.",
    )
    structure = StructureFactory(nom="Secours populaire du Lot", commune=cahors)
    entretien.structures.add(structure)
    entretien.acteurs.add(ActeurFactory(fonction="Assistante sociale", structure=structure))
    entretien.animateurs.add(facilitatrice)
    immersion = ImmersionFactory(
        experimentation=experimentation,
        lieu=caf,
        date=datetime.date(2018, 1, 18),
        duree_minutes=150,
        canaux=["guichet", "telephone"],
        aide="Un agent aide à remplir la demande en ligne sur la borne.",
        issue="La plupart repartent avec un rendez-vous.",
    )
    immersion.observateurs.add(facilitatrice)

    irritant = IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture vers les services")
    for i, (texte, origine) in enumerate(
        [
            ("Sans voiture, impossible d'aller à la CAF le mardi matin.", {"entretien": entretien}),
            ("La borne de la CAF est en panne depuis une semaine.", {"immersion": immersion}),
            ("Les horaires de la mairie ne conviennent pas aux actifs.", {}),
        ]
    ):
        observation = ObservationFactory(
            experimentation=experimentation,
            date=datetime.date(2018, 1, 15 + i),
            texte=texte,
            type=TypeObservation.DIFFICULTE if i != 2 else TypeObservation.BESOIN,
            source=SourceObservation.USAGER,
            communes=[cahors, pradines] if i == 0 else [cahors],
            publics=[seniors],
            auteur=agente,
            **origine,
        )
        VerbatimFactory(observation=observation, commune=cahors)
        if i == 0:
            PreuveFactory(irritant=irritant, observation=observation)
    return {"facilitatrice": facilitatrice, "entretien": entretien, "immersion": immersion}


PAGES = [
    ("observations", lambda d: "/terrain/observations/"),
    ("observations-filtrees", lambda d: "/terrain/observations/?commune=46042&type=difficulte&avec_verbatim=true"),
    ("entretiens", lambda d: "/terrain/entretiens/"),
    ("entretien", lambda d: f"/terrain/entretiens/{d['entretien'].pk}/"),
    ("immersions", lambda d: "/terrain/immersions/"),
    ("immersion", lambda d: f"/terrain/immersions/{d['immersion'].pk}/"),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin"), PAGES, ids=[nom for nom, _ in PAGES])
def test_page_du_terrain_accessible(onglet, diagnostic, nom, chemin, largeur):
    visite = onglet(largeur)
    visite.connecter(diagnostic["facilitatrice"])

    reponse = visite.aller(chemin(diagnostic))
    visite.capturer(f"listes-{nom}")
    violations = axe_analyser(visite.page)

    problemes = visite.problemes(reponse, violations)
    assert not problemes, f"{chemin(diagnostic)} à {largeur} px :\n" + "\n\n".join(problemes)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_les_filtres_mettent_a_jour_les_resultats_avec_htmx(onglet, diagnostic, largeur):
    visite = onglet(largeur)
    visite.connecter(diagnostic["facilitatrice"])
    visite.aller("/terrain/observations/")
    assert visite.page.locator("#resultats tbody tr").count() == 3

    visite.page.get_by_label("Nature").select_option("besoin")
    with visite.page.expect_response(lambda r: "/terrain/observations/?" in r.url):
        visite.page.get_by_role("button", name="Appliquer les filtres").click()
    visite.page.wait_for_load_state("networkidle")

    assert visite.page.locator("#resultats tbody tr").count() == 1
    assert "type=besoin" in visite.page.url  # l'adresse suit les filtres (partageable)
    violations_filtre = axe_analyser(visite.page)

    # Une date impossible : l'erreur s'affiche dans les résultats, en français, sans rien casser.
    visite.page.get_by_label("Nature").select_option("")
    visite.page.evaluate("document.querySelector('#id_date_min').type = 'text'")
    visite.page.locator("#id_date_min").fill("2018-13-45")
    with visite.page.expect_response(lambda r: "/terrain/observations/?" in r.url):
        visite.page.get_by_role("button", name="Appliquer les filtres").click()
    visite.page.wait_for_load_state("networkidle")
    visite.capturer("listes-observations-erreur-filtre")
    violations_erreur = axe_analyser(visite.page)

    assert visite.page.get_by_text("Certains filtres ne sont pas valides").is_visible()
    assert visite.page.get_by_text("Saisissez une date valide.").first.is_visible()
    problemes = visite.problemes(None, violations_filtre) + visite.problemes(None, violations_erreur)
    assert not problemes, "\n\n".join(problemes)


def test_la_page_d_un_filtre_invalide_est_accessible(onglet, diagnostic):
    visite = onglet(LARGEUR_BUREAU)
    visite.connecter(diagnostic["facilitatrice"])

    reponse = visite.aller("/terrain/observations/?date_min=2018-13-45&commune=99999")
    visite.capturer("listes-observations-400")
    violations = axe_analyser(visite.page)

    assert visite.page.title().startswith("Erreur")
    assert visite.page.get_by_text("Aucune commune connue ne porte le code INSEE « 99999 ».").first.is_visible()
    # Chromium signale dans la console le statut 400 du document lui-même : voulu, ce n'est pas une erreur de la page.
    visite.erreurs[:] = [e for e in visite.erreurs if "status of 400" not in e]
    problemes = visite.problemes(reponse, violations, statut=400)
    assert not problemes, "\n\n".join(problemes)


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
def test_la_pagination_d_une_liste_est_accessible(onglet, diagnostic, largeur):
    """Plus de 50 entretiens : la pagination DSFR s'affiche, passe l'audit et mène à la page suivante."""
    from tests.terrain.factories import EntretienFactory

    entretien = diagnostic["entretien"]
    EntretienFactory.create_batch(
        60, experimentation=entretien.experimentation, commune=entretien.commune, date=datetime.date(2018, 1, 10)
    )
    visite = onglet(largeur)
    visite.connecter(diagnostic["facilitatrice"])

    reponse = visite.aller("/terrain/entretiens/?commune=46042")
    visite.capturer("listes-entretiens-pagination")
    violations = axe_analyser(visite.page)
    pagination = visite.page.get_by_role("navigation", name="Pagination")
    # htmx (liens « boostés ») ne remplace que les résultats ; l'adresse suit.
    with visite.page.expect_response(lambda r: "page=2" in r.url and r.request.headers.get("hx-request") == "true"):
        pagination.get_by_role("link", name="Page suivante").click()
    visite.page.get_by_text("page 2 sur 2").wait_for()

    assert "page=2" in visite.page.url and "commune=46042" in visite.page.url
    assert visite.page.locator("#resultats tbody tr").count() == 11
    assert visite.page.get_by_role("heading", name="Filtrer").is_visible()  # le reste de la page est resté
    violations += axe_analyser(visite.page)
    problemes = visite.problemes(reponse, violations)
    assert not problemes, "\n\n".join(problemes)


def test_le_fil_d_ariane_se_deplie_sur_mobile(onglet, diagnostic):
    """Le fil d'Ariane de django-dsfr, replié à 360 px, s'ouvre par son bouton et mène à la liste."""
    visite = onglet(LARGEUR_MOBILE)
    visite.connecter(diagnostic["facilitatrice"])
    visite.aller(f"/terrain/entretiens/{diagnostic['entretien'].pk}/")
    fil = visite.page.get_by_role("navigation", name="vous êtes ici :")
    lien = fil.get_by_role("link", name="Entretiens collectifs")
    assert not lien.is_visible()

    fil.get_by_role("button", name="Voir le fil d’Ariane").click()
    lien.wait_for(state="visible")
    lien.click()
    visite.page.wait_for_url("**/terrain/entretiens/")

    assert visite.page.get_by_role("heading", name="Entretiens collectifs", level=1).is_visible()
    assert not visite.erreurs, "\n".join(visite.erreurs)
