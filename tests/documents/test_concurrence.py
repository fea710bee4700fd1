"""Deux demandes simultanées du même document (deux clics, deux onglets) : une ligne, une tâche, un fichier.

Sur PostgreSQL, chaque fil a sa propre connexion et sa propre transaction : la contrainte d'unicité et
le verrou de ligne (`select_for_update`) font vraiment leur travail.
"""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from documents import services, tasks
from documents.enums import EtatDocument
from documents.models import Document
from tests.documents.conftest import SOURCE, TEXTES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def en_parallele(fonction, nombre=2):
    barriere = threading.Barrier(nombre)
    resultats, erreurs = [], []

    def fil():
        try:
            barriere.wait()
            resultats.append(fonction())
        except Exception as exc:  # remonté au test ci-dessous
            erreurs.append(exc)
        finally:
            connection.close()

    fils = [threading.Thread(target=fil) for _ in range(nombre)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)
    assert not erreurs, erreurs
    return resultats


def test_deux_demandes_simultanees_une_ligne_et_une_tache(monkeypatch):
    TEXTES["1"] = "Texte."
    envois = []
    monkeypatch.setattr(tasks.document_generer_tache, "delay", lambda *args: envois.append(args))
    documents = en_parallele(lambda: services.document_demander(source=SOURCE, objet_id="1"), nombre=4)
    assert len({d.pk for d in documents}) == 1
    assert Document.objects.count() == 1
    assert len(envois) == 1  # les trois autres ont vu la demande en attente pour le même contenu


def test_deux_generations_simultanees_un_seul_fichier_publie(monkeypatch):
    TEXTES["1"] = "Texte."
    monkeypatch.setattr(tasks.document_generer_tache, "delay", lambda *args: None)  # pas de worker ici
    document = services.document_demander(source=SOURCE, objet_id="1")
    publies = en_parallele(lambda: services.document_generer(document_id=document.pk, jeton=str(document.jeton)))
    document.refresh_from_db()
    assert document.etat == EtatDocument.PRET
    # Les deux fils ont rendu le PDF ; un seul l'a publié, l'autre a effacé le sien.
    assert sorted(publies) == [False, True]
    assert default_storage.listdir(f"documents/{document.uuid}")[1] == [document.fichier.name.rsplit("/", 1)[1]]
