"""Sources de documents pour les tests, stockage sur disque, lecture des PDF produits."""

import re
import zlib

import pytest
from django.core.exceptions import ObjectDoesNotExist

from documents import exemple, registre
from documents.registre import Contenu

SOURCE = "tests.lettre"
# Le contenu de chaque objet de la source de test : les tests le changent pour simuler une modification.
TEXTES: dict[str, str] = {}


def html_lettre(texte: str) -> str:
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Lettre de test</title></head>'
        f'<body><main><p class="objet">Objet : lettre de test</p><p>{texte}</p></main></body></html>'
    )


def _lettre(objet_id: str) -> Contenu:
    if objet_id not in TEXTES:
        raise ObjectDoesNotExist(objet_id)  # comme le .get() d'une vraie source
    return Contenu(
        titre=f"Lettre de test {objet_id}", nom_fichier=f"lettre-{objet_id}.pdf", html=html_lettre(TEXTES[objet_id])
    )


def _voir(user, objet_id: str) -> bool:
    """Les lettres « prive-… » ne se montrent qu'aux facilitateurs ; les autres à tout le monde."""
    return not objet_id.startswith("prive-") or (user.is_authenticated and user.is_facilitateur)


def _demander(user, objet_id: str) -> bool:
    return user.is_authenticated


@pytest.fixture(autouse=True)
def sources():
    TEXTES.clear()
    exemple.enregistrer()
    registre.enregistrer(registre.Source(nom=SOURCE, fonction=_lettre, voir=_voir, demander=_demander))
    yield TEXTES
    registre.retirer(SOURCE)
    TEXTES.clear()


@pytest.fixture
def stockage_disque(settings, tmp_path):
    """Les PDF sur un vrai disque (le stockage des tests est en mémoire) : fichiers temporaires, os.replace."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def rendus(monkeypatch):
    """Compte les mises en page WeasyPrint (la partie coûteuse) faites par les services."""
    from documents import pdf

    appels = []
    original = pdf.html_en_pdf

    def compter(html):
        appels.append(html)
        return original(html)

    monkeypatch.setattr(pdf, "html_en_pdf", compter)
    return appels


def flux_pdf(octets: bytes) -> bytes:
    """Le PDF avec ses flux décompressés : pour y chercher un texte, une police, une pièce jointe."""
    morceaux = [octets]
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", octets, re.S):
        try:
            morceaux.append(zlib.decompress(flux))
        except zlib.error:
            morceaux.append(flux)
    return b"\n".join(morceaux)


def textes_pages(document_weasyprint) -> list[str]:
    """Le texte mis en page de chaque page (corps, notes, marges), dans l'ordre des boîtes."""

    def parcourir(boite, morceaux):
        if type(boite).__name__ == "TextBox":
            morceaux.append(boite.text)
        for enfant in getattr(boite, "children", None) or []:
            parcourir(enfant, morceaux)
        return morceaux

    return [" ".join(parcourir(page._page_box, [])) for page in document_weasyprint.pages]
