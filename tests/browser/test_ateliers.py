"""Le séminaire, les ateliers, la co-construction et le laboratoire dans un vrai Chromium, à 1280 et 360 px :
chaque page répond, sans erreur dans la console, sans requête vers un autre site, sans violation WCAG 2.1 A/AA
relevée par axe-core et sans défilement horizontal. Un participant choisit l'atelier de Sébastien sur son
téléphone et voit les places changer ; un visiteur s'inscrit à une session du laboratoire.
"""

import datetime

import pytest
from django.utils import timezone

from tests.browser.axe import axe_analyser
from tests.browser.test_pages_publiques import LARGEUR_BUREAU, LARGEUR_MOBILE

pytestmark = pytest.mark.browser


@pytest.fixture
def seminaire_cahors(donnees_publiques):
    from ateliers import services
    from ateliers.enums import Decision, TypeParticipant
    from comptes.enums import Role
    from experimentations.models import Experimentation
    from territoire.models import Commune
    from tests.ateliers.factories import (
        AtelierFactory,
        CycleFactory,
        EngagementFactory,
        EquipeFactory,
        InscriptionLaboFactory,
        LettreEngagementFactory,
        MembreEquipeFactory,
        ParticipantFactory,
        SeminaireFactory,
        SessionLaboFactory,
    )
    from tests.comptes.factories import UserFactory
    from tests.personas.factories import LettreFactory, PersonaFactory

    experimentation = Experimentation.objects.get(slug="cahors-2018")
    cahors = Commune.objects.get(code_insee="46042")
    maintenant = timezone.now()
    seminaire = SeminaireFactory(
        experimentation=experimentation,
        titre="Séminaire d'orientation Carte Blanche",
        slug="orientation",
        programme="**9 h 00** — Accueil.\n\n**10 h 15** — Huit ateliers, un par persona.",
        vote_ouverture=maintenant - datetime.timedelta(hours=1),
        vote_fermeture=maintenant + datetime.timedelta(hours=1),
    )
    ateliers = {}
    for ordre, (slug, prenom, age, capacite) in enumerate(
        [("sarah", "Sarah", 29, 8), ("sebastien", "Sébastien", 52, 8), ("roseline", "Roseline", 83, 1)]
    ):
        # Commune donnée : une commune fabriquée pourrait reprendre le code d'une commune fixe du jeu de données.
        persona = PersonaFactory(experimentation=experimentation, prenom=prenom, slug=slug, age=age, commune=cahors)
        LettreFactory(persona=persona, objet=f"la lettre de {prenom}")
        ateliers[slug] = AtelierFactory(
            seminaire=seminaire, persona=persona, capacite=capacite, ordre=ordre, salle=f"Salle {ordre + 1}"
        )
    participants = [
        ParticipantFactory(seminaire=seminaire, nom=f"Participante {n}", type=TypeParticipant.ASSOCIATION)
        for n in range(6)
    ]
    services.choix_enregistrer(participant=participants[1], atelier=ateliers["roseline"])
    services.choix_enregistrer(participant=participants[2], atelier=ateliers["sebastien"])
    services.choix_enregistrer(participant=participants[3], atelier=ateliers["roseline"], attendre=True)
    engagements = []
    for slug in ateliers:
        lettre = LettreEngagementFactory(
            atelier=ateliers[slug], introduction=f"Chère {slug}, nous avons lu votre lettre."
        )
        engagements += [
            EngagementFactory(
                lettre=lettre,
                numero=n,
                titre=f"Promesse {n} pour {slug}",
                retenu=n == 1,
                ordre_retenu=1 if n == 1 else None,
            )
            for n in (1, 2)
        ]
    services.vote_enregistrer(participant=participants[2], engagements=engagements[:3])
    facilitatrice = UserFactory(username="claire", first_name="Claire", last_name="Dumas", role=Role.FACILITATEUR)
    equipe = EquipeFactory(engagement=engagements[2], nom="L'équipe du référent unique", slug="referent-unique")
    MembreEquipeFactory(equipe=equipe, nom="Paul D.", fonction="conseiller")
    cycle = CycleFactory(equipe=equipe, numero=1, decision=Decision.GARDER)
    services.piste_ajouter(acteur=facilitatrice, cycle=cycle, titre="Un dossier partagé")
    services.test_terrain_ajouter(
        acteur=facilitatrice,
        cycle=cycle,
        commune=cahors,
        date=cycle.date_debut,
        usagers_rencontres=8,
        enseignements="Utile.",
    )
    session = SessionLaboFactory(
        experimentation=experimentation, equipe=equipe, capacite=2, theme="Tester la fiche de liaison"
    )
    inscription = InscriptionLaboFactory(session=session, nom="Marie L.")
    return {
        "seminaire": seminaire,
        "ateliers": ateliers,
        "participants": participants,
        "facilitatrice": facilitatrice,
        "equipe": equipe,
        "session": session,
        "inscription": inscription,
    }


def verifier(visite, reponse, nom: str, largeur: int) -> list[str]:
    visite.capturer(nom)
    problemes = visite.problemes(reponse, axe_analyser(visite.page))
    if visite.largeur_du_contenu() > largeur:
        problemes.append("Défilement horizontal ; éléments qui dépassent :\n" + "\n".join(visite.debordements()))
    return problemes


PAGES = [
    ("atelier-choix", lambda d: f"/seminaire/invitation/{d['participants'][3].jeton}/", False),
    ("atelier-vote", lambda d: f"/seminaire/invitation/{d['participants'][2].jeton}/vote/", False),
    ("seminaire", lambda d: "/seminaire/", False),
    ("seminaire-ecran", lambda d: f"/seminaire/orientation/ecran/{d['seminaire'].jeton_ecran}/?vue=choix", False),
    ("seminaire-ecran-vote", lambda d: f"/seminaire/orientation/ecran/{d['seminaire'].jeton_ecran}/?vue=vote", False),
    ("atelier-lettre", lambda d: f"/seminaire/orientation/ateliers/{d['ateliers']['sarah'].pk}/", False),
    ("laboratoire", lambda d: "/laboratoire/", False),
    ("laboratoire-session", lambda d: f"/laboratoire/{d['session'].pk}/", False),
    ("laboratoire-inscription", lambda d: f"/laboratoire/inscription/{d['inscription'].jeton_annulation}/", False),
    ("equipes", lambda d: "/equipes/", False),
    ("equipe", lambda d: "/equipes/referent-unique/", False),
    ("equipe-cycle", lambda d: "/equipes/referent-unique/cycles/1/", True),
    (
        "atelier-lettre-modifier",
        lambda d: f"/seminaire/orientation/ateliers/{d['ateliers']['sarah'].pk}/lettre/",
        True,
    ),
    ("seminaire-participants", lambda d: "/seminaire/orientation/participants/", True),
    ("seminaire-resultats", lambda d: "/seminaire/orientation/resultats/", True),
]


@pytest.mark.parametrize("largeur", [LARGEUR_BUREAU, LARGEUR_MOBILE], ids=["bureau", "mobile"])
@pytest.mark.parametrize(("nom", "chemin", "connecte"), PAGES, ids=[nom for nom, _, _ in PAGES])
def test_pages_des_ateliers_accessibles(onglet, seminaire_cahors, nom, chemin, connecte, largeur):
    visite = onglet(largeur)
    if connecte:
        visite.connecter(seminaire_cahors["facilitatrice"])
    adresse = chemin(seminaire_cahors)
    reponse = visite.aller(adresse)
    problemes = verifier(visite, reponse, nom, largeur)
    assert not problemes, f"{adresse} à {largeur} px :\n" + "\n\n".join(problemes)
    assert "{{" not in visite.page.content() and "{%" not in visite.page.content()


def test_un_participant_choisit_sebastien_sur_son_telephone(onglet, seminaire_cahors):
    from ateliers import services

    participant = seminaire_cahors["participants"][0]
    sebastien = seminaire_cahors["ateliers"]["sebastien"]
    visite = onglet(LARGEUR_MOBILE)
    visite.aller(f"/seminaire/invitation/{participant.jeton}/")
    page = visite.page
    places = page.locator(f"#places-{sebastien.pk}")
    assert "7 places restantes sur 8" in " ".join(places.inner_text().split())

    page.get_by_role("button", name="Choisir l'atelier de Sébastien").click()
    page.get_by_text("C'est noté : vous participez à l'atelier de Sébastien.").wait_for()
    assert "6 places restantes sur 8" in " ".join(page.locator(f"#places-{sebastien.pk}").inner_text().split())
    page.get_by_text("Votre atelier", exact=True).wait_for()
    visite.capturer("atelier-choix-fait")

    # Un autre participant prend une place : le décompte se met à jour sans recharger la page (htmx).
    services.choix_enregistrer(participant=seminaire_cahors["participants"][4], atelier=sebastien)
    page.locator(f"#places-{sebastien.pk}").get_by_text("5", exact=True).wait_for(timeout=15_000)
    assert not visite.erreurs, "\n".join(visite.erreurs)


def test_un_visiteur_s_inscrit_au_laboratoire(onglet, seminaire_cahors):
    session = seminaire_cahors["session"]
    visite = onglet(LARGEUR_MOBILE)
    visite.aller(f"/laboratoire/{session.pk}/")
    page = visite.page
    page.get_by_label("Votre nom").fill("Jeanne R.")
    page.locator("label[for=id_consentement]").click()  # la case du DSFR se coche par son libellé
    page.get_by_role("button", name="M'inscrire").click()
    page.get_by_text("Jeanne R., votre place est réservée.").wait_for()
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    assert telechargement.value.suggested_filename.endswith(".ics")
    assert not visite.erreurs, "\n".join(visite.erreurs)
