"""Connexion, déconnexion, mot de passe oublié, rôles et accès à l'administration."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from comptes.enums import Role
from comptes.roles import ROLE_PERMISSIONS, roles_synchroniser
from comptes.services import utilisateur_creer

MOT_DE_PASSE = "un-mot-de-passe-solide-42"


@pytest.fixture
def facilitatrice():
    return utilisateur_creer(
        username="camille", email="camille@example.org", password=MOT_DE_PASSE, role=Role.FACILITATEUR
    )


@pytest.fixture
def agent():
    return utilisateur_creer(
        username="dominique", email="dominique@example.org", password=MOT_DE_PASSE, role=Role.AGENT
    )


class TestConnexion:
    def test_la_page_de_connexion_est_en_francais_et_accessible(self, client):
        response = client.get(reverse("login"))

        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Connexion à Carte Blanche</h1>" in html
        assert 'autocomplete="username"' in html
        assert 'autocomplete="current-password"' in html
        assert '<label class="fr-label" for="id_username">' in html
        assert 'class="fr-password__input fr-input"' in html
        assert reverse("password_reset") in html

    def test_bons_identifiants(self, client, facilitatrice):
        response = client.post(reverse("login"), {"username": "camille", "password": MOT_DE_PASSE})

        assert response.status_code == 302
        assert client.get(response.url).url == reverse("accueil")
        assert client.session["_auth_user_id"] == str(facilitatrice.pk)

    def test_retour_a_la_page_demandee(self, client, facilitatrice):
        response = client.post(
            reverse("login"), {"username": "camille", "password": MOT_DE_PASSE, "next": reverse("territoire:index")}
        )

        assert response.status_code == 302
        assert response.url == reverse("territoire:index")

    def test_mauvais_identifiants_message_en_francais(self, client, facilitatrice):
        response = client.post(reverse("login"), {"username": "camille", "password": "pas-le-bon"})

        assert response.status_code == 200
        html = response.content.decode()
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in html
        assert 'class="fr-alert fr-alert--error' in html
        assert "<title>Erreur : Connexion" in html
        assert "_auth_user_id" not in client.session

    def test_champ_manquant_erreur_sur_le_champ(self, client):
        response = client.post(reverse("login"), {"username": "camille", "password": ""})

        assert response.status_code == 200
        html = response.content.decode()
        assert "fr-input-group--error" in html
        assert '<p class="fr-error-text">Ce champ est obligatoire.</p>' in html
        assert 'id="id_password_error"' in html
        assert 'aria-describedby="id_password_error"' in html
        assert 'aria-invalid="true"' in html


def test_deconnexion_en_post(client, facilitatrice):
    client.force_login(facilitatrice)
    page = client.get(reverse("accueil")).content.decode()
    assert f'action="{reverse("logout")}"' in page

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("accueil")
    assert "_auth_user_id" not in client.session


def test_deconnexion_en_get_refusee(client, facilitatrice):
    client.force_login(facilitatrice)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(facilitatrice.pk)


class TestMotDePasseOublie:
    def test_parcours_complet(self, client, facilitatrice):
        response = client.get(reverse("password_reset"))
        assert response.status_code == 200
        assert 'autocomplete="email"' in response.content.decode()

        response = client.post(reverse("password_reset"), {"email": "camille@example.org"})
        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
        assert "Vérifiez votre messagerie" in client.get(response.url).content.decode()

        assert len(mail.outbox) == 1
        courriel = mail.outbox[0]
        assert courriel.to == ["camille@example.org"]
        assert courriel.subject == "Carte Blanche : choisir un nouveau mot de passe"
        assert "Bonjour" in courriel.body
        assert "camille" in courriel.body
        lien = re.search(r"https?://testserver(/comptes/reset/\S+/)", courriel.body).group(1)

        # Django retire le jeton de l'URL (il le met en session) avant d'afficher le formulaire.
        response = client.get(lien, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Choisir un nouveau mot de passe" in html
        assert html.count('autocomplete="new-password"') == 2
        formulaire = response.redirect_chain[-1][0]

        nouveau = "une-toute-nouvelle-phrase-7"
        response = client.post(formulaire, {"new_password1": nouveau, "new_password2": nouveau})
        assert response.status_code == 302
        assert response.url == reverse("password_reset_complete")
        assert "Mot de passe enregistré" in client.get(response.url).content.decode()

        client.logout()
        response = client.post(reverse("login"), {"username": "camille", "password": nouveau})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(facilitatrice.pk)
        client.logout()
        ancien = client.post(reverse("login"), {"username": "camille", "password": MOT_DE_PASSE})
        assert ancien.status_code == 200 and "_auth_user_id" not in client.session

    def test_mot_de_passe_trop_court_refuse_en_francais(self, client, facilitatrice):
        client.post(reverse("password_reset"), {"email": "camille@example.org"})
        lien = re.search(r"https?://testserver(/comptes/reset/\S+/)", mail.outbox[0].body).group(1)
        formulaire = client.get(lien, follow=True).redirect_chain[-1][0]

        response = client.post(formulaire, {"new_password1": "court", "new_password2": "court"})

        assert response.status_code == 200
        html = response.content.decode()
        assert "Ce mot de passe est trop court" in html
        assert "fr-input-group--error" in html

    def test_adresse_inconnue_meme_reponse_sans_courriel(self, client, facilitatrice):
        response = client.post(reverse("password_reset"), {"email": "personne@example.org"})

        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
        assert mail.outbox == []

    def test_lien_invalide(self, client):
        response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux-jeton"}))

        assert response.status_code == 200
        assert "Lien expiré ou déjà utilisé" in response.content.decode()


def test_changement_de_mot_de_passe(client, facilitatrice):
    client.force_login(facilitatrice)
    assert client.get(reverse("password_change")).status_code == 200

    nouveau = "encore-une-autre-phrase-8"
    response = client.post(
        reverse("password_change"),
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    facilitatrice.refresh_from_db()
    assert facilitatrice.check_password(nouveau)


class TestRoles:
    def test_synchronisation_idempotente(self):
        premiers = roles_synchroniser()
        permissions = {role: set(group.permissions.all()) for role, group in premiers.items()}

        seconds = roles_synchroniser()

        assert Group.objects.count() == len(Role)
        assert {role: group.pk for role, group in seconds.items()} == {role: g.pk for role, g in premiers.items()}
        assert {role: set(group.permissions.all()) for role, group in seconds.items()} == permissions

    def test_chaque_permission_declaree_existe(self):
        groupes = roles_synchroniser()

        for role, permissions in ROLE_PERMISSIONS.items():
            assert groupes[role].permissions.count() == len(permissions), role

    def test_renommer_un_groupe_ne_retire_a_personne_son_role(self, facilitatrice, agent):
        groupes = roles_synchroniser()
        groupes[Role.AGENT].name = "Agents de terrain du Lot"
        groupes[Role.AGENT].save()
        agent = type(agent).objects.get(pk=agent.pk)  # relu : aucun rôle en mémoire

        assert agent.is_agent and agent.has_perm("terrain.saisir_observation")
        assert roles_synchroniser()[Role.AGENT].pk == groupes[Role.AGENT].pk
        assert Group.objects.count() == len(Role), "aucun groupe recréé sous l'ancien nom"

    def test_roles_des_utilisateurs(self, facilitatrice, agent):
        assert facilitatrice.is_facilitateur and facilitatrice.is_staff
        assert agent.is_agent and not agent.is_facilitateur and not agent.is_staff


class TestAdministration:
    def test_facilitateur_accede_a_l_admin_en_francais(self, client, facilitatrice):
        client.force_login(facilitatrice)

        response = client.get(reverse("admin:index"))

        assert response.status_code == 200
        html = response.content.decode()
        assert "Carte Blanche — administration" in html
        assert "Gestion de la plateforme" in html
        assert "Déconnexion" in html
        assert 'lang="fr"' in html

    def test_agent_renvoye_vers_la_connexion(self, client, agent):
        client.force_login(agent)

        response = client.get(reverse("admin:index"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))

    def test_anonyme_renvoye_vers_la_connexion(self, client):
        response = client.get(reverse("admin:index"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
