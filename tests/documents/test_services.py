"""Demander, générer, réutiliser, échouer, relancer : le parcours d'un document, tâche exécutée sur place.

Les tâches Celery sont ici immédiates (mode embarqué) ; tests/documents/test_worker.py rejoue
l'essentiel avec un vrai worker et Redis.
"""

import datetime
import os
import time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from kombu.exceptions import OperationalError

from documents import pdf, registre, services, tasks
from documents.enums import EtatDocument
from documents.models import Document
from tests.comptes.factories import facilitateur
from tests.documents.conftest import SOURCE, TEXTES


@pytest.fixture
def demander(django_capture_on_commit_callbacks):
    """Demande le document de l'objet et exécute ce qui est mis en file après le commit (la tâche)."""

    def _demander(objet_id="1", **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as rappels:
            document = services.document_demander(source=SOURCE, objet_id=objet_id, **kwargs)
        document.refresh_from_db()
        document.rappels = rappels
        return document

    return _demander


def contenu_fichier(document: Document) -> bytes:
    with document.fichier.open("rb") as fichier:
        return fichier.read()


def fichiers_du_dossier(document: Document) -> list[str]:
    try:
        return sorted(default_storage.listdir(f"documents/{document.uuid}")[1])
    except FileNotFoundError:
        return []


def test_la_premiere_demande_publie_un_pdf_complet(demander, rendus):
    TEXTES["1"] = "Le bus pour Cahors ne passe que deux fois par jour."
    document = demander()
    assert document.etat == EtatDocument.PRET
    assert len(rendus) == 1
    octets = contenu_fichier(document)
    assert octets.startswith(b"%PDF-") and octets.rstrip().endswith(b"%%EOF")
    assert document.empreinte_fichier == document.empreinte_demandee
    assert document.nom_fichier == "lettre-1.pdf"
    assert document.titre == "Lettre de test 1"
    assert document.tentatives == 1 and document.genere_le is not None


def test_le_meme_contenu_ne_genere_rien(demander, rendus):
    TEXTES["1"] = "Contenu inchangé."
    premier = demander()
    second = demander()
    assert len(rendus) == 1  # une seule mise en page
    assert second.rappels == []  # aucune tâche mise en file
    assert second.etat == EtatDocument.PRET
    assert second.fichier.name == premier.fichier.name
    assert second.genere_le == premier.genere_le


def test_un_contenu_modifie_est_regenere_et_l_ancien_fichier_efface(demander, rendus):
    TEXTES["1"] = "Première version."
    premier = demander()
    TEXTES["1"] = "Deuxième version, corrigée."
    second = demander()
    assert len(rendus) == 2
    assert "Deuxième version" in rendus[-1]
    assert second.etat == EtatDocument.PRET
    assert second.fichier.name != premier.fichier.name
    assert second.empreinte_fichier != premier.empreinte_fichier
    assert not default_storage.exists(premier.fichier.name)
    assert fichiers_du_dossier(second) == [second.fichier.name.rsplit("/", 1)[1]]


def test_la_version_du_moteur_ou_de_la_source_entre_dans_l_empreinte(demander, rendus, monkeypatch):
    TEXTES["1"] = "Texte."
    demander()
    monkeypatch.setattr(pdf, "version_moteur", lambda: "feuille-modifiee")
    demander()
    assert len(rendus) == 2  # même HTML, feuille de style changée : régénéré


def test_deux_clics_ne_mettent_qu_une_tache_en_file(django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        premier = services.document_demander(source=SOURCE, objet_id="1")
        second = services.document_demander(source=SOURCE, objet_id=1)
    assert len(rappels) == 1
    assert premier.pk == second.pk
    assert Document.objects.count() == 1
    assert second.etat == EtatDocument.EN_ATTENTE


def test_une_demande_bloquee_depuis_longtemps_est_remise_en_file(django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        services.document_demander(source=SOURCE, objet_id="1")  # la tâche est perdue (jamais exécutée)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=11), tick=False):
        assert Document.objects.get().bloque
        with django_capture_on_commit_callbacks(execute=False) as rappels:
            services.document_demander(source=SOURCE, objet_id="1")
    assert len(rappels) == 1


# « Relancer » produit un vrai PDF : la génération en échec y est rattrapée (état « échec »), d'où le marqueur.
@pytest.mark.weasyprint
def test_un_echec_est_reessaye_puis_affiche_en_francais_et_relancer_reussit(
    demander, monkeypatch, django_capture_on_commit_callbacks
):
    TEXTES["1"] = "Texte."
    essais = []

    def panne(html):
        essais.append(html)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "html_en_pdf", panne)
    document = demander()
    assert len(essais) == 1 + tasks.ESSAIS_SUPPLEMENTAIRES  # premier essai et trois nouveaux essais
    assert document.etat == EtatDocument.ECHEC
    assert document.tentatives == 4
    assert document.erreur == "Le fichier PDF n'a pas pu être enregistré sur le serveur."
    assert not document.fichier

    monkeypatch.undo()  # la panne est réparée ; « Relancer »
    with django_capture_on_commit_callbacks(execute=True):
        services.document_relancer(document=document)
    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET
    assert document.tentatives == 1
    assert document.erreur == ""
    assert contenu_fichier(document).startswith(b"%PDF-")


def test_le_delai_entre_deux_essais_croit_et_reste_borne(settings):
    settings.DOCUMENTS_DELAI_ESSAI = 2
    for essais_faits, plafond in ((0, 2), (1, 4), (2, 8), (10, 60)):
        delais = [tasks.delai_nouvel_essai(essais_faits) for _ in range(50)]
        assert all(0 <= d <= plafond for d in delais)
    settings.DOCUMENTS_DELAI_ESSAI = 0
    assert tasks.delai_nouvel_essai(3) == 0


def test_un_objet_disparu_echoue_sans_nouvel_essai(django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        services.document_demander(source=SOURCE, objet_id="1")
    del TEXTES["1"]  # l'objet est supprimé avant que la tâche ne tourne
    rappels[0]()
    document = Document.objects.get()
    assert document.etat == EtatDocument.ECHEC
    assert document.tentatives == 1
    assert document.erreur == "Ce document n'existe plus : ce qu'il présentait a été supprimé."


def test_un_objet_inexistant_ne_cree_pas_de_document():
    with pytest.raises(registre.DocumentIntrouvable):
        services.document_demander(source=SOURCE, objet_id="42")
    with pytest.raises(registre.SourceInconnue):
        services.document_demander(source="inconnue.source", objet_id="1")
    assert not Document.objects.exists()


def test_la_demande_verifie_la_regle_de_la_source():
    from django.contrib.auth.models import AnonymousUser

    TEXTES["1"] = "Texte."
    with pytest.raises(PermissionDenied):
        services.document_demander(source=SOURCE, objet_id="1", acteur=AnonymousUser())
    document = services.document_demander(source=SOURCE, objet_id="1", acteur=facilitateur())
    assert document.demande_par is not None


def test_broker_injoignable_le_document_passe_en_echec_lisible(demander, monkeypatch):
    TEXTES["1"] = "Texte."

    def broker_absent(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.document_generer_tache, "delay", broker_absent)
    document = demander()
    assert document.etat == EtatDocument.ECHEC
    assert document.erreur == "Le service de génération des documents est momentanément indisponible."
    assert Document.objects.count() == 1  # la demande n'est pas perdue : « Relancer » la reprendra


def test_une_tache_perimee_ne_publie_pas(django_capture_on_commit_callbacks, rendus):
    TEXTES["1"] = "Version 1."
    with django_capture_on_commit_callbacks(execute=False):
        ancienne = services.document_demander(source=SOURCE, objet_id="1")
    jeton_ancien = ancienne.jeton
    TEXTES["1"] = "Version 2."
    with django_capture_on_commit_callbacks(execute=True):
        services.document_demander(source=SOURCE, objet_id="1")
    document = Document.objects.get()
    assert document.etat == EtatDocument.PRET
    publie = document.fichier.name
    # La tâche de la première demande arrive en retard (file encombrée) : elle ne fait rien.
    assert services.document_generer(document_id=document.pk, jeton=str(jeton_ancien)) is False
    document.refresh_from_db()
    assert document.fichier.name == publie
    assert len(rendus) == 1


def test_une_tache_en_double_ne_publie_qu_un_fichier(stockage_disque, django_capture_on_commit_callbacks, rendus):
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_demander(source=SOURCE, objet_id="1")
    # Le même message livré deux fois (relivraison après la perte d'un worker) : deux exécutions.
    assert services.document_generer(document_id=document.pk, jeton=str(document.jeton)) is True
    assert services.document_generer(document_id=document.pk, jeton=str(document.jeton)) is False
    document.refresh_from_db()
    assert len(rendus) == 1
    assert fichiers_du_dossier(document) == [os.path.basename(document.fichier.name)]


def test_deux_executions_entrelacees_laissent_un_seul_fichier(stockage_disque, django_capture_on_commit_callbacks):
    """Deux workers rendent le même document en même temps : le second publie après le premier."""
    TEXTES["1"] = "Texte."
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_demander(source=SOURCE, objet_id="1")
    jeton = str(document.jeton)
    publier = services._publier
    second = []

    def publier_apres_l_autre(doc, jeton_, nom, empreinte, contenu):
        if not second:  # pendant la mise en page du premier worker, le second fait tout le travail
            second.append(True)
            assert services.document_generer(document_id=doc.pk, jeton=jeton_) is True
        return publier(doc, jeton_, nom, empreinte, contenu)

    with django_capture_on_commit_callbacks(execute=True):
        services._publier = publier_apres_l_autre
        try:
            assert services.document_generer(document_id=document.pk, jeton=jeton) is False
        finally:
            services._publier = publier
    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET
    assert fichiers_du_dossier(document) == [os.path.basename(document.fichier.name)]


def test_une_ecriture_interrompue_ne_laisse_ni_fichier_partiel_ni_ancien_fichier_casse(
    stockage_disque, demander, monkeypatch, client
):
    TEXTES["1"] = "Version 1."
    v1 = demander()
    octets_v1 = contenu_fichier(v1)
    TEXTES["1"] = "Version 2."

    def disque_plein(descripteur):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.os, "fsync", disque_plein)
    v2 = demander()
    assert v2.etat == EtatDocument.ECHEC
    # Le fichier publié est toujours la version 1, complète ; aucun fichier temporaire ne traîne.
    assert v2.fichier.name == v1.fichier.name
    assert contenu_fichier(v2) == octets_v1
    assert fichiers_du_dossier(v2) == [os.path.basename(v1.fichier.name)]
    # L'adresse stable sert toujours la version 1, entière.
    assert b"".join(client.get(v2.url_fichier).streaming_content) == octets_v1


def test_les_restes_d_un_worker_tue_sont_balayes_a_la_publication_suivante(stockage_disque, demander):
    TEXTES["1"] = "Version 1."
    document = demander()
    dossier = stockage_disque / "documents" / str(document.uuid)
    vieux = dossier / ".abc.partiel"
    vieux.write_bytes(b"%PDF-1.7 moiti")
    orphelin = dossier / "0123456789abcdef-dead.pdf"
    orphelin.write_bytes(b"%PDF-1.7 jamais publie")
    il_y_a_une_heure = time.time() - 3600
    os.utime(vieux, (il_y_a_une_heure, il_y_a_une_heure))
    os.utime(orphelin, (il_y_a_une_heure, il_y_a_une_heure))
    recent = dossier / ".def.partiel"  # un autre worker est peut-être en train d'écrire : on n'y touche pas
    recent.write_bytes(b"%PDF")
    TEXTES["1"] = "Version 2."
    document = demander()
    assert sorted(p.name for p in dossier.iterdir()) == sorted(
        [".def.partiel", os.path.basename(document.fichier.name)]
    )


def test_un_contenu_revenu_a_la_version_publiee_est_pret_sans_generation(django_capture_on_commit_callbacks, rendus):
    TEXTES["1"] = "Version 1."
    with django_capture_on_commit_callbacks(execute=True):
        services.document_demander(source=SOURCE, objet_id="1")
    TEXTES["1"] = "Version 2 (brouillon)."
    with django_capture_on_commit_callbacks(execute=False):
        en_cours = services.document_demander(source=SOURCE, objet_id="1")
    TEXTES["1"] = "Version 1."
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        document = services.document_demander(source=SOURCE, objet_id="1")
    assert rappels == []
    assert document.etat == EtatDocument.PRET
    assert services.document_generer(document_id=document.pk, jeton=str(en_cours.jeton)) is False
    assert len(rendus) == 1


def test_supprimer_efface_la_ligne_et_les_fichiers(stockage_disque, demander, django_capture_on_commit_callbacks):
    TEXTES["1"] = "Texte."
    document = demander()
    dossier = stockage_disque / "documents" / str(document.uuid)
    assert dossier.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.document_supprimer(source=SOURCE, objet_id=1) == 1
    assert not Document.objects.exists()
    assert not dossier.exists()
