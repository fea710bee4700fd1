"""Pages des documents : état qui se met à jour (htmx), fichier à l'adresse stable, relance, visibilité."""

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from documents import pdf, services
from documents.enums import EtatDocument
from documents.models import Document
from tests.comptes.factories import UserFactory, facilitateur
from tests.documents.conftest import SOURCE, TEXTES

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def camille():
    return facilitateur(username="camille")


@pytest.fixture
def document_pret(django_capture_on_commit_callbacks):
    def _creer(objet_id="1", texte="Texte de la lettre."):
        TEXTES[objet_id] = texte
        with django_capture_on_commit_callbacks(execute=True):
            document = services.document_demander(source=SOURCE, objet_id=objet_id)
        document.refresh_from_db()
        assert document.etat == EtatDocument.PRET
        return document

    return _creer


def sans_syntaxe_de_gabarit(contenu: str) -> None:
    assert "{{" not in contenu and "{%" not in contenu


def test_le_fragment_interroge_tant_que_le_document_se_prepare(client, django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_demander(source=SOURCE, objet_id="1")
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    contenu = page.content.decode()
    sans_syntaxe_de_gabarit(contenu)
    assert 'role="status"' in contenu and 'aria-live="polite"' in contenu
    assert f'hx-get="{document.get_absolute_url()}"' in contenu and 'hx-trigger="every 2s"' in contenu
    assert "En attente" in contenu

    fragment = client.get(document.get_absolute_url(), **HTMX)
    assert fragment.status_code == 200  # l'interrogation continue
    assert fragment["Cache-Control"] == "no-store"
    assert "<html" not in fragment.content.decode()
    assert "file d'attente" in fragment.content.decode()


def test_le_fragment_d_un_document_pret_arrete_l_interrogation_et_donne_le_lien_stable(client, document_pret):
    document = document_pret()
    fragment = client.get(document.get_absolute_url(), **HTMX)
    assert fragment.status_code == 286  # htmx arrête d'interroger et remplace le contenu
    contenu = fragment.content.decode()
    sans_syntaxe_de_gabarit(contenu)
    assert "Prêt" in contenu
    assert f'href="/documents/{document.uuid}/lettre-1.pdf"' in contenu
    assert "PDF – " in contenu and "Kio" in contenu  # format et poids, comme le lien de téléchargement du DSFR
    page = client.get(document.get_absolute_url())
    assert "hx-trigger" not in page.content.decode()


# « Relancer » produit un vrai PDF : la génération en échec y est rattrapée (état « échec »), d'où le marqueur.
@pytest.mark.weasyprint
def test_un_echec_s_affiche_en_francais_avec_le_bouton_relancer_qui_marche(
    client, camille, monkeypatch, django_capture_on_commit_callbacks
):
    TEXTES["1"] = "Texte."

    def panne(html):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr(pdf, "html_en_pdf", panne)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_demander(source=SOURCE, objet_id="1")
    client.force_login(camille)
    fragment = client.get(document.get_absolute_url(), **HTMX)
    assert fragment.status_code == 286
    contenu = fragment.content.decode()
    assert "Échec" in contenu
    assert "La mise en page du PDF a échoué. Nombre d'essais : 4." in contenu
    assert "cairo" not in contenu  # le détail technique va au journal, pas à l'utilisateur
    assert f'hx-post="{reverse("documents:relancer", args=[document.uuid])}"' in contenu
    assert "Relancer la génération du PDF" in contenu

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("documents:relancer", args=[document.uuid]), **HTMX)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # La réponse arrive tout de suite : le bloc entier est remplacé (hx-swap="outerHTML") par un bloc
    # « en attente » qui s'interroge ; la tâche, mise en file après le commit, le fait passer à « prêt ».
    assert f'id="{document.ancre}"' in contenu
    assert "En attente" in contenu and 'hx-trigger="every 2s"' in contenu and "Relancer" not in contenu
    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET


def test_relancer_sans_javascript_revient_a_la_page(client, camille, monkeypatch, django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    monkeypatch.setattr(pdf, "html_en_pdf", lambda html: (_ for _ in ()).throw(RuntimeError("panne")))
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_demander(source=SOURCE, objet_id="1")
    monkeypatch.undo()
    client.force_login(camille)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("documents:relancer", args=[document.uuid]), {"next": "/irritants/"})
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/irritants/#{document.ancre}"
    with django_capture_on_commit_callbacks(execute=True):
        ailleurs = client.post(reverse("documents:relancer", args=[document.uuid]), {"next": "https://mal.example/"})
    assert ailleurs["Location"] == document.get_absolute_url()


def test_le_fichier_est_servi_a_son_adresse_stable_en_piece_jointe(client, document_pret):
    document = document_pret()
    reponse = client.get(document.url_fichier)
    assert reponse.status_code == 200
    octets = b"".join(reponse.streaming_content)
    assert octets.startswith(b"%PDF-") and octets.rstrip().endswith(b"%%EOF")
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == 'attachment; filename="lettre-1.pdf"'
    # Document public : les caches peuvent le garder une minute, puis revalider par l'ETag.
    assert reponse["Cache-Control"] == "public, max-age=60"
    assert reponse["ETag"] == f'"{document.empreinte_fichier}"'
    non_modifie = client.get(document.url_fichier, HTTP_IF_NONE_MATCH=reponse["ETag"])
    assert non_modifie.status_code == 304


def test_l_adresse_reste_la_meme_quand_le_pdf_est_regenere(client, document_pret):
    document = document_pret(texte="Version 1.")
    avant = b"".join(client.get(document.url_fichier).streaming_content)
    nouveau = document_pret(texte="Version 2, corrigée.")
    assert nouveau.url_fichier == document.url_fichier
    apres = b"".join(client.get(document.url_fichier).streaming_content)
    assert apres != avant and apres.startswith(b"%PDF-")


def test_un_document_prive_est_servi_sans_cache_et_cache_aux_autres(client, camille, document_pret):
    document = document_pret(objet_id="prive-1")
    for url in (document.get_absolute_url(), document.url_fichier):
        assert client.get(url).status_code == 404  # anonyme : on ne révèle pas son existence
    client.force_login(UserFactory())  # connecté mais pas facilitateur
    assert client.get(document.url_fichier).status_code == 404
    assert client.post(reverse("documents:relancer", args=[document.uuid])).status_code == 404
    client.force_login(camille)
    reponse = client.get(document.url_fichier)
    assert reponse.status_code == 200
    directives = {d.strip() for d in reponse["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives


def test_un_nom_de_fichier_perime_redirige_vers_le_bon(client, document_pret):
    document = document_pret()
    reponse = client.get(reverse("documents:telecharger", args=[document.uuid, "ancien-nom.pdf"]))
    assert reponse.status_code == 302
    assert reponse["Location"] == document.url_fichier


def test_avant_le_premier_fichier_l_adresse_stable_mene_a_l_etat(client, django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_demander(source=SOURCE, objet_id="1")
    reponse = client.get(document.url_fichier)
    assert reponse.status_code == 302
    assert reponse["Location"] == document.get_absolute_url()


def test_uuid_inconnu_404(client):
    assert client.get("/documents/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/documents/00000000-0000-0000-0000-000000000000/x.pdf").status_code == 404


def test_demander_depuis_une_page_htmx(client, camille, django_capture_on_commit_callbacks):
    TEXTES["7"] = "Texte."
    client.force_login(camille)
    with django_capture_on_commit_callbacks(execute=False):
        reponse = client.post(reverse("documents:demander"), {"source": SOURCE, "objet_id": "7"}, **HTMX)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    document = Document.objects.get()
    assert f'id="{document.ancre}"' in contenu
    assert 'hx-trigger="every 2s"' in contenu  # la zone se met à jour jusqu'à « prêt »
    assert document.demande_par == camille


@pytest.mark.parametrize(
    ("donnees", "statut"),
    [
        ({}, 400),
        ({"source": SOURCE}, 400),
        ({"source": "inconnue", "objet_id": "1"}, 404),
        ({"source": SOURCE, "objet_id": "n-existe-pas"}, 404),
        ({"source": SOURCE, "objet_id": "x" * 65}, 400),
        ({"source": SOURCE, "objet_id": "prive-1"}, 404),
    ],
)
def test_demander_avec_une_mauvaise_requete_ne_fait_jamais_de_500(client, donnees, statut):
    TEXTES["prive-1"] = "Texte."
    client.force_login(UserFactory())
    assert client.post(reverse("documents:demander"), donnees).status_code == statut
    assert not Document.objects.exists()


def test_demander_sans_en_avoir_le_droit(client):
    TEXTES["1"] = "Texte."
    assert client.post(reverse("documents:demander"), {"source": SOURCE, "objet_id": "1"}).status_code == 403
    assert client.get(reverse("documents:demander")).status_code == 405


def _rendre_balise(user, objet_id):
    request = RequestFactory().get("/personas/sarah/")
    request.user, request.session = user, {}
    gabarit = Template("{% load documents %}{% document_etat source objet_id %}")
    return gabarit.render(RequestContext(request, {"source": SOURCE, "objet_id": objet_id}))


def test_la_balise_propose_de_generer_puis_montre_l_etat(camille, document_pret, django_assert_num_queries):
    TEXTES["3"] = "Texte."
    assert camille.is_facilitateur  # rôles lus une fois par requête (comptes) : hors du compte ci-dessous
    with django_assert_num_queries(1):  # la ligne du document, et rien d'autre
        html = _rendre_balise(camille, "3")
    sans_syntaxe_de_gabarit(html)
    assert "Aucun PDF n'a encore été généré." in html
    assert 'name="source" value="tests.lettre"' in html and 'name="objet_id" value="3"' in html
    assert "csrfmiddlewaretoken" in html
    document = document_pret(objet_id="3")
    html = _rendre_balise(camille, "3")
    assert f'id="{document.ancre}"' in html and document.url_fichier in html


def test_la_balise_ne_montre_rien_a_qui_ne_peut_pas_voir(document_pret):
    from django.contrib.auth.models import AnonymousUser

    document_pret(objet_id="prive-2")
    assert _rendre_balise(AnonymousUser(), "prive-2").strip() == ""
    public = _rendre_balise(AnonymousUser(), "4")  # visible, mais le public ne déclenche pas de génération
    assert "Aucun PDF" in public and "Générer" not in public


def test_l_inclusion_directe_avec_un_document_lu_d_avance(document_pret):
    document = document_pret()
    html = Template(
        '{% include "documents/includes/_etat.html" with document=doc ancre=doc.ancre peut_voir=True %}'
    ).render(Context({"doc": document}))
    assert "Prêt" in html and document.url_fichier in html


def test_pendant_la_regeneration_l_adresse_sert_l_ancien_pdf_entier(
    client, document_pret, monkeypatch, django_capture_on_commit_callbacks
):
    document = document_pret(texte="Version 1.")
    ancien = b"".join(client.get(document.url_fichier).streaming_content)
    servis_pendant = []
    original = pdf.html_en_pdf

    def mise_en_page_observee(html):
        # Au milieu de la génération de la version 2, quelqu'un télécharge le PDF.
        servis_pendant.append(b"".join(client.get(document.url_fichier).streaming_content))
        return original(html)

    monkeypatch.setattr(pdf, "html_en_pdf", mise_en_page_observee)
    TEXTES["1"] = "Version 2, corrigée."
    with django_capture_on_commit_callbacks(execute=True):
        services.document_demander(source=SOURCE, objet_id="1")
    assert servis_pendant == [ancien]
    nouveau = b"".join(client.get(document.url_fichier).streaming_content)
    assert nouveau != ancien and nouveau.rstrip().endswith(b"%%EOF")
