"""L'accueil montre l'avancée publique des trois équipes de co-construction (section enregistrée par les ateliers
dans le registre `experimentations.sections`) ; une écriture d'une équipe ou d'un cycle le fait recalculer."""

import datetime
import re
from html import unescape

import pytest

from ateliers import services
from ateliers.enums import Decision
from tests.ateliers.factories import CycleFactory, EquipeFactory


def texte(reponse) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(reponse.content.decode())).split())


@pytest.fixture
def equipes(experimentation):
    resultat = []
    for rang, (nom, titre) in enumerate(
        [("L'équipe de Sarah", "Un seul rendez-vous"), ("L'équipe de Sébastien", "Un guichet itinérant")], 1
    ):
        equipe = EquipeFactory(
            nom=nom,
            engagement__titre=titre,
            engagement__ordre_retenu=rang,
            engagement__lettre__atelier__seminaire__experimentation=experimentation,
        )
        resultat.append(equipe)
    sarah = resultat[0]
    CycleFactory(equipe=sarah, numero=1, decision=Decision.AJUSTER)
    CycleFactory(
        equipe=sarah,
        numero=2,
        date_debut=datetime.date(2018, 2, 26),
        date_fin=datetime.date(2018, 3, 9),
        decision=Decision.GARDER,
    )
    # Un cycle à venir (fini après aujourd'hui) compte parmi les prévus, pas parmi les terminés.
    CycleFactory(
        equipe=sarah, numero=3, date_debut=datetime.date(2099, 1, 1), date_fin=datetime.date(2099, 1, 10), decision=""
    )
    # Un cycle non publié ne compte pas pour le public.
    CycleFactory(equipe=sarah, numero=4, publie=False, decision=Decision.ABANDONNER)
    return resultat


def test_l_accueil_montre_l_avancee_des_equipes(client, equipes):
    page = texte(client.get("/"))
    assert "La co-construction des promesses" in page
    assert "L'équipe de Sarah" in page and "Promesse : Un seul rendez-vous" in page
    assert "2 cycles terminés sur 3 prévus" in page
    assert "Dernière décision : Garder" in page
    assert "Abandonner" not in page  # la décision d'un cycle non publié
    assert "0 cycle terminé sur 0 prévu" in page and "Pas encore de décision publiée." in page
    assert f'href="/equipes/{equipes[0].slug}/"' in client.get("/").content.decode()
    assert page.index("L'équipe de Sarah") < page.index("L'équipe de Sébastien")


def test_une_equipe_non_publiee_n_est_pas_sur_l_accueil(client, equipes):
    equipes[1].publiee = False
    equipes[1].save()
    page = texte(client.get("/"))
    assert "L'équipe de Sarah" in page and "L'équipe de Sébastien" not in page


def test_sans_equipe_publiee_pas_de_section(client, experimentation):
    assert "La co-construction des promesses" not in texte(client.get("/"))


def test_publier_un_cycle_recalcule_l_accueil_en_cache(client, fac, equipes):
    client.logout()  # l'accueil n'est gardé en cache que pour les visiteurs sans session
    assert "Dernière décision : Garder" in texte(client.get("/"))
    cycle = equipes[1].cycles.create(
        numero=1,
        date_debut=datetime.date(2018, 2, 12),
        date_fin=datetime.date(2018, 2, 23),
        objectif="Tester",
        decision=Decision.ABANDONNER,
        publie=False,
    )
    assert "Abandonner" not in texte(client.get("/"))
    services.publication_changer(acteur=fac, objet=cycle, publie=True)
    assert "Dernière décision : Abandonner" in texte(client.get("/"))
    services.publication_changer(acteur=fac, objet=equipes[1], publie=False)
    assert "L'équipe de Sébastien" not in texte(client.get("/"))


def test_changer_la_promesse_recalcule_l_accueil(client, equipes):
    assert "Un seul rendez-vous" in texte(client.get("/"))
    engagement = equipes[0].engagement
    engagement.titre = "Un rendez-vous unique pour tout"
    engagement.save()
    assert "Un rendez-vous unique pour tout" in texte(client.get("/"))


@pytest.mark.parametrize("nombre", [1, 6])
def test_l_accueil_avec_les_equipes_fait_un_nombre_borne_de_requetes(
    client, experimentation, django_assert_max_num_queries, nombre
):
    for rang in range(nombre):
        equipe = EquipeFactory(
            engagement__ordre_retenu=rang + 1,
            engagement__lettre__atelier__seminaire__experimentation=experimentation,
        )
        for numero in (1, 2, 3):
            CycleFactory(equipe=equipe, numero=numero)
    with django_assert_max_num_queries(9):
        reponse = client.get("/")
    assert texte(reponse).count("3 cycles terminés sur 3 prévus") == nombre
