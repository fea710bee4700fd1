"""Les facilitateurs dans l'application : dériver un persona d'irritants, le modifier, le publier ; écrire sa lettre,
voir ce qui a changé d'une version à l'autre, restaurer. Le public et les agents n'y ont pas accès."""

import pytest
from django.test import Client

from personas.enums import ActionPersona, AutonomieNumerique, Mobilite, StatutPersona
from personas.models import LettreInterpellation, Persona, VersionLettre
from terrain.enums import StatutPublication
from terrain.models import Public
from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.personas.factories import LettreFactory, PersonaFactory
from tests.terrain.factories import ObservationFactory, VerbatimFactory
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory


@pytest.fixture
def experimentation():
    return ExperimentationFactory(slug="cahors-2018")


@pytest.fixture
def preuves(experimentation):
    """Deux irritants : leurs observations désignent surtout Lalbenque et les personnes âgées."""
    lalbenque, cahors = CommuneFactory(nom="Lalbenque"), CommuneFactory(nom="Cahors")
    for commune in (lalbenque, cahors):
        AppartenanceTerritoireFactory(territoire=experimentation.territoire, commune=commune)
    agees = Public.objects.get_or_create(slug="personnes-agees", defaults={"nom": "Personnes âgées"})[0]
    jeunes = Public.objects.get_or_create(slug="jeunes", defaults={"nom": "Jeunes"})[0]
    isolement = IrritantFactory(experimentation=experimentation, titre="Isolement des personnes âgées")
    distance = IrritantFactory(experimentation=experimentation, titre="Des accueils éloignés")
    observations = [
        ObservationFactory(experimentation=experimentation, communes=[lalbenque], publics=[agees]),
        ObservationFactory(experimentation=experimentation, communes=[lalbenque], publics=[agees]),
        ObservationFactory(experimentation=experimentation, communes=[lalbenque, cahors], publics=[agees]),
        ObservationFactory(experimentation=experimentation, communes=[cahors], publics=[jeunes]),
    ]
    for observation in observations[:3]:
        PreuveFactory(irritant=isolement, observation=observation)
    for observation in observations[2:]:
        PreuveFactory(irritant=distance, observation=observation)
    publiable = VerbatimFactory(observation=observations[0], texte="Je ne vois plus personne.")
    interne = VerbatimFactory(observation=observations[1], texte="Texte interne.", statut=StatutPublication.INTERNE)
    return {
        "isolement": isolement,
        "distance": distance,
        "lalbenque": lalbenque,
        "agees": agees,
        "jeunes": jeunes,
        "publiable": publiable,
        "interne": interne,
    }


@pytest.fixture
def claire():
    return facilitateur(username="claire", first_name="Claire", last_name="Dumas")


@pytest.fixture
def client_fac(claire):
    client = Client()
    client.force_login(claire)
    return client


def formulaire_persona(preuves, **autres) -> dict:
    return {
        "prenom": "Roseline",
        "slug": "",
        "age": "83",
        "situation_familiale": "veuve, vit seule",
        "situation_professionnelle": "retraitée",
        "commune": str(preuves["lalbenque"].pk),
        "mobilite": Mobilite.PROCHES,
        "autonomie_numerique": AutonomieNumerique.ELOIGNEE,
        "portrait": "Roseline vit seule.",
        "besoins": "- Rester chez elle.",
        "attentes": "- Qu'on vienne la voir.",
        "freins": "- L'isolement.",
        "citation_verbatim": str(preuves["publiable"].pk),
        "citation_redigee": "",
        "publics": [str(preuves["agees"].pk)],
        "irritant_1": str(preuves["isolement"].pk),
        "irritant_2": str(preuves["distance"].pk),
        "ordre": "3",
        "image_description": "",
        **autres,
    }


@pytest.mark.parametrize(
    "url",
    [
        "/personas/nouveau/",
        "/personas/{slug}/modifier/",
        "/personas/{slug}/lettre/modifier/",
        "/personas/{slug}/lettre/versions/",
    ],
)
def test_le_public_et_les_agents_n_ont_pas_acces_a_la_gestion(client, experimentation, url):
    lettre = LettreFactory(persona=PersonaFactory(experimentation=experimentation))
    url = url.format(slug=lettre.persona.slug)

    anonyme = client.get(url)
    assert anonyme.status_code == 302 and anonyme["Location"].startswith("/comptes/login/")
    client.force_login(agent())
    refus = client.get(url)
    assert refus.status_code == 403
    assert "Seuls les facilitateurs créent et modifient les personas" in refus.content.decode()


def test_deriver_un_persona_propose_ce_que_disent_les_preuves(client_fac, preuves):
    isolement, distance = preuves["isolement"], preuves["distance"]

    choix = client_fac.get("/personas/nouveau/").content.decode()
    assert f'value="{isolement.pk}"' in choix and "3 observations" in choix

    reponse = client_fac.get(f"/personas/nouveau/?irritants={isolement.pk}&irritants={distance.pk}")
    contenu = reponse.content.decode()

    assert reponse.status_code == 200
    assert "s'appuient sur 4 observations distinctes" in contenu
    assert "Personnes âgées — 3 observations des irritants choisis" in contenu
    assert "Jeunes — 1 observation des irritants choisis" in contenu
    assert "Lalbenque — 3 observations" in contenu
    assert "Je ne vois plus personne." in contenu
    assert "Texte interne." not in contenu, "seuls les verbatims publiables sont proposés"
    form = reponse.context["form"]
    assert [public.pk for public in form.initial["publics"]] == [preuves["agees"].pk], (
        "au moins un tiers des observations"
    )
    assert form.initial["commune"] == preuves["lalbenque"], "la commune la plus citée"
    assert form.initial["citation_verbatim"] == preuves["publiable"]
    assert form["irritant_1"].initial == isolement.pk and form["irritant_2"].initial == distance.pk


def test_creer_le_persona_derive(client_fac, claire, preuves):
    isolement, distance = preuves["isolement"], preuves["distance"]
    url = f"/personas/nouveau/?irritants={isolement.pk}&irritants={distance.pk}"

    reponse = client_fac.post(url, formulaire_persona(preuves))

    persona = Persona.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == "/personas/roseline/"
    assert persona.statut == StatutPersona.BROUILLON
    assert persona.citation_verbatim == preuves["publiable"]
    assert list(persona.fondements.values_list("irritant_id", flat=True)) == [isolement.pk, distance.pk]
    assert persona.journal.get().action == ActionPersona.CREATION and persona.journal.get().par == claire


def test_une_saisie_invalide_revient_avec_des_messages_francais_sans_rien_perdre(client_fac, preuves):
    isolement = preuves["isolement"]
    donnees = formulaire_persona(
        preuves,
        age="200",
        prenom="Roseline",
        citation_redigee="Une phrase de l'équipe.",
        irritant_2=str(isolement.pk),
        commune=str(CommuneFactory().pk),
    )
    reponse = client_fac.post(f"/personas/nouveau/?irritants={isolement.pk}", donnees)
    contenu = reponse.content.decode()

    assert reponse.status_code == 400
    assert not Persona.objects.exists()
    assert "Le persona n'a pas été enregistré" in contenu
    assert "Un persona a au plus 110 ans." in contenu
    assert "pas les deux" in contenu
    assert "Cet irritant est déjà choisi à un rang précédent." in contenu
    assert "Une phrase de l&#x27;équipe." in contenu, "la saisie est gardée"


def test_un_verbatim_interne_ne_peut_pas_etre_choisi_en_trichant(client_fac, preuves):
    donnees = formulaire_persona(preuves, citation_verbatim=str(preuves["interne"].pk))
    reponse = client_fac.post(f"/personas/nouveau/?irritants={preuves['isolement'].pk}", donnees)
    assert reponse.status_code == 400 and not Persona.objects.exists()


def test_une_image_qui_n_en_est_pas_une_est_refusee_dans_le_formulaire(client_fac, preuves):
    from django.core.files.uploadedfile import SimpleUploadedFile

    faux = SimpleUploadedFile("portrait.png", b"<html>pas une image</html>", content_type="image/png")
    reponse = client_fac.post(
        f"/personas/nouveau/?irritants={preuves['isolement'].pk}", {**formulaire_persona(preuves), "image": faux}
    )
    assert reponse.status_code == 400 and not Persona.objects.exists()
    assert "n&#x27;est pas une image lisible" in reponse.content.decode()


def test_modifier_et_publier_un_persona(client_fac, preuves, experimentation):
    persona = PersonaFactory(
        experimentation=experimentation,
        slug="roseline",
        commune=preuves["lalbenque"],
        brouillon=True,
        irritants=[preuves["isolement"]],
    )
    formulaire = client_fac.get("/personas/roseline/modifier/").content.decode()
    assert "Je ne vois plus personne." in formulaire, "les verbatims publiables de ses irritants"

    reponse = client_fac.post("/personas/roseline/modifier/", formulaire_persona(preuves, slug="roseline", age="84"))
    assert reponse.status_code == 302
    persona.refresh_from_db()
    assert persona.age == 84
    assert "Modifié : âge" in persona.journal.get(action=ActionPersona.MODIFICATION).detail

    client_fac.post("/personas/roseline/publication/", {"action": "publier"})
    persona.refresh_from_db()
    assert persona.est_publie
    assert "Le persona Roseline est publié" in client_fac.get("/personas/roseline/").content.decode()
    assert Client().get("/personas/roseline/").status_code == 200


def test_ecrire_la_lettre_voir_le_diff_et_restaurer(client_fac, claire, preuves, experimentation):
    isolement, distance = preuves["isolement"], preuves["distance"]
    persona = PersonaFactory(experimentation=experimentation, slug="roseline", irritants=[isolement, distance])
    champs = {
        "objet": "rester chez moi",
        "destinataire": "Mesdames et Messieurs",
        "date_lettre": "2018-02-05",
        "appel": "Madame, Monsieur,",
        "corps": "Je vis seule[^1].\n\nLe car ne passe plus.",
        "politesse": "Salutations.",
        "cite_1": str(isolement.pk),
    }

    nouveau = client_fac.get("/personas/roseline/lettre/modifier/").content.decode()
    assert "Mesdames et Messieurs les responsables" in nouveau, "une lettre neuve part d'un modèle"
    premier = client_fac.post("/personas/roseline/lettre/modifier/", champs)
    assert premier.status_code == 302 and premier["Location"] == "/personas/roseline/lettre/"
    apercu = client_fac.post(
        "/personas/roseline/lettre/modifier/", {**champs, "corps": "Un **aperçu**.", "action": "apercu"}
    )
    assert "Un <strong>aperçu</strong>." in apercu.content.decode()
    assert VersionLettre.objects.count() == 1, "un aperçu n'enregistre rien"
    client_fac.post(
        "/personas/roseline/lettre/modifier/",
        {**champs, "corps": "Je vis seule[^1].\n\nLe bus <b>ne passe</b> plus[^2].", "cite_2": str(distance.pk)},
    )

    versions = client_fac.get("/personas/roseline/lettre/versions/").content.decode()
    assert "Version n° 2" in versions and "Version n° 1" in versions
    assert "Claire Dumas" in versions
    assert "Modifié : Corps de la lettre, Irritants cités" in versions
    assert '<del><span class="fr-sr-only">[supprimé : </span>car<span class="fr-sr-only">]</span></del>' in versions, (
        "le mot retiré est barré"
    )
    assert "&lt;b&gt;ne" in versions and "<b>ne" not in versions, "le texte du diff est échappé"

    reponse = client_fac.post("/personas/roseline/lettre/versions/1/restaurer/")
    lettre = LettreInterpellation.objects.get(persona=persona)
    assert reponse.status_code == 302
    assert lettre.corps == "Je vis seule[^1].\n\nLe car ne passe plus."
    assert list(lettre.citations.values_list("irritant_id", flat=True)) == [isolement.pk]
    derniere = VersionLettre.objects.get(numero=3)
    assert derniere.restauree_depuis == 1 and derniere.par == claire
    assert "(reprend la version n° 1)" in client_fac.get("/personas/roseline/lettre/versions/").content.decode()


def test_une_lettre_avec_une_note_orpheline_revient_avec_le_message(client_fac, preuves, experimentation):
    PersonaFactory(experimentation=experimentation, slug="roseline", irritants=[preuves["isolement"]])
    reponse = client_fac.post(
        "/personas/roseline/lettre/modifier/",
        {
            "objet": "rester chez moi",
            "destinataire": "Mesdames et Messieurs",
            "date_lettre": "05/02/2018",
            "appel": "Madame, Monsieur,",
            "corps": "Une note[^2] sans irritant.",
            "politesse": "",
        },
    )
    assert reponse.status_code == 400
    assert "La note [^2] renvoie à un irritant cité qui n&#x27;existe pas" in reponse.content.decode()
    assert not LettreInterpellation.objects.exists()


def test_une_date_illisible_est_refusee_en_francais(client_fac, preuves, experimentation):
    PersonaFactory(experimentation=experimentation, slug="roseline")
    reponse = client_fac.post(
        "/personas/roseline/lettre/modifier/",
        {"objet": "x", "destinataire": "y", "date_lettre": "32/13/2018", "appel": "Madame,", "corps": "z"},
    )
    assert reponse.status_code == 400
    assert "Saisissez une date valide, par exemple 05/02/2018." in reponse.content.decode()


def test_l_administration_montre_les_personas_et_publie_par_le_service(client_fac, preuves, experimentation):
    persona = PersonaFactory(experimentation=experimentation, brouillon=True, irritants=[preuves["isolement"]])

    assert client_fac.get("/admin/personas/persona/").status_code == 200
    assert client_fac.get(f"/admin/personas/persona/{persona.pk}/change/").status_code == 200
    reponse = client_fac.post(
        "/admin/personas/persona/", {"action": "persona_publier", "_selected_action": [persona.pk]}
    )

    persona.refresh_from_db()
    assert reponse.status_code == 302 and persona.est_publie
    assert persona.journal.get().action == ActionPersona.PUBLICATION, "l'administration passe par le service"
    assert client_fac.post(f"/admin/personas/persona/{persona.pk}/delete/", {"post": "yes"}).status_code == 403


def test_une_lettre_sans_version_enregistree_montre_un_historique_vide(client_fac, experimentation):
    """Une lettre venue d'ailleurs que les services (import, administration) n'a pas encore de version."""
    lettre = LettreFactory(persona=PersonaFactory(experimentation=experimentation, prenom="Odette"))
    assert not VersionLettre.objects.filter(lettre=lettre).exists()

    reponse = client_fac.get(f"/personas/{lettre.persona.slug}/lettre/versions/")

    assert reponse.status_code == 200
