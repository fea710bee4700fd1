"""Le cache des pages publiques : une lecture calculée une fois, recalculée dès qu'une écriture touche son sujet."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
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


def test_une_page_calculee_avant_le_commit_n_est_plus_lue_apres(django_capture_on_commit_callbacks):
    """Une autre requête qui lit pendant la transaction voit l'ancien état : sa page ne survit pas au commit."""
    lire()
    with django_capture_on_commit_callbacks(execute=True):
        invalider("themes")
        lire()  # calculée avant le commit
        assert len(appels) == 2
    lire()
    assert len(appels) == 3


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


@page_publique("themes")
def vue_avec_formulaire(request):
    appels.append(request.get_full_path())
    get_token(request)  # ce que fait {% csrf_token %}
    return HttpResponse("<form>…</form>" * 50)


@page_publique("themes")
def vue_avec_nonce(request):
    appels.append(request.get_full_path())
    return HttpResponse(Template('<script nonce="{{ n }}">1</script>').render(Context({"n": len(appels)})))


@pytest.mark.parametrize("vue", [vue_avec_formulaire, vue_avec_nonce])
def test_une_page_propre_a_la_requete_n_est_jamais_gardee(vue):
    vue(RequestFactory().get("/formulaire/"))
    vue(RequestFactory().get("/formulaire/"))
    assert len(appels) == 2


def test_un_visiteur_authentifie_par_l_en_tete_authorization_n_est_jamais_servi_du_cache():
    lire()
    lire(HTTP_AUTHORIZATION="Basic Y2xhaXJlOnNlY3JldA==")
    assert len(appels) == 2


def test_un_changement_de_reglage_change_la_page(settings):
    lire()
    settings.TERRITOIRE_PRINCIPAL = "un-autre-territoire"
    lire()
    assert len(appels) == 2


def test_le_reglage_coupe_le_cache(settings):
    settings.PAGES_PUBLIQUES_EN_CACHE = False
    lire()
    lire()
    assert len(appels) == 2
