"""Le cache des pages publiques : une lecture calculée une fois, recalculée dès qu'une écriture touche son sujet."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from commun.cache import invalider, invalider_a_l_ecriture, page_publique
from irritants.models import Theme

appels = []


@page_publique("themes")
def vue_themes(request):
    appels.append(request.get_full_path())
    return HttpResponse(f"{Theme.objects.count()} thèmes", content_type="text/html; charset=utf-8")


@pytest.fixture(autouse=True)
def _remise_a_zero():
    appels.clear()


def lire(**entetes):
    return vue_themes(RequestFactory().get("/themes/?tri=nom", **entetes))


def test_la_page_est_calculee_une_fois_puis_servie_du_cache():
    premiere, seconde = lire(), lire()

    assert premiere.content == seconde.content == b"3 th\xc3\xa8mes"
    assert len(appels) == 1
    assert "max-age=0" in seconde["Cache-Control"] and "public" in seconde["Cache-Control"]


def test_une_ecriture_invalide_la_page_des_le_commit(django_capture_on_commit_callbacks):
    lire()
    with django_capture_on_commit_callbacks(execute=True):
        invalider("themes")
    assert lire().content == b"3 th\xc3\xa8mes"
    assert len(appels) == 2


def test_l_enregistrement_d_un_modele_branche_invalide_sans_appel_explicite(django_capture_on_commit_callbacks):
    invalider_a_l_ecriture(Theme, "themes")
    assert lire().content == b"3 th\xc3\xa8mes"

    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.create(nom="Numérique", slug="numerique", ordre=9)

    assert lire().content == b"4 th\xc3\xa8mes", "aucune page périmée après une écriture"


def test_une_ecriture_annulee_n_invalide_rien(django_capture_on_commit_callbacks):
    lire()
    with django_capture_on_commit_callbacks(execute=False):
        invalider("themes")
    lire()
    assert len(appels) == 1


def test_un_visiteur_avec_une_session_n_est_jamais_servi_du_cache():
    lire()
    requete = RequestFactory().get("/themes/?tri=nom")
    requete.COOKIES["sessionid"] = "abc"
    vue_themes(requete)
    vue_themes(requete)
    assert len(appels) == 3


def test_le_navigateur_revalide_pour_rien_avec_l_etag():
    etag = lire()["ETag"]

    reponse = lire(HTTP_IF_NONE_MATCH=etag)

    assert reponse.status_code == 304
    assert len(appels) == 1


def test_le_partiel_htmx_et_la_page_entiere_ne_se_melangent_pas():
    lire()
    lire(HTTP_HX_REQUEST="true")
    assert len(appels) == 2
