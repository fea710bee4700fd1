"""La lettre A4 : polices Marianne du DSFR, bloc-marque, date en français, notes et numéros de page.

Et le moteur : une seule configuration de polices par processus, et aucun dossier temporaire laissé.
"""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template

from documents import exemple, pdf
from documents.templatetags.documents import date_longue
from tests.documents.conftest import flux_pdf, textes_pages

# Chaque test met une lettre en page avec WeasyPrint (fixture de module) : sans Pango, ignorés avec la raison.
pytestmark = pytest.mark.weasyprint

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def lettre():
    """La lettre d'exemple mise en page (pages et boîtes) et ses octets."""
    html = exemple.contenu("EX-2018-001").rendre()
    document = pdf.rendre(html)
    return document, document.write_pdf()


def test_la_lettre_est_au_format_a4(lettre):
    document, _octets = lettre
    for page in document.pages:
        assert (round(page.width * 0.75, 1), round(page.height * 0.75, 1)) == pytest.approx(A4_POINTS, abs=0.5)


def test_la_lettre_n_emploie_que_les_polices_marianne_embarquees(lettre):
    _document, octets = lettre
    polices = {nom.split(b"+")[-1] for nom in re.findall(rb"/BaseFont\s*/([^\s/]+)", flux_pdf(octets))}
    # Regular, gras (titres, objet, signature) et italique (devise) ; aucune police de repli (DejaVu…).
    assert polices == {b"Marianne", b"Marianne-Bold", b"Marianne-Italic"}


def test_la_premiere_page_porte_le_bloc_marque_l_emetteur_le_lieu_et_la_date(lettre):
    document, _octets = lettre
    premiere = textes_pages(document)[0]
    assert "RÉPUBLIQUE" in premiere and "FRANÇAISE" in premiere  # text-transform: uppercase
    assert "Liberté Égalité Fraternité" in premiere
    assert "Direction interministérielle de la transformation publique" in premiere
    assert "Cahors, le 7 février 2018" in premiere
    assert "Objet" in premiere and "restitution du séminaire d'orientation" in premiere
    assert "référence EX-2018-001" in premiere


def test_le_symbole_de_marianne_vient_du_dsfr():
    symbole = pdf.symbole_marianne()
    assert symbole and symbole.startswith("data:image/svg+xml")
    assert symbole in pdf.feuille_de_style()


def test_chaque_page_est_numerotee_page_x_sur_y(lettre):
    document, _octets = lettre
    pages = textes_pages(document)
    assert len(pages) >= 2
    for numero, texte in enumerate(pages, start=1):
        assert f"Page {numero} sur {len(pages)}" in texte


def appels_et_notes(page) -> tuple[list[str], list[str]]:
    """Les numéros des appels de note du corps et ceux des notes en bas de la page."""
    appels, notes = [], []

    def parcourir(boite):
        balise = getattr(boite, "element_tag", "") or ""
        if type(boite).__name__ == "TextBox" and balise.endswith("::footnote-call"):
            appels.append(boite.text.strip())
        if type(boite).__name__ == "TextBox" and balise.endswith("::footnote-marker"):
            notes.append(boite.text.strip().rstrip("."))
        for enfant in getattr(boite, "children", None) or []:
            parcourir(enfant)

    parcourir(page._page_box)
    return appels, notes


def test_chaque_note_est_en_bas_de_la_page_qui_l_appelle(lettre):
    document, _octets = lettre
    vues = []
    for page in document.pages:
        appels, notes = appels_et_notes(page)
        assert appels == notes  # mêmes numéros, même ordre, sur la même page
        vues += notes
    assert vues == ["1", "2", "3", "4"]
    texte = " ".join(textes_pages(document))
    assert "1.  Accessibilité des services publics et mobilité : premier thème" in texte
    assert "4.  Sarah, Sébastien et Roseline : les trois personas retenus" in texte


def test_la_signature_termine_la_lettre(lettre):
    document, _octets = lettre
    derniere = textes_pages(document)[-1]
    assert "L'équipe Carte Blanche" in derniere
    assert "salutations distinguées" in derniere


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (datetime.date(2018, 2, 7), "7 février 2018"),
        (datetime.date(2018, 3, 1), "1er mars 2018"),
        (datetime.date(2018, 12, 31), "31 décembre 2018"),
        (datetime.date(2018, 8, 15), "15 août 2018"),
        # 23 h 30 à Paris le 31 décembre, déjà le 1er janvier en UTC : la date est celle de Paris.
        (datetime.datetime(2018, 12, 31, 22, 30, tzinfo=zoneinfo.ZoneInfo("UTC")), "31 décembre 2018"),
        (None, ""),
    ],
)
def test_date_longue_a_la_francaise(valeur, attendu):
    assert date_longue(valeur) == attendu


def test_date_longue_dans_un_gabarit_meme_hors_de_la_langue_active():
    from django.utils import translation

    with translation.override("en"):
        rendu = Template("{% load documents %}{{ d|date_longue }}").render(Context({"d": datetime.date(2018, 2, 7)}))
    assert rendu == "7 février 2018"


def test_le_moteur_garde_une_configuration_de_polices_et_ne_laisse_aucun_dossier():
    pdf.nettoyer()
    moteur = pdf.moteur()
    pdf.html_en_pdf(exemple.contenu("A").rendre())
    pdf.html_en_pdf(exemple.contenu("B").rendre())
    assert pdf.moteur() is moteur  # réutilisé : polices et feuille analysées une fois
    dossier = moteur.dossier_polices
    assert dossier is not None and Path(dossier).name.startswith("weasyprint-")
    assert sorted(p.name for p in Path(dossier).iterdir())  # les polices Marianne copiées par WeasyPrint
    pdf.nettoyer()
    assert not Path(dossier).exists()
    assert pdf._moteur is None


def test_l_empreinte_du_moteur_suit_la_feuille_de_style(monkeypatch):
    avant = pdf.version_moteur()
    pdf.feuille_de_style.cache_clear()
    pdf.version_moteur.cache_clear()
    try:
        monkeypatch.setattr(pdf, "symbole_marianne", lambda: None)
        assert pdf.version_moteur() != avant
    finally:
        monkeypatch.undo()
        pdf.feuille_de_style.cache_clear()
        pdf.version_moteur.cache_clear()
    assert pdf.version_moteur() == avant
