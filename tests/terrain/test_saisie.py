"""Saisie mobile des observations : ce qu'un agent voit et fait, depuis son téléphone."""

import datetime
import html
import re
import uuid

import pytest
from django.urls import reverse

from comptes.enums import Role
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import TEXTE_MAX, ChangementStatutVerbatim, Observation, Verbatim
from tests.comptes.factories import UserFactory, agent, facilitateur
from tests.terrain.factories import ObservationFactory, PublicFactory, VerbatimFactory
from tests.terrain.saisie_donnees import cahors_creer
from tests.territoire.factories import AppartenanceTerritoireFactory, CommuneFactory

URL_ACCUEIL = reverse("terrain:accueil")
URL_NOUVELLE = reverse("terrain:observation_nouvelle")
URL_COMMUNES = reverse("terrain:communes_recherche")
JSON = {"HTTP_ACCEPT": "application/json"}
# Mes observations : session, utilisateur, groupes, le compte, la page, ses communes, ses verbatims.
REQUETES_MES_OBSERVATIONS = 7


def texte(reponse) -> str:
    """Le texte lu à l'écran : balises retirées, entités décodées, espaces normalisés."""
    contenu = reponse.content.decode()
    contenu = re.sub(r"<(script|style|template)\b.*?</\1>", " ", contenu, flags=re.S)
    contenu = html.unescape(re.sub(r"<[^>]+>", " ", contenu))
    return re.sub(r"\s+", " ", contenu.replace("\xa0", " ").replace("\u202f", " ")).strip()


@pytest.fixture
def bassin():
    return cahors_creer()


@pytest.fixture
def camille(client):
    utilisateur = agent(first_name="Camille")
    client.force_login(utilisateur)
    return utilisateur


def saisie(bassin, **champs) -> dict:
    donnees = {
        "experimentation": bassin.experimentation.pk,
        "texte": "Sans voiture, impossible de rejoindre la CAF avant midi.",
        "type": TypeObservation.DIFFICULTE,
        "source": SourceObservation.USAGER,
        "date": "2018-01-16",
        "communes": "46042",
        "verbatim_statut": StatutPublication.INTERNE,
        "verbatim_tranche_age": TrancheAge.INCONNUE,
    }
    donnees.update(champs)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


def observation_de(auteur, bassin, **champs):
    return ObservationFactory(experimentation=bassin.experimentation, auteur=auteur, **champs)


# Accès


@pytest.mark.parametrize("nom", ["terrain:accueil", "terrain:observation_nouvelle", "terrain:communes_recherche"])
def test_un_anonyme_est_envoye_vers_la_connexion(client, nom):
    reponse = client.get(reverse(nom))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("login"))


def test_un_anonyme_est_envoye_vers_la_connexion_pour_une_observation(client, bassin):
    observation = observation_de(agent(), bassin)
    for url in (observation.get_absolute_url(), reverse("terrain:observation_modifier", args=[observation.pk])):
        reponse = client.get(url)
        assert reponse.status_code == 302
        assert reponse.url.startswith(reverse("login"))


def test_un_participant_recoit_un_403_en_francais(client, bassin):
    client.force_login(UserFactory(role=Role.PARTICIPANT))

    for url in (URL_ACCUEIL, URL_NOUVELLE):
        reponse = client.get(url)
        assert reponse.status_code == 403
        assert "réservée aux agents locaux et aux facilitateurs" in texte(reponse)
    reponse = client.post(URL_NOUVELLE, saisie(bassin))
    assert reponse.status_code == 403
    assert Observation.objects.count() == 0


def test_json_sans_session_repond_401(client, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin), **JSON)
    assert reponse.status_code == 401
    assert reponse.json()["ok"] is False
    assert "reconnectez-vous" in reponse.json()["erreurs"]["__all__"][0]


# Accueil et formulaire


def test_l_accueil_commence_par_le_gros_bouton(client, camille, bassin):
    reponse = client.get(URL_ACCUEIL)

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert contenu.index("Noter une observation</a>") < contenu.index("Mes observations</h2>")
    assert f'href="{URL_NOUVELLE}"' in contenu
    assert "Vous n’avez encore noté aucune observation" in texte(reponse)


def test_le_formulaire_propose_une_date_dans_l_experimentation(client, camille, bassin):
    """Cahors a eu lieu en 2018 : « aujourd'hui » est ramené au dernier jour de l'expérimentation."""
    reponse = client.get(URL_NOUVELLE)

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'type="date" name="date" value="2018-12-31"' in contenu
    assert 'min="2017-12-15"' in contenu and 'max="2018-12-31"' in contenu
    assert f'name="experimentation" value="{bassin.experimentation.pk}"' in contenu
    assert 'name="uuid_client"' in contenu
    assert 'class="fr-radio-group fr-radio-rich"' in contenu
    assert "observation-brouillon.js" in contenu and " defer" in contenu
    # Pas de « Retiré » à la création d'un verbatim.
    assert 'value="retire"' not in contenu


def test_un_agent_note_une_observation_avec_un_verbatim(client, camille, bassin):
    personnes_agees = PublicFactory(slug="personnes-agees", nom="Personnes âgées")
    identifiant = uuid.uuid4()

    reponse = client.post(
        URL_NOUVELLE,
        saisie(
            bassin,
            communes=["46042", "Pradines"],
            publics=[personnes_agees.pk],
            uuid_client=str(identifiant),
            verbatim_texte="Le bus passe deux fois par jour, alors je demande à ma voisine.",
            verbatim_tranche_age=TrancheAge.PLUS_75,
            verbatim_situation="retraitée, vit seule",
            # Un agent ne publie pas : le champ n'est pas dans son formulaire, la valeur envoyée est ignorée.
            verbatim_statut=StatutPublication.PUBLIABLE,
        ),
    )

    assert reponse.status_code == 302
    assert reponse.url == URL_ACCUEIL
    observation = Observation.objects.get()
    assert observation.auteur == camille
    assert observation.uuid_client == identifiant
    assert observation.date == datetime.date(2018, 1, 16)
    assert {c.nom for c in observation.communes.all()} == {"Cahors", "Pradines"}
    assert list(observation.publics.all()) == [personnes_agees]
    verbatim = observation.verbatims.get()
    assert verbatim.profil == "75 ans et plus, retraitée, vit seule"
    assert verbatim.statut == StatutPublication.INTERNE

    page = client.get(URL_ACCUEIL)
    lu = texte(page)
    assert "Votre observation du 16 janvier 2018 est enregistrée." in lu
    assert "Sans voiture, impossible de rejoindre la CAF avant midi." in lu
    assert "Cahors, Pradines" in lu or "Pradines, Cahors" in lu
    assert "1 verbatim" in lu
    assert f'href="{observation.get_absolute_url()}"' in page.content.decode()


def test_sans_javascript_les_communes_se_tapent_separees_par_des_virgules(client, camille, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes="espere, 46224 ; Bellefont-La Rauze (46156)"))

    assert reponse.status_code == 302
    assert {c.code_insee for c in Observation.objects.get().communes.all()} == {"46095", "46224", "46156"}


def test_renvoyer_le_meme_uuid_n_enregistre_qu_une_fois(client, camille, bassin):
    donnees = saisie(bassin, uuid_client=str(uuid.uuid4()), verbatim_texte="Une seule fois.")

    premiere = client.post(URL_NOUVELLE, donnees)
    seconde = client.post(URL_NOUVELLE, donnees)

    assert premiere.status_code == seconde.status_code == 302
    assert Observation.objects.count() == 1
    assert Verbatim.objects.count() == 1


def test_texte_trop_long_422_rien_d_enregistre_et_texte_garde(client, camille, bassin):
    trop_long = "Guichet fermé à midi. " * 99 + "Fin."
    assert len(trop_long) == 2_182 > TEXTE_MAX

    reponse = client.post(URL_NOUVELLE, saisie(bassin, texte=trop_long, verbatim_texte="Mes mots à moi."))

    assert reponse.status_code == 422
    lu = texte(reponse)
    assert "L’observation n’est pas enregistrée" in lu
    assert "Le texte de l'observation est trop long : 2 182 caractères pour 2 000 au maximum." in lu
    assert trop_long in html.unescape(reponse.content.decode())
    assert "Mes mots à moi." in reponse.content.decode()
    assert 'aria-describedby="id_texte_helptext id_texte_error"' in reponse.content.decode()
    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_commune_inconnue_422(client, camille, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes=["46042", "Trifouillis-les-Oies, 99999"]))

    assert reponse.status_code == 422
    lu = texte(reponse)
    assert "Commune inconnue : « Trifouillis-les-Oies »" in lu
    assert "Commune inconnue : « 99999 »" in lu
    # La commune reconnue devient une puce ; le reste reste dans le champ (rien n'est perdu).
    assert 'data-reste="Trifouillis-les-Oies, 99999"' in reponse.content.decode()
    assert 'name="communes" value="46042" disabled' in reponse.content.decode()
    assert Observation.objects.count() == 0


def test_date_hors_experimentation_422(client, camille, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, date="2026-03-02"))

    assert reponse.status_code == 422
    assert (
        "Le 2 mars 2026 est en dehors de l'expérimentation « Carte Blanche à Cahors », "
        "qui va du 15 décembre 2017 au 31 décembre 2018."
    ) in texte(reponse)
    assert Observation.objects.count() == 0


def test_verbatim_sans_texte_422(client, camille, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, verbatim_situation="mère isolée"))

    assert reponse.status_code == 422
    assert "Le verbatim est vide" in texte(reponse)
    assert '<details class="cb-bloc-verbatim" id="bloc-verbatim" open>' in reponse.content.decode()
    assert Observation.objects.count() == 0


def test_uuid_d_une_observation_d_un_autre_agent_422(client, camille, bassin):
    autre = observation_de(agent(), bassin)

    reponse = client.post(URL_NOUVELLE, saisie(bassin, uuid_client=str(autre.uuid_client), texte="Autre chose"))

    assert reponse.status_code == 422
    assert "appartient à une autre observation" in texte(reponse)
    assert Observation.objects.count() == 1


# Mode JSON (script hors ligne)


def test_json_201_puis_200_au_renvoi(client, camille, bassin):
    donnees = saisie(bassin, uuid_client=str(uuid.uuid4()))

    premiere = client.post(URL_NOUVELLE, donnees, **JSON)
    seconde = client.post(URL_NOUVELLE, donnees, **JSON)

    observation = Observation.objects.get()
    attendu = {"ok": True, "id": observation.pk, "url": observation.get_absolute_url()}
    assert (premiere.status_code, premiere.json()) == (201, attendu)
    assert (seconde.status_code, seconde.json()) == (200, attendu)


def test_json_422_avec_les_erreurs(client, camille, bassin):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, texte="", communes="Nulle-Part"), **JSON)

    assert reponse.status_code == 422
    corps = reponse.json()
    assert corps["ok"] is False
    assert corps["erreurs"]["texte"] == ["Décrivez ce que vous avez observé."]
    assert corps["erreurs"]["communes"][0].startswith("Commune inconnue : « Nulle-Part »")
    assert Observation.objects.count() == 0


# Fiche et modification : l'auteur ou un facilitateur, sinon 404


def test_l_observation_d_un_autre_agent_repond_404(client, camille, bassin):
    autre = observation_de(agent(), bassin, texte="Texte d'origine")
    url_modifier = reverse("terrain:observation_modifier", args=[autre.pk])

    assert client.get(autre.get_absolute_url()).status_code == 404
    assert client.get(url_modifier).status_code == 404
    reponse = client.post(url_modifier, saisie(bassin, texte="Piraté"))
    assert reponse.status_code == 404
    assert "Page introuvable" in texte(reponse)
    assert client.post(url_modifier, saisie(bassin, texte="Piraté"), **JSON).status_code == 404
    autre.refresh_from_db()
    assert autre.texte == "Texte d'origine"


def test_un_id_inexistant_repond_404(client, camille):
    assert client.get(reverse("terrain:observation", args=[999_999])).status_code == 404


def test_l_auteur_voit_et_modifie_son_observation(client, camille, bassin):
    observation = observation_de(camille, bassin, communes=[bassin.cahors])
    VerbatimFactory(observation=observation, texte="Avant", statut=StatutPublication.INTERNE)
    url_modifier = reverse("terrain:observation_modifier", args=[observation.pk])

    fiche = client.get(observation.get_absolute_url())
    assert fiche.status_code == 200
    assert "« Avant »" in texte(fiche)
    formulaire = client.get(url_modifier)
    assert formulaire.status_code == 200
    # La publication du verbatim est une décision des facilitateurs : pas de choix de statut pour l'agent.
    assert 'name="verbatim_statut"' not in formulaire.content.decode()
    assert "Avant</textarea>" in formulaire.content.decode()

    reponse = client.post(
        url_modifier,
        saisie(bassin, texte="Texte corrigé", communes="46224", verbatim_texte="Après", verbatim_statut="publiable"),
    )

    assert reponse.status_code == 302
    assert reponse.url == observation.get_absolute_url()
    observation.refresh_from_db()
    assert observation.texte == "Texte corrigé"
    assert [c.code_insee for c in observation.communes.all()] == ["46224"]
    assert observation.verbatims.get().statut == StatutPublication.INTERNE


def test_un_facilitateur_modifie_l_observation_d_un_agent(client, bassin):
    auteur = agent()
    observation = observation_de(auteur, bassin)
    client.force_login(facilitateur())

    assert client.get(observation.get_absolute_url()).status_code == 200
    reponse = client.post(
        reverse("terrain:observation_modifier", args=[observation.pk]),
        saisie(bassin, texte="Précisé par la facilitatrice", type=TypeObservation.BESOIN),
    )

    assert reponse.status_code == 302
    observation.refresh_from_db()
    assert observation.texte == "Précisé par la facilitatrice"
    assert observation.type == TypeObservation.BESOIN
    assert observation.auteur == auteur


def test_un_facilitateur_retire_un_verbatim_par_le_formulaire_et_c_est_journalise(client, bassin):
    claire = facilitateur(username="claire")
    observation = observation_de(agent(), bassin)
    VerbatimFactory(observation=observation, texte="Avant", statut=StatutPublication.PUBLIABLE)
    client.force_login(claire)
    url_modifier = reverse("terrain:observation_modifier", args=[observation.pk])
    assert 'value="retire"' in client.get(url_modifier).content.decode()

    reponse = client.post(url_modifier, saisie(bassin, verbatim_texte="Avant", verbatim_statut="retire"))

    assert reponse.status_code == 302
    assert observation.verbatims.get().statut == StatutPublication.RETIRE
    changement = ChangementStatutVerbatim.objects.get()
    assert (changement.ancien, changement.nouveau, changement.par) == ("publiable", "retire", claire)


def test_modification_invalide_422_rien_ne_change(client, camille, bassin):
    observation = observation_de(camille, bassin, texte="Intact")

    reponse = client.post(
        reverse("terrain:observation_modifier", args=[observation.pk]), saisie(bassin, date="2019-01-01")
    )

    assert reponse.status_code == 422
    observation.refresh_from_db()
    assert observation.texte == "Intact"


# Autocomplétion des communes


def test_autocompletion_des_communes(client, camille, bassin):
    reponse = client.get(URL_COMMUNES, {"communes": "cah", "experimentation": bassin.experimentation.pk})

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'data-code="46042" data-nom="Cahors"' in contenu
    assert "Pradines" not in contenu


def test_autocompletion_sans_accents_par_code_et_sur_le_dernier_morceau(client, camille, bassin):
    assert 'data-nom="Espère"' in client.get(URL_COMMUNES, {"q": "ESPERE"}).content.decode()
    assert 'data-nom="Pradines"' in client.get(URL_COMMUNES, {"q": "4622"}).content.decode()
    assert 'data-nom="Pradines"' in client.get(URL_COMMUNES, {"q": "Cahors, prad"}).content.decode()
    assert client.get(URL_COMMUNES, {"q": "c"}).content.decode().strip() == ""


def test_autocompletion_communes_actuelles_du_territoire_d_abord(client, camille, bassin):
    for rang in range(12):
        CommuneFactory(code_insee=f"82{rang:03d}", nom=f"Arcambal-sur-Tarn {rang}")
    AppartenanceTerritoireFactory(territoire=bassin.territoire, commune=CommuneFactory(nom="Arcambal"))

    contenu = client.get(URL_COMMUNES, {"q": "arcambal"}).content.decode()

    noms = re.findall(r'data-nom="([^"]+)"', contenu)
    assert len(noms) == 10
    assert noms[0] == "Arcambal"
    # Une commune déléguée (type COMD) n'est jamais proposée.
    assert "Laroque-des-Arcs" not in client.get(URL_COMMUNES, {"q": "laroque"}).content.decode()


def test_autocompletion_echappe_les_noms(client, camille, bassin):
    CommuneFactory(code_insee="46999", nom='<script>alert("x")</script> Saint-Cirq')

    contenu = client.get(URL_COMMUNES, {"q": "saint-cirq"}).content.decode()

    assert "<script>" not in contenu
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Saint-Cirq" in contenu
    assert 'data-nom="&lt;script&gt;' in contenu
    assert "&lt;b&gt;" not in client.get(URL_COMMUNES, {"q": "<b>"}).content.decode().replace("« &lt;b&gt; »", "")


# Mes observations : requêtes bornées, pagination htmx


@pytest.mark.parametrize("nombre", [10, 500])
def test_mes_observations_en_requetes_bornees(client, camille, bassin, django_assert_max_num_queries, nombre):
    publics = PublicFactory.create_batch(2)
    observations = ObservationFactory.create_batch(
        nombre, experimentation=bassin.experimentation, auteur=camille, communes=[bassin.cahors], publics=publics
    )
    for observation in observations[-20:]:
        VerbatimFactory(observation=observation)
    observation_de(agent(), bassin, texte="Observation d'un collègue")

    with django_assert_max_num_queries(REQUETES_MES_OBSERVATIONS):
        reponse = client.get(URL_ACCUEIL)

    assert reponse.status_code == 200
    assert f"{nombre} observations" in texte(reponse)
    assert "Observation d'un collègue" not in texte(reponse)
    # Les plus récentes d'abord.
    assert texte(reponse).index(observations[-1].texte) < texte(reponse).index(observations[-2].texte)


def test_pagination_htmx_renvoie_le_fragment(client, camille, bassin):
    ObservationFactory.create_batch(25, experimentation=bassin.experimentation, auteur=camille)

    page = client.get(URL_ACCUEIL)
    fragment = client.get(URL_ACCUEIL, {"page": 2}, HTTP_HX_REQUEST="true")

    # La pagination de django-dsfr, ses liens « boostés » par htmx vers la liste (includes/pagination.html).
    assert 'hx-boost="true" hx-target="#mes-observations" hx-push-url="true"' in page.content.decode()
    assert 'href="?page=2"' in page.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "page 2 sur 2" in texte(fragment)
    assert "HX-Request" in fragment["Vary"]


def test_avec_plusieurs_experimentations_la_plus_recente_par_defaut(client, camille, bassin):
    from experimentations.models import Experimentation

    recente = Experimentation.objects.create(
        nom="Carte Blanche à Figeac",
        slug="figeac-2027",
        territoire=bassin.territoire,
        date_lancement=datetime.date(2027, 1, 1),
        date_echeance_promesses=datetime.date(2027, 12, 31),
    )

    contenu = client.get(URL_NOUVELLE).content.decode()

    assert f'type="radio" name="experimentation" value="{recente.pk}"' in contenu
    assert re.search(rf'value="{recente.pk}"[^>]*checked', contenu)
    assert f'value="{bassin.experimentation.pk}"' in contenu
    # Aujourd'hui (2026) est ramené au lancement de l'expérimentation par défaut.
    assert 'name="date" value="2027-01-01"' in contenu
    reponse = client.post(URL_NOUVELLE, saisie(bassin))
    assert reponse.status_code == 302
    assert Observation.objects.get().experimentation == bassin.experimentation


def test_sans_javascript_la_modification_montre_les_communes_en_texte(client, camille, bassin):
    observation = observation_de(camille, bassin, communes=[bassin.cahors, bassin.pradines])

    contenu = client.get(reverse("terrain:observation_modifier", args=[observation.pk])).content.decode()

    assert 'value="Cahors (46042), Pradines (46224)"' in contenu
    assert (
        client.post(
            reverse("terrain:observation_modifier", args=[observation.pk]),
            saisie(bassin, communes="Cahors (46042), Pradines (46224)"),
        ).status_code
        == 302
    )
    assert observation.communes.count() == 2


def test_un_facilitateur_a_un_lien_vers_toutes_les_observations(client, bassin):
    client.force_login(facilitateur())
    lien = f'href="{reverse("observations:liste")}"'
    assert lien in client.get(URL_ACCUEIL).content.decode()
    client.force_login(agent())
    assert lien not in client.get(URL_ACCUEIL).content.decode()


# Communes du même nom : le choix désigne la bonne, jamais la première trouvée


@pytest.fixture
def homonymes():
    """Deux communes « Saint-Pierre » hors du territoire, dans l'ordre inverse de leur code."""
    return CommuneFactory(code_insee="97416", nom="Saint-Pierre"), CommuneFactory(
        code_insee="15204", nom="Saint-Pierre"
    )


@pytest.mark.parametrize("rang", [0, 1])
def test_parmi_deux_communes_du_meme_nom_la_puce_choisie_est_enregistree(client, camille, bassin, homonymes, rang):
    choisie = homonymes[rang]

    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes=[choisie.code_insee]))

    assert reponse.status_code == 302
    assert list(Observation.objects.get().communes.all()) == [choisie]


@pytest.mark.parametrize("rang", [0, 1])
def test_parmi_deux_communes_du_meme_nom_la_forme_nom_et_code_designe_la_bonne(
    client, camille, bassin, homonymes, rang
):
    choisie = homonymes[rang]

    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes=f"Saint-Pierre ({choisie.code_insee})"))

    assert reponse.status_code == 302
    assert list(Observation.objects.get().communes.all()) == [choisie]


def test_un_nom_exact_porte_par_deux_communes_est_ambigu(client, camille, bassin, homonymes):
    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes="Saint-Pierre"))

    assert reponse.status_code == 422
    lu = texte(reponse)
    assert "Plusieurs communes s'appellent « Saint-Pierre »" in lu
    assert "Saint-Pierre (15204)" in lu and "Saint-Pierre (97416)" in lu
    assert not Observation.objects.exists()


def test_dans_le_territoire_deux_communes_du_meme_nom_sont_aussi_ambigues(client, camille, bassin):
    for code in ("46301", "46302"):
        AppartenanceTerritoireFactory(
            territoire=bassin.territoire, commune=CommuneFactory(code_insee=code, nom="Vers")
        )

    reponse = client.post(URL_NOUVELLE, saisie(bassin, communes="Vers"))

    assert reponse.status_code == 422
    assert "Plusieurs communes s'appellent « Vers »" in texte(reponse)
