from comptes.enums import Role
from comptes.session import CLE
from tests.comptes.factories import UserFactory

MOT_DE_PASSE = "mot-de-passe-de-test"


def connecter(client, role):
    user = UserFactory(role=role)
    reponse = client.post("/comptes/login/", {"username": user.username, "password": MOT_DE_PASSE})
    return user, reponse


def test_un_agent_arrive_sur_sa_saisie_de_terrain_apres_connexion(client):
    _, reponse = connecter(client, Role.AGENT)
    assert reponse.status_code == 302
    assert client.get(reponse["Location"])["Location"] == "/terrain/"


def test_un_facilitateur_arrive_sur_l_accueil(client):
    _, reponse = connecter(client, Role.FACILITATEUR)
    assert client.get(reponse["Location"])["Location"] == "/"


def test_les_roles_sont_gardes_en_session_et_l_en_tete_ne_relit_pas_la_base(client, django_assert_num_queries):
    connecter(client, Role.AGENT)
    assert client.session[CLE] == [Role.AGENT.value]
    # Session et utilisateur : les deux seules requêtes de l'en-tête d'un utilisateur connecté.
    with django_assert_num_queries(2):
        html = client.get("/comptes/password_change/").content.decode()
    assert "Noter une observation" in html
    assert "Codage" not in html


def test_un_participant_ne_voit_pas_les_liens_de_terrain(client):
    connecter(client, Role.PARTICIPANT)
    html = client.get("/comptes/password_change/").content.decode()
    assert "Noter une observation" not in html


def test_un_facilitateur_voit_le_codage_et_les_observations(client):
    connecter(client, Role.FACILITATEUR)
    html = client.get("/comptes/password_change/").content.decode()
    assert "Codage" in html and "Observations" in html
