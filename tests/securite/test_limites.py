"""Le travail par requête est borné : connexion, HTTP Basic et réinitialisation limitées, débit de l'API, tailles.

django-axes compte les échecs par compte et par adresse IP (AXES_FAILURE_LIMIT) ; un facilitateur lève
un blocage dans l'administration. La réinitialisation du mot de passe est limitée par adresse électronique
et par poste (comptes/views.py). L'API limite le débit (DRF) ; les tailles sont bornées avant tout travail.
"""

import base64
import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from comptes.enums import Role
from comptes.services import utilisateur_creer
from terrain.models import Observation
from tests.comptes.factories import agent
from tests.experimentations.factories import ExperimentationFactory
from tests.terrain.factories import EntretienFactory, ImmersionFactory

MOT_DE_PASSE = "un-mot-de-passe-solide-42"
LIMITE = settings.AXES_FAILURE_LIMIT


def _compte(nom: str, role=Role.AGENT):
    return utilisateur_creer(username=nom, email=f"{nom}@example.org", password=MOT_DE_PASSE, role=role)


def _connexion(client, nom: str, mot_de_passe: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": nom, "password": mot_de_passe}, REMOTE_ADDR=ip)


def test_apres_trop_d_echecs_meme_le_bon_mot_de_passe_est_refuse_en_francais(client):
    _compte("camille")
    for _ in range(LIMITE - 1):
        assert _connexion(client, "camille", "mauvais").status_code == 200
    assert _connexion(client, "camille", "mauvais").status_code == 429  # l'échec qui atteint la limite bloque
    reponse = _connexion(client, "camille", MOT_DE_PASSE)
    assert reponse.status_code == 429
    html = reponse.content.decode()
    assert "Trop de tentatives de connexion" in html
    assert "facilitateur" in html
    assert "_auth_user_id" not in client.session


def test_le_blocage_vaut_pour_le_compte_depuis_une_autre_adresse(client):
    _compte("camille")
    for _ in range(LIMITE):
        _connexion(client, "camille", "mauvais", ip="10.0.0.1")
    assert _connexion(client, "camille", MOT_DE_PASSE, ip="10.9.9.9").status_code == 429


def test_le_blocage_vaut_pour_l_adresse_quel_que_soit_le_compte(client):
    _compte("dominique")
    for numero in range(LIMITE):
        _connexion(client, f"inconnu{numero}", "mauvais", ip="10.0.0.7")
    assert _connexion(client, "dominique", MOT_DE_PASSE, ip="10.0.0.7").status_code == 429
    # Depuis un autre poste, le compte (qui n'a pas échoué) se connecte.
    assert _connexion(client, "dominique", MOT_DE_PASSE, ip="10.0.0.8").status_code == 302


def test_moins_d_echecs_que_la_limite_puis_le_bon_mot_de_passe_connecte(client):
    _compte("camille")
    for _ in range(LIMITE - 1):
        _connexion(client, "camille", "mauvais")
    assert _connexion(client, "camille", MOT_DE_PASSE).status_code == 302


def test_un_facilitateur_leve_le_blocage_dans_l_administration(client):
    _compte("camille")
    facilitatrice = _compte("claire", role=Role.FACILITATEUR)
    for _ in range(LIMITE):
        _connexion(client, "camille", "mauvais")
    tentative = AccessAttempt.objects.get(username="camille")

    client.force_login(facilitatrice)
    liste = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert liste.status_code == 200
    assert "camille" in liste.content.decode()
    suppression = client.post(reverse("admin:axes_accessattempt_delete", args=[tentative.pk]), {"post": "yes"})
    assert suppression.status_code == 302
    client.logout()

    assert _connexion(client, "camille", MOT_DE_PASSE).status_code == 302


def test_un_agent_n_a_pas_acces_aux_tentatives(client):
    client.force_login(_compte("dominique"))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302


def _basic(nom: str, mot_de_passe: str) -> str:
    return "Basic " + base64.b64encode(f"{nom}:{mot_de_passe}".encode()).decode()


def test_http_basic_de_l_api_est_limite_aussi():
    _compte("dominique")
    api = APIClient()
    for _ in range(LIMITE - 1):
        reponse = api.get("/api/observations/", HTTP_AUTHORIZATION=_basic("dominique", "mauvais"))
        assert reponse.status_code == 401
        assert reponse["WWW-Authenticate"].startswith("Basic")
    assert api.get("/api/observations/", HTTP_AUTHORIZATION=_basic("dominique", "mauvais")).status_code == 429
    bloque = api.get("/api/observations/", HTTP_AUTHORIZATION=_basic("dominique", MOT_DE_PASSE))
    assert bloque.status_code == 429
    assert "Trop de tentatives de connexion" in bloque.json()["detail"]


def test_http_basic_sans_identifiants_ou_faux_repond_401_et_bon_200():
    _compte("dominique")
    api = APIClient()
    assert api.get("/api/observations/").status_code == 401
    assert api.get("/api/observations/", HTTP_AUTHORIZATION=_basic("dominique", "faux")).status_code == 401
    assert api.get("/api/observations/", HTTP_AUTHORIZATION=_basic("dominique", MOT_DE_PASSE)).status_code == 200


@pytest.mark.parametrize("nom,mot_de_passe", [("domi\x00nique", "x"), ("dominique", "mot\x00de-passe")])
def test_http_basic_avec_un_caractere_nul_repond_401(nom, mot_de_passe):
    api = APIClient()
    reponse = api.get("/api/observations/", HTTP_AUTHORIZATION=_basic(nom, mot_de_passe))
    assert reponse.status_code == 401


def test_la_demande_de_reinitialisation_est_limitee_par_adresse(client):
    _compte("camille")
    url = reverse("password_reset")
    for _ in range(settings.REINITIALISATION_DEMANDES_MAX):
        assert client.post(url, {"email": "camille@example.org"}, REMOTE_ADDR="10.1.0.1").status_code == 302
    envoyes = len(mail.outbox)
    reponse = client.post(url, {"email": "Camille@Example.org"}, REMOTE_ADDR="10.1.0.2")
    assert reponse.status_code == 429
    assert "Trop de demandes de réinitialisation" in reponse.content.decode()
    assert len(mail.outbox) == envoyes


def test_la_demande_de_reinitialisation_est_limitee_par_poste(client):
    url = reverse("password_reset")
    for numero in range(settings.REINITIALISATION_DEMANDES_MAX):
        client.post(url, {"email": f"inconnu{numero}@example.org"}, REMOTE_ADDR="10.2.0.1")
    assert client.post(url, {"email": "autre@example.org"}, REMOTE_ADDR="10.2.0.1").status_code == 429
    assert client.post(url, {"email": "autre@example.org"}, REMOTE_ADDR="10.2.0.2").status_code == 302


def test_le_debit_de_l_api_est_limite(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    api = APIClient()
    # Adresses toutes différentes : une page publique déjà en cache (commun.cache) ne compte pas dans le débit.
    statuts = [api.get(f"/api/communes/?essai={numero}").status_code for numero in range(4)]
    assert statuts == [200, 200, 200, 429]
    api.force_authenticate(agent())
    statuts = [api.get("/api/observations/").status_code for _ in range(6)]
    assert statuts == [200] * 5 + [429]


def test_les_limites_de_taille_sont_explicites():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


def test_un_formulaire_trop_gros_repond_400_en_francais(client):
    client.force_login(agent())
    reponse = client.post("/terrain/observations/nouvelle/", {"communes": "Cahors, " * 100_000})
    assert reponse.status_code == 400
    assert "trop volumineuse" in reponse.content.decode()


def test_trop_de_champs_repond_400(client):
    client.force_login(agent())
    donnees = {f"champ{numero}": "x" for numero in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/terrain/observations/nouvelle/", donnees).status_code == 400


def test_un_json_trop_gros_repond_400_sans_etre_lu():
    api = APIClient()
    api.force_authenticate(agent())
    corps = '{"texte": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    reponse = api.post("/api/observations/", corps, content_type="application/json")
    assert reponse.status_code == 400
    assert "volumineuse" in reponse.json()["detail"] or "Kio" in reponse.json()["detail"]


def test_une_liste_de_communes_geante_est_refusee_avant_toute_recherche(client, django_assert_max_num_queries):
    ExperimentationFactory(date_lancement=datetime.date(2017, 12, 15))
    client.force_login(agent())
    communes = ", ".join(f"Commune{numero}" for numero in range(5000))  # ~60 Kio, sous la limite du corps
    debut = time.process_time()
    with django_assert_max_num_queries(15):
        reponse = client.post("/terrain/observations/nouvelle/", {"texte": "x", "communes": communes})
    assert reponse.status_code == 422
    assert "au plus 30 communes" in reponse.content.decode()
    assert time.process_time() - debut < 5  # borne large : 40 s avant la borne


def test_un_agent_ne_rattache_pas_une_observation_a_l_entretien_d_un_autre_sans_le_savoir():
    experimentation = ExperimentationFactory(
        slug="cahors-2018",
        date_lancement=datetime.date(2017, 12, 15),
        date_echeance_promesses=datetime.date(2018, 12, 31),
    )
    moi = agent()
    a_moi = EntretienFactory(experimentation=experimentation)
    a_moi.animateurs.add(moi)
    autre_entretien = EntretienFactory(experimentation=experimentation)
    autre_immersion = ImmersionFactory(experimentation=experimentation)
    api = APIClient()
    api.force_authenticate(moi)
    base = {"experimentation": "cahors-2018", "date": "2018-01-16", "texte": "x", "source": "usager"}

    refus = {}
    for champ, numero in (
        ("entretien", autre_entretien.pk),
        ("immersion", autre_immersion.pk),
        ("entretien", 999_999),
    ):
        reponse = api.post("/api/observations/", {**base, champ: numero}, format="json")
        assert reponse.status_code == 400
        refus[(champ, numero)] = reponse.json()[champ]
    # Le numéro d'un entretien d'un autre répond comme un numéro qui n'existe pas.
    assert refus[("entretien", autre_entretien.pk)] == [
        m.replace("999999", str(autre_entretien.pk)) for m in refus[("entretien", 999_999)]
    ]
    assert Observation.objects.count() == 0
    assert api.post("/api/observations/", {**base, "entretien": a_moi.pk}, format="json").status_code == 201
