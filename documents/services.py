"""Écritures sur les documents : demander, relancer, générer, constater l'échec, supprimer.

Le parcours d'un document :

1. Une vue d'une app appelle `document_demander(source=..., objet_id=..., acteur=...)`. Le service
   rend le HTML (rapide : un gabarit, pas de PDF) et calcule son empreinte (sha256 du HTML, de la
   version de la source et de celle du moteur : feuille de style, WeasyPrint). Si elle égale celle
   du fichier publié, le document est prêt : rien n'est mis en file. Sinon il passe « en attente »
   avec un jeton neuf, et la tâche est mise en file **après le commit** (`transaction.on_commit`).
   Deux clics sur le même contenu ne mettent en file qu'une tâche.
2. La tâche Celery (`documents.tasks`) appelle `document_generer(document_id, jeton)`. Elle ne
   travaille que si la ligne porte encore ce jeton (sinon une demande plus récente l'a remplacée),
   rend le HTML, et ne refait le PDF que si l'empreinte a changé. Le PDF est écrit sous un nom
   unique (empreinte + suffixe aléatoire) par un fichier temporaire du même dossier, fsync puis
   `os.replace` : aucun nom final ne désigne jamais un fichier à moitié écrit.
3. La publication se fait sous verrou de ligne (`select_for_update`) : seule la tâche qui porte le
   jeton courant fait pointer la ligne vers son fichier ; une tâche en double (deux workers, une
   relivraison après un crash) voit le travail déjà fait et efface son propre fichier. L'ancien
   fichier est effacé après le commit ; les restes d'un worker tué (fichiers temporaires, PDF jamais
   publiés) sont balayés à la publication suivante, une fois plus vieux que `DELAI_BLOCAGE`.
4. Une erreur est réessayée avec un délai exponentiel ; au dernier essai, `document_echouer` passe
   le document en « échec » avec un message en français. `document_relancer` repart de l'étape 1.

Le fichier publié reste servi pendant qu'une nouvelle version se prépare (URL stable : voir
`documents.views.telecharger`).
"""

import logging
import os
import secrets
import tempfile
import uuid
from contextlib import suppress
from functools import partial
from hashlib import sha256
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from documents import pdf, registre
from documents.enums import EtatDocument
from documents.models import DELAI_BLOCAGE, Document

logger = logging.getLogger(__name__)

MESSAGE_PAR_DEFAUT = "La mise en page du PDF a échoué."
MESSAGES = [
    (registre.DocumentIntrouvable, "Ce document n'existe plus : ce qu'il présentait a été supprimé."),
    (registre.SourceInconnue, "Ce type de document n'est plus proposé par la plateforme."),
    ((SoftTimeLimitExceeded, TimeLimitExceeded), "La mise en page a pris trop de temps et a été interrompue."),
    (OperationalError, "Le service de génération des documents est momentanément indisponible."),
    (OSError, "Le fichier PDF n'a pas pu être enregistré sur le serveur."),
]


def message_erreur(exc: BaseException) -> str:
    """La cause d'un échec, en français, pour l'utilisateur (le détail technique va au journal)."""
    for types, message in MESSAGES:
        if isinstance(exc, types):
            return message
    return MESSAGE_PAR_DEFAUT


def empreinte_calculer(html: str, source: registre.Source) -> str:
    empreinte = sha256()
    for morceau in (pdf.version_moteur(), source.nom, source.version, html):
        empreinte.update(morceau.encode())
        empreinte.update(b"\0")
    return empreinte.hexdigest()


def _stockage():
    return Document._meta.get_field("fichier").storage


def _dossier(document: Document) -> str:
    return f"documents/{document.uuid}"


def _fichier_present(document: Document) -> bool:
    return bool(document.fichier) and _stockage().exists(document.fichier.name)


def fichier_ecrire(nom: str, octets: bytes) -> str:
    """Écrit `octets` sous `nom` d'un coup : fichier temporaire du même dossier, fsync, puis os.replace.

    Un lecteur ne voit jamais sous `nom` qu'un fichier complet ; un crash ne laisse qu'un
    `.<nom>.partiel` que le balayage efface. Un stockage sans système de fichiers (mémoire, objet)
    écrit un objet en entier ou pas du tout : on lui confie l'écriture.
    """
    stockage = _stockage()
    if not isinstance(stockage, FileSystemStorage):
        return stockage.save(nom, ContentFile(octets))
    chemin = Path(stockage.path(nom))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.stem}.", suffix=".partiel")
    try:
        with os.fdopen(descripteur, "wb") as sortie:
            sortie.write(octets)
            sortie.flush()
            os.fsync(sortie.fileno())
        os.chmod(temporaire, stockage.file_permissions_mode or 0o644)
        os.replace(temporaire, chemin)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporaire)
        raise
    return nom


def _effacer(nom: str) -> None:
    with suppress(FileNotFoundError, NotImplementedError):
        _stockage().delete(nom)


def _balayer(document: Document, garder: str) -> None:
    """Efface du dossier du document ce qui n'est pas le fichier publié et date de plus de DELAI_BLOCAGE."""
    stockage, dossier = _stockage(), _dossier(document)
    try:
        _dossiers, fichiers = stockage.listdir(dossier)
    except (FileNotFoundError, NotImplementedError):
        return
    limite = timezone.now() - DELAI_BLOCAGE
    for fichier in fichiers:
        nom = f"{dossier}/{fichier}"
        if nom == garder:
            continue
        with suppress(FileNotFoundError, NotImplementedError):
            if stockage.get_modified_time(nom) < limite:
                stockage.delete(nom)


def _mettre_en_file(document_id: int, jeton) -> None:
    """Envoie la tâche (après commit). Broker injoignable : le document passe en échec, la page le dit.

    Mode embarqué (sans REDIS_URL) : `delay` exécute la tâche ici même, essais compris ; son échec
    final, déjà consigné par la tâche, remonte jusqu'ici et n'interrompt pas la requête.
    """
    from documents.tasks import document_generer_tache

    try:
        document_generer_tache.delay(document_id, str(jeton))
    except OperationalError as exc:
        logger.exception("Document %s : broker injoignable, génération non mise en file", document_id)
        document_echouer(document_id=document_id, jeton=jeton, exc=exc)
    except Exception as exc:
        logger.exception("Document %s : échec de la génération exécutée sur place", document_id)
        document_echouer(document_id=document_id, jeton=jeton, exc=exc)


def _acteur_connu(acteur):
    return acteur if getattr(acteur, "is_authenticated", False) else None


@transaction.atomic
def document_demander(*, source: str, objet_id, acteur=None) -> Document:
    """Le document de cet objet, à jour ou en préparation. Ne met une tâche en file que si le contenu a changé.

    Lève `registre.SourceInconnue`, `registre.DocumentIntrouvable` (objet absent) ou `PermissionDenied`
    (l'acteur ne peut pas demander ce document). `acteur=None` : appel du système (commande, banc).
    """
    src = registre.obtenir(source)
    objet_id = str(objet_id)
    if acteur is not None and not src.peut_demander(acteur, objet_id):
        raise PermissionDenied("Vous ne pouvez pas demander ce document.")
    contenu = src.contenu(objet_id)
    empreinte = empreinte_calculer(contenu.rendre(), src)
    # Ligne lue verrouillée (ou créée : la contrainte d'unicité départage deux créations simultanées).
    document, _cree = Document.objects.select_for_update().get_or_create(
        source=source,
        objet_id=objet_id,
        defaults={"titre": contenu.titre[:200], "nom_fichier": contenu.nom_fichier_sur},
    )
    renomme = (document.titre, document.nom_fichier) != (contenu.titre[:200], contenu.nom_fichier_sur)
    document.titre, document.nom_fichier = contenu.titre[:200], contenu.nom_fichier_sur
    maintenant = timezone.now()

    if document.empreinte_fichier == empreinte and _fichier_present(document):
        if document.etat != EtatDocument.PRET:
            # Le contenu est revenu à la version publiée : la génération en cours n'a plus d'objet.
            document.jeton, document.etat, document.erreur = uuid.uuid4(), EtatDocument.PRET, ""
            document.empreinte_demandee, document.modifie_le = empreinte, maintenant
            document.save()
        elif renomme:
            document.save(update_fields=["titre", "nom_fichier"])
        return document  # à jour : aucune écriture de plus, aucune tâche
    if document.en_preparation and document.empreinte_demandee == empreinte and not document.bloque:
        if renomme:
            document.save(update_fields=["titre", "nom_fichier"])
        return document

    document.jeton = uuid.uuid4()
    document.empreinte_demandee = empreinte
    document.etat = EtatDocument.EN_ATTENTE
    document.erreur = ""
    document.tentatives = 0
    document.demande_par = _acteur_connu(acteur)
    document.demande_le = document.modifie_le = maintenant
    document.full_clean(validate_unique=False, validate_constraints=False)  # l'unicité, la base la garantit
    document.save()
    transaction.on_commit(partial(_mettre_en_file, document.pk, document.jeton))
    return document


def document_relancer(*, document: Document, acteur=None) -> Document:
    """« Relancer » après un échec (ou une génération bloquée) : une nouvelle demande, comptée à zéro."""
    if not document.relancable:
        return document
    return document_demander(source=document.source, objet_id=document.objet_id, acteur=acteur)


def document_generer(*, document_id: int, jeton: str) -> bool:
    """Le travail de la tâche Celery. Renvoie True si cet appel a publié un nouveau fichier.

    Sûr à exécuter deux fois, en même temps ou l'une après l'autre (voir le docstring du module).
    """
    prise = Document.objects.filter(
        pk=document_id, jeton=jeton, etat__in=[EtatDocument.EN_ATTENTE, EtatDocument.EN_COURS]
    ).update(etat=EtatDocument.EN_COURS, tentatives=F("tentatives") + 1, modifie_le=timezone.now())
    if not prise:
        logger.info("Document %s : demande %s périmée ou déjà traitée, rien à faire", document_id, jeton)
        return False
    document = Document.objects.get(pk=document_id)
    src = registre.obtenir(document.source)
    contenu = src.contenu(document.objet_id)
    html = contenu.rendre()
    empreinte = empreinte_calculer(html, src)
    if empreinte == document.empreinte_fichier and _fichier_present(document):
        return _publier(document, jeton, document.fichier.name, empreinte, contenu)
    octets = pdf.html_en_pdf(html)
    nom = fichier_ecrire(f"{_dossier(document)}/{empreinte[:16]}-{secrets.token_hex(4)}.pdf", octets)
    return _publier(document, jeton, nom, empreinte, contenu)


def _publier(document: Document, jeton: str, nom: str, empreinte: str, contenu: registre.Contenu) -> bool:
    with transaction.atomic():
        ligne = Document.objects.select_for_update().get(pk=document.pk)
        actuel = ligne.fichier.name if ligne.fichier else ""
        deja_fait = ligne.etat == EtatDocument.PRET and ligne.empreinte_fichier == empreinte
        if str(ligne.jeton) != str(jeton) or deja_fait:
            # Une demande plus récente a pris la main, ou un double de cette tâche a déjà publié.
            if nom != actuel:
                transaction.on_commit(partial(_effacer, nom))
            return False
        ligne.fichier.name = nom
        ligne.empreinte_fichier = ligne.empreinte_demandee = empreinte
        ligne.titre, ligne.nom_fichier = contenu.titre[:200], contenu.nom_fichier_sur
        ligne.etat, ligne.erreur = EtatDocument.PRET, ""
        ligne.genere_le = ligne.modifie_le = timezone.now()
        ligne.save()
        if actuel and actuel != nom:
            transaction.on_commit(partial(_effacer, actuel))
        transaction.on_commit(partial(_balayer, ligne, nom))
    return nom != actuel


def document_echouer(*, document_id: int, jeton, exc: BaseException) -> None:
    """Dernier essai échoué : « échec » et un message en français, si la demande est toujours la courante."""
    Document.objects.filter(pk=document_id, jeton=jeton).exclude(
        etat__in=[EtatDocument.ECHEC, EtatDocument.PRET]
    ).update(etat=EtatDocument.ECHEC, erreur=message_erreur(exc), modifie_le=timezone.now())


@transaction.atomic
def document_supprimer(*, source: str, objet_id) -> int:
    """Efface le document d'un objet (ligne et fichiers), par exemple quand l'objet est supprimé."""
    supprimes = 0
    for document in Document.objects.select_for_update().filter(source=source, objet_id=str(objet_id)):
        nom = document.fichier.name if document.fichier else ""
        document.delete()
        supprimes += 1
        transaction.on_commit(partial(_effacer_dossier, document, nom))
    return supprimes


def _effacer_dossier(document: Document, nom: str) -> None:
    if nom:
        _effacer(nom)
    stockage = _stockage()
    with suppress(FileNotFoundError, NotImplementedError):
        _dossiers, fichiers = stockage.listdir(_dossier(document))
        for fichier in fichiers:
            _effacer(f"{_dossier(document)}/{fichier}")
        if isinstance(stockage, FileSystemStorage):
            with suppress(OSError):
                os.rmdir(stockage.path(_dossier(document)))
