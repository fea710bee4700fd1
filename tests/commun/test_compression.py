"""La compression gzip s'applique au texte, jamais à ce qui est déjà compressé (un PDF garde sa taille annoncée)."""

import gzip
import io

from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from commun.compression import CompressionTexte

CORPS_TEXTE = "<p>Une page publique assez longue pour être compressée.</p>" * 20


def _reponse(corps: bytes, content_type: str):
    requete = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    return CompressionTexte(lambda r: HttpResponse(corps, content_type=content_type))(requete)


def test_une_page_html_est_compressee():
    reponse = _reponse(CORPS_TEXTE.encode(), "text/html; charset=utf-8")
    assert reponse["Content-Encoding"] == "gzip"
    assert gzip.decompress(reponse.content).decode() == CORPS_TEXTE


def test_un_export_json_ou_un_flux_atom_est_compresse():
    for content_type in ("application/json", "application/atom+xml; charset=utf-8", "text/csv; charset=utf-8"):
        assert _reponse(CORPS_TEXTE.encode(), content_type).get("Content-Encoding") == "gzip", content_type


def test_un_pdf_telecharge_n_est_pas_recompresse_et_garde_sa_taille():
    """Les lettres se téléchargent en FileResponse : gzip y effaçait Content-Length (taille inconnue du navigateur)."""
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    requete = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    reponse = CompressionTexte(lambda r: FileResponse(io.BytesIO(pdf), content_type="application/pdf"))(requete)
    assert not reponse.has_header("Content-Encoding")
    assert int(reponse["Content-Length"]) == len(pdf)
    assert b"".join(reponse.streaming_content) == pdf


def test_une_image_n_est_pas_recompressee():
    assert not _reponse(b"\x89PNG" + b"\0" * 4000, "image/png").has_header("Content-Encoding")
