"""WeasyPrint ne lit que les fichiers statiques et médias du projet : ni disque, ni réseau, ni redirection.

Chaque refus est comparé au comportement par défaut de WeasyPrint sur la même page, mesuré dans le
même test : la page d'attaque fait vraiment fuir le fichier ou ouvre vraiment une connexion quand on
ne la bride pas, donc le test échouerait si notre récupérateur laissait passer.
"""

import base64
import http.server
import re
import socket
import threading
from pathlib import Path

import pytest

from tests.conftest import absence_weasyprint

# Ce module importe WeasyPrint pour comparer son comportement par défaut au nôtre : sans Pango, l'import même
# échouerait. Il est alors ignoré en entier, avec la raison (et la commande qui installe les paquets).
if raison := absence_weasyprint():
    pytest.skip(raison, allow_module_level=True)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from documents import pdf  # noqa: E402
from documents.fetcher import LIMITE_DATA, ORIGINE, LocalFetcher, RessourceRefusee, vider_cache  # noqa: E402
from tests.documents.conftest import flux_pdf  # noqa: E402

# Un PNG de 1 × 1 pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def page(corps: str, tete: str = "") -> str:
    return f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{tete}</head><body>{corps}</body></html>'


def pdf_par_defaut(html: str, **options) -> tuple[bytes, object]:
    """Le PDF et le document tels que WeasyPrint les produit sans notre récupérateur."""
    document = HTML(string=html, base_url=f"{ORIGINE}/", url_fetcher=URLFetcher(**options)).render()
    return document.write_pdf(), document


def images(document) -> int:
    compte = 0

    def parcourir(boite):
        nonlocal compte
        compte += type(boite).__name__ == "InlineReplacedBox"
        for enfant in getattr(boite, "children", None) or []:
            parcourir(enfant)

    for p in document.pages:
        parcourir(p._page_box)
    return compte


# --- Fichiers du disque ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        f"{ORIGINE}/static/../../../../etc/passwd",
        f"{ORIGINE}/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{ORIGINE}/static/..%2f..%2f..%2f..%2f..%2fetc/passwd",
        f"{ORIGINE}/media/..%2f..%2f..%2f..%2fetc/passwd",
        "/etc/passwd",
    ],
)
def test_une_piece_jointe_pointant_hors_du_projet_n_est_pas_embarquee(href):
    html = page("<p>Lettre</p>", tete=f'<link rel="attachment" href="{href}">')
    document = pdf.rendre(html)
    octets = document.write_pdf()
    assert b"/EmbeddedFile" not in octets
    assert b"root:x:0:0" not in flux_pdf(octets)


def test_le_recuperateur_par_defaut_embarquerait_bien_etc_passwd():
    """Témoin : sans notre récupérateur, la même page joint /etc/passwd au PDF (ce que nous empêchons)."""
    octets, document = pdf_par_defaut(page("<p>Lettre</p>", tete='<link rel="attachment" href="file:///etc/passwd">'))
    assert len(document.metadata.attachments) == 1
    assert b"/EmbeddedFile" in octets
    assert b"root:x:0:0" in flux_pdf(octets)


@pytest.fixture
def statique_piegee(settings, tmp_path):
    """Un dossier statique qui contient un lien symbolique vers /etc/passwd et une vraie image."""
    dossier = tmp_path / "statique"
    (dossier / "piege").mkdir(parents=True)
    (dossier / "piege" / "passwd.css").symlink_to("/etc/passwd")
    (dossier / "piege" / "pixel.png").write_bytes(PIXEL)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, str(dossier)]
    vider_cache()
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    yield dossier
    vider_cache()
    finders.get_finder.cache_clear()


def test_un_lien_symbolique_qui_sort_des_fichiers_statiques_est_refuse(statique_piegee):
    fetcher = LocalFetcher()
    with pytest.raises(RessourceRefusee):
        fetcher(f"{ORIGINE}/static/piege/passwd.css")
    reponse = fetcher(f"{ORIGINE}/static/piege/pixel.png")  # le dossier lui-même est bien lu
    assert reponse.read() == PIXEL


@pytest.mark.parametrize(
    "url",
    [
        f"{ORIGINE}/etc/passwd",
        f"{ORIGINE}/static/",
        f"{ORIGINE}/static/dsfr/../documents/pdf.css",
        f"{ORIGINE}/static/dsfr%5c..%5cdocuments/pdf.css",
        f"{ORIGINE}/static/documents/pdf.css%00.png",
        "https://documents.carte-blanche.invalid.mal.example/static/documents/pdf.css",
        "https://utilisateur@documents.carte-blanche.invalid/static/documents/pdf.css",
        "http://documents.carte-blanche.invalid/static/documents/pdf.css",
        "ftp://127.0.0.1/",
        "gopher://127.0.0.1:6379/_INFO",
        "https://fonts.googleapis.com/css?family=Marianne",
        f"{ORIGINE}/media/documents/{'0' * 32}/lettre.pdf",
    ],
)
def test_le_recuperateur_refuse_tout_ce_qui_n_est_pas_un_fichier_du_projet(url):
    with pytest.raises(RessourceRefusee):
        LocalFetcher()(url)


def test_le_recuperateur_sert_les_polices_marianne_du_dsfr_et_notre_feuille():
    fetcher = LocalFetcher()
    police = fetcher(f"{ORIGINE}/static/dsfr/dist/fonts/Marianne-Regular.woff2").read()
    assert police[:4] == b"wOF2"
    assert b"@font-face" in fetcher(f"{ORIGINE}/static/documents/pdf.css").read()


def test_un_fichier_media_est_lu_mais_pas_un_document_genere(stockage_disque):
    (stockage_disque / "portraits").mkdir(parents=True)
    (stockage_disque / "portraits" / "sarah.png").write_bytes(PIXEL)
    (stockage_disque / "documents" / "x").mkdir(parents=True)
    (stockage_disque / "documents" / "x" / "lettre.pdf").write_bytes(b"%PDF-1.7 secret")
    fetcher = LocalFetcher()
    assert fetcher(f"{ORIGINE}/media/portraits/sarah.png").read() == PIXEL
    with pytest.raises(RessourceRefusee):
        fetcher(f"{ORIGINE}/media/documents/x/lettre.pdf")
    document = pdf.rendre(page('<img src="/media/portraits/sarah.png" alt="">'))
    assert images(document) == 1


# --- Réseau -------------------------------------------------------------------------------------------


@pytest.fixture
def ecoute():
    """Une socket en écoute sur la boucle locale : on regarde si quelqu'un s'y est connecté."""
    serveur = socket.socket()
    serveur.bind(("127.0.0.1", 0))
    serveur.listen(8)
    serveur.setblocking(False)
    yield serveur
    serveur.close()


def connexions_recues(serveur: socket.socket) -> int:
    compte = 0
    while True:
        try:
            client, _ = serveur.accept()
        except BlockingIOError:
            return compte
        client.close()
        compte += 1


@pytest.mark.parametrize(
    "balise",
    [
        '<img src="http://127.0.0.1:{port}/pixel.png" alt="">',
        '<img src="https://127.0.0.1:{port}/pixel.png" alt="">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">',
        '<link rel="attachment" href="http://127.0.0.1:{port}/secret">',
        '<div style="background: url(http://127.0.0.1:{port}/fond.png)">x</div>',
        "<style>@import url(http://127.0.0.1:{port}/importe.css);</style>",
        "<style>@font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/police.woff2) }}</style>",
        '<object data="http://127.0.0.1:{port}/objet"></object>',
        '<svg><image href="http://127.0.0.1:{port}/image.png" width="10" height="10"/></svg>',
    ],
)
def test_aucune_connexion_n_est_ouverte_vers_le_reseau(ecoute, balise):
    port = ecoute.getsockname()[1]
    document = pdf.rendre(page(balise.format(port=port)))
    document.write_pdf()
    assert connexions_recues(ecoute) == 0


def test_le_recuperateur_par_defaut_se_connecterait_bien(ecoute):
    """Témoin : la socket voit la connexion de WeasyPrint quand on ne le bride pas."""
    port = ecoute.getsockname()[1]
    pdf_par_defaut(page(f'<img src="http://127.0.0.1:{port}/pixel.png" alt="">'), timeout=0.5)
    assert connexions_recues(ecoute) == 1


class _Redirection(http.server.BaseHTTPRequestHandler):
    cible = "file:///etc/passwd"
    requetes = 0

    def do_GET(self):
        type(self).requetes += 1
        self.send_response(302)
        self.send_header("Location", self.cible)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def serveur_de_redirection():
    serveur = http.server.HTTPServer(("127.0.0.1", 0), _Redirection)
    _Redirection.requetes = 0
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield serveur
    serveur.shutdown()
    serveur.server_close()


def test_une_redirection_n_est_jamais_suivie(serveur_de_redirection):
    port = serveur_de_redirection.server_address[1]
    html = page(
        f'<img src="http://127.0.0.1:{port}/image.png" alt="">',
        tete=f'<link rel="attachment" href="http://127.0.0.1:{port}/pj">',
    )
    document = pdf.rendre(html)
    octets = document.write_pdf()
    assert _Redirection.requetes == 0
    assert b"root:x:0:0" not in flux_pdf(octets)


def test_le_recuperateur_par_defaut_suivrait_la_redirection(serveur_de_redirection):
    """Témoin : WeasyPrint par défaut interroge le serveur et suit sa redirection vers un autre hôte."""
    port = serveur_de_redirection.server_address[1]
    _Redirection.cible = f"http://127.0.0.1:{port}/deuxieme"
    try:
        pdf_par_defaut(page(f'<img src="http://127.0.0.1:{port}/image.png" alt="">'), timeout=2)
    finally:
        _Redirection.cible = "file:///etc/passwd"
    assert _Redirection.requetes >= 2  # la première requête, puis la redirection suivie


# --- URL data: ----------------------------------------------------------------------------------------


def test_une_petite_image_data_est_acceptee_une_grande_refusee():
    petite = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    grande = "data:image/png;base64," + base64.b64encode(PIXEL + b"\0" * LIMITE_DATA).decode()
    assert LocalFetcher()(petite).read() == PIXEL
    with pytest.raises(RessourceRefusee):
        LocalFetcher()(grande)
    assert images(pdf.rendre(page(f'<img src="{petite}" alt="">'))) == 1
    assert images(pdf.rendre(page(f'<img src="{grande}" alt="">'))) == 0


def test_une_url_data_en_clair_et_mal_formee():
    assert LocalFetcher()("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"
    with pytest.raises(RessourceRefusee):
        LocalFetcher()("data:sans-virgule")


def test_la_feuille_des_pdf_ne_reference_que_des_fichiers_du_projet():
    """Toutes les URL de pdf.css (polices) sont relatives et se résolvent en fichiers statiques existants."""
    from django.contrib.staticfiles import finders

    texte = Path(finders.find("documents/pdf.css")).read_text()
    urls = re.findall(r'url\("([^"]+)"\)', texte)
    assert urls and all(u.startswith("../dsfr/dist/fonts/Marianne-") for u in urls)
    for url in urls:
        assert finders.find(url.removeprefix("../"))
