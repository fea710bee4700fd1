"""Les PDF des personas : la lettre d'interpellation en courrier A4 et le dossier des personas publiés, par l'app
documents. Qui voit et qui demande, ce que le PDF dit (et ce qu'il ne dit jamais), la page d'attente du dossier."""

import re

import pytest
from django.test import Client

from documents import pdf, registre, services
from documents.enums import EtatDocument
from documents.models import Document
from personas import services as personas_services
from personas.documents import SOURCE_DOSSIER, SOURCE_LETTRE, lettre_visible
from terrain.enums import StatutPublication
from tests.comptes.factories import agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.personas.factories import LettreFactory, PersonaFactory
from tests.terrain.factories import ObservationFactory, VerbatimFactory

CORPS = (
    "Je m'appelle Roseline et je vis seule depuis six ans[^1].\n\n"
    "La dame de la retraite ne vient plus à la mairie[^2], et l'on ne m'a rien dit[^3].\n\n"
    "<script>alert('x')</script> <img src=\"https://traceur.exemple/p.png\">"
)


@pytest.fixture
def experimentation():
    return ExperimentationFactory(nom="Carte Blanche — bassin de vie de Cahors", slug="cahors-2018", est_demo=True)


@pytest.fixture
def lettre(experimentation):
    isolement = IrritantFactory(experimentation=experimentation, titre="Isolement des personnes âgées")
    distance = IrritantFactory(experimentation=experimentation, titre="Des accueils éloignés")
    brouillon = IrritantFactory(experimentation=experimentation, titre="Titre d'un brouillon secret", brouillon=True)
    for irritant, nombre in ((isolement, 3), (distance, 1), (brouillon, 1)):
        for _ in range(nombre):
            PreuveFactory(irritant=irritant, observation=ObservationFactory(experimentation=experimentation))
    persona = PersonaFactory(
        experimentation=experimentation, prenom="Roseline", slug="roseline", irritants=[isolement]
    )
    return LettreFactory(persona=persona, corps=CORPS, irritants=[isolement, distance, brouillon])


# --- Qui voit, qui demande ------------------------------------------------------------------------------------------


def test_la_lettre_d_un_persona_publie_se_voit_de_tous_mais_ne_se_genere_que_par_un_facilitateur(lettre):
    source = registre.obtenir(SOURCE_LETTRE)
    anonyme, fac, agente = Client().get("/").wsgi_request.user, facilitateur(), agent()

    assert source.peut_voir(anonyme, lettre.pk) and source.peut_voir(agente, lettre.pk)
    assert not source.peut_demander(anonyme, lettre.pk) and not source.peut_demander(agente, lettre.pk)
    assert source.peut_demander(fac, lettre.pk)

    personas_services.persona_depublier(acteur=fac, persona=lettre.persona)
    assert not source.peut_voir(anonyme, lettre.pk), "la lettre d'un brouillon est cachée au public"
    assert source.peut_voir(fac, lettre.pk)
    assert not lettre_visible(fac, "abc") and not lettre_visible(fac, "999999")


def test_le_dossier_se_voit_et_se_demande_par_tous(experimentation):
    source = registre.obtenir(SOURCE_DOSSIER)
    anonyme = Client().get("/").wsgi_request.user
    assert source.peut_voir(anonyme, experimentation.pk) and source.peut_demander(anonyme, experimentation.pk)
    with pytest.raises(registre.DocumentIntrouvable):
        source.contenu("pas-un-nombre")


# --- Ce que dit le PDF ----------------------------------------------------------------------------------------------


def test_la_lettre_html_du_pdf_a_ses_notes_sa_date_et_jamais_de_brouillon_ni_de_html_brut(lettre):
    contenu = registre.obtenir(SOURCE_LETTRE).contenu(lettre.pk)
    html = contenu.rendre()

    assert contenu.nom_fichier_sur == "lettre-roseline.pdf"
    assert "Lettre d&#x27;interpellation de Roseline" in html or "Lettre d'interpellation de Roseline" in html
    assert "le 5 février 2018" in html
    assert "rester chez moi sans être oubliée" in html
    assert (
        '<span class="note">« Isolement des personnes âgées » — irritant du diagnostic de terrain, fondé sur 3 '
        "observations issues de 3 sources distinctes.</span>" in html
    )
    assert "fondé sur 1 observation issue de 1 source distincte." in html
    assert "Irritant en cours de consolidation" in html
    assert "brouillon secret" not in html
    assert "<script>alert" not in html and "<img" not in html
    assert "reconstitution illustrative" in html


@pytest.mark.weasyprint
def test_la_lettre_est_un_courrier_a4_d_une_ou_deux_pages_avec_ses_notes(lettre):
    document = pdf.rendre(registre.obtenir(SOURCE_LETTRE).contenu(lettre.pk).rendre())

    assert 1 <= len(document.pages) <= 2
    for page in document.pages:
        assert (round(page.width), round(page.height)) == (794, 1123), "A4 à 96 px par pouce"
    texte = " ".join(textes_pages(document))
    assert re.search(r"Objet\s+:\s+rester chez moi sans être oubliée", texte)
    assert "Madame, Monsieur," in texte and "Roseline" in texte
    assert re.search(r"1\.\s+« Isolement des personnes âgées » — irritant du diagnostic", texte)
    assert re.search(r"3\.\s+Irritant en cours de consolidation", texte)
    assert "Page 1 sur" in texte


def textes_pages(document) -> list[str]:
    def parcourir(boite, morceaux):
        if type(boite).__name__ == "TextBox":
            morceaux.append(boite.text)
        for enfant in getattr(boite, "children", None) or []:
            parcourir(enfant, morceaux)
        return morceaux

    return [" ".join(parcourir(page._page_box, [])) for page in document.pages]


def test_le_dossier_reunit_les_personas_publies_et_leurs_lettres(lettre, experimentation):
    sarah = PersonaFactory(experimentation=experimentation, prenom="Sarah", slug="sarah")
    LettreFactory(persona=sarah, objet="concilier mon travail et mes enfants", corps="Texte de Sarah.")
    PersonaFactory(experimentation=experimentation, prenom="Gisèle", slug="gisele", brouillon=True)
    verbatim = VerbatimFactory(
        observation=ObservationFactory(experimentation=experimentation),
        texte="Une citation devenue interne.",
        statut=StatutPublication.INTERNE,
    )
    sarah.citation_verbatim = verbatim
    sarah.save()

    html = registre.obtenir(SOURCE_DOSSIER).contenu(experimentation.pk).rendre()

    assert html.count('class="lettre lettre-dossier"') == 2
    assert "concilier mon travail et mes enfants" in html and "rester chez moi sans être oubliée" in html
    assert "Gisèle" not in html, "un persona en brouillon n'est pas dans le dossier public"
    assert "Une citation devenue interne." not in html
    assert "brouillon secret" not in html


# --- Demander le PDF : adresse stable, page d'attente, régénération --------------------------------------------------


def test_le_dossier_attend_puis_redirige_vers_son_adresse_stable(client, lettre, experimentation, monkeypatch):
    monkeypatch.setattr(pdf, "html_en_pdf", lambda html: b"%PDF-1.7 dossier de test")

    attente = client.get("/personas/dossier.pdf")  # la tâche part après le commit : pas encore faite ici
    document = Document.objects.get(source=SOURCE_DOSSIER, objet_id=str(experimentation.pk))
    assert attente.status_code == 200
    contenu = attente.content.decode()
    assert "En attente" in contenu and f'hx-get="/documents/{document.uuid}/"' in contenu

    services.document_generer(document_id=document.pk, jeton=str(document.jeton))
    pret = client.get("/personas/dossier.pdf")

    assert pret.status_code == 302
    assert pret["Location"] == f"/documents/{document.uuid}/personas-cahors-2018.pdf"
    assert Document.objects.filter(source=SOURCE_DOSSIER).count() == 1, "une ligne par dossier, quoi qu'on demande"


def test_la_page_de_la_lettre_montre_le_pdf_au_public_seulement_quand_il_existe(client, lettre, monkeypatch):
    monkeypatch.setattr(pdf, "html_en_pdf", lambda html: b"%PDF-1.7 lettre de test")
    assert 'class="cb-document"' not in client.get("/personas/roseline/lettre/").content.decode()

    fac = Client()
    fac.force_login(facilitateur())
    page_fac = fac.get("/personas/roseline/lettre/").content.decode()
    assert "Générer le PDF" in page_fac

    document = services.document_demander(source=SOURCE_LETTRE, objet_id=lettre.pk, acteur=None)
    services.document_generer(document_id=document.pk, jeton=str(document.jeton))
    public = client.get("/personas/roseline/lettre/").content.decode()
    assert f'href="/documents/{document.uuid}/lettre-roseline.pdf"' in public
    assert "Générer le PDF" not in public


def test_modifier_une_lettre_qui_a_son_pdf_le_fait_refaire(lettre, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf, "html_en_pdf", lambda html: b"%PDF-1.7 " + str(len(html)).encode())
    document = services.document_demander(source=SOURCE_LETTRE, objet_id=lettre.pk, acteur=None)
    services.document_generer(document_id=document.pk, jeton=str(document.jeton))
    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET
    ancien = document.empreinte_fichier

    with django_capture_on_commit_callbacks(execute=True):
        personas_services.lettre_enregistrer(
            acteur=facilitateur(),
            persona=lettre.persona,
            irritants=list(lettre.irritants.all()),
            objet="rester chez moi, encore",
            destinataire=lettre.destinataire,
            date_lettre=lettre.date_lettre,
            appel=lettre.appel,
            corps="Un nouveau texte.",
            politesse=lettre.politesse,
        )

    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET and document.empreinte_fichier != ancien, "le PDF suit la lettre"
