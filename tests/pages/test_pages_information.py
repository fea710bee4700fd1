"""Pied de page des sites de l'État : déclaration d'accessibilité, mentions légales, données personnelles, plan."""

from html import unescape

import pytest
from django.urls import reverse

from comptes.enums import Role
from pages import plan
from pages.contenus import PAGES
from tests.comptes.factories import UserFactory
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory


@pytest.mark.parametrize("chemin", ["/", "/territoire/", "/irritants/", "/plan-du-site/", "/comptes/login/"])
def test_chaque_page_porte_les_liens_du_pied_de_page(client, chemin):
    html = client.get(chemin).content.decode()
    pied = html[html.index('id="footer"') :]
    for adresse in ("/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/"):
        assert f'href="{adresse}"' in pied, adresse


def test_l_etat_d_accessibilite_est_un_lien_vers_la_declaration(client):
    html = unescape(client.get("/").content.decode())
    assert '<a class="fr-footer__bottom-link" href="/accessibilite/">Accessibilité : non conforme</a>' in html


@pytest.mark.parametrize("page", PAGES, ids=[page.slug for page in PAGES])
def test_chaque_page_d_information_se_lit(client, page):
    reponse = client.get(reverse(page.url_name))
    assert reponse.status_code == 200
    html = unescape(reponse.content.decode())
    assert f"<h1>{page.titre}</h1>" in html
    assert "<h2" in html  # le Markdown est rendu (titres abaissés sous le h1)
    assert "{%" not in html and "{{" not in html


def test_la_declaration_d_accessibilite_donne_l_etat_de_conformite_et_les_recours(client):
    html = unescape(client.get("/accessibilite/").content.decode())
    assert "Carte Blanche est <strong>non conforme</strong>" in html
    assert "Défenseur des droits" in html
    assert "RGAA" in html


def test_les_donnees_personnelles_disent_quoi_pourquoi_combien_de_temps_et_a_qui(client):
    html = unescape(client.get("/donnees-personnelles/").content.decode())
    for attendu in ("Ce qui est enregistré", "Pourquoi", "Combien de temps", "Vos droits", "CNIL", "IndexedDB"):
        assert attendu in html, attendu
    # Ce que le site stocke vraiment : comptes, observations et verbatims, personas, et ce qui vient.
    for attendu in ("compte", "verbatim", "personas", "séminaire"):
        assert attendu in html.lower(), attendu


def test_toutes_les_pages_publiques_sans_parametre_sont_dans_le_plan_ou_exclues():
    """Une page ajoutée dans un urls.py doit trouver sa place dans le plan (ou être exclue en le disant)."""
    assert plan.noms_a_classer() == []


def test_le_plan_liste_les_irritants_publies_pas_les_brouillons(client, django_assert_max_num_queries):
    experimentation = ExperimentationFactory()
    IrritantFactory(experimentation=experimentation, titre="Les horaires de la CAF sont courts")
    IrritantFactory(experimentation=experimentation, titre="Un brouillon pas relu", brouillon=True)
    with django_assert_max_num_queries(6):
        reponse = client.get("/plan-du-site/")
    html = unescape(reponse.content.decode())
    assert "Les horaires de la CAF sont courts" in html
    assert "Un brouillon pas relu" not in html
    for libelle in ("Le territoire et ses communes", "Déclaration d'accessibilité", "Données personnelles"):
        assert libelle in html


def test_le_plan_reste_borne_en_requetes_avec_beaucoup_d_irritants(client, django_assert_max_num_queries):
    experimentation = ExperimentationFactory()
    IrritantFactory.create_batch(120, experimentation=experimentation)
    with django_assert_max_num_queries(6):
        assert client.get("/plan-du-site/").status_code == 200


def test_un_participant_arrive_sur_sa_page_apres_connexion(client):
    ExperimentationFactory(phases_cahors=True)
    participant = UserFactory(role=Role.PARTICIPANT, first_name="Inès")
    client.force_login(participant)

    reponse = client.get(reverse("apres_connexion"), follow=True)

    assert reponse.redirect_chain[-1][0] == "/espace-participant/"
    html = unescape(reponse.content.decode())
    assert "Bienvenue, Inès" in html
    assert "Ce que vous ferez" in html
    assert 'href="/personas/"' in html
    # Chaque étape mène à ses pages : séminaire, équipes, laboratoire, tableau de bord des promesses.
    for adresse in ("/seminaire/", "/equipes/", "/laboratoire/", "/promesses/"):
        assert f'href="{adresse}"' in html, adresse
    # Son espace est dans le menu.
    assert '<a class="fr-nav__link" href="/espace-participant/" aria-current="page">Mon espace</a>' in html


def test_l_espace_participant_demande_une_connexion(client):
    reponse = client.get("/espace-participant/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("login"))
