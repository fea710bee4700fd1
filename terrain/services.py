"""Écritures du diagnostic de terrain : observations et verbatims.

Chaque service valide tout avant d'écrire et lève une `ValidationError` dont les clés sont les
noms des champs du formulaire de saisie (`texte`, `date`, `verbatim_texte`…), avec des messages
en français : une saisie refusée n'écrit rien, une saisie acceptée écrit tout (observation,
verbatim et liens vers communes, lieux et publics) dans la même transaction.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format, number_format

from experimentations.models import Experimentation
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import TEXTE_MAX, VERBATIM_MAX, Entretien, Immersion, Observation, Verbatim
from territoire.models import Commune

SITUATION_MAX = Verbatim._meta.get_field("situation").max_length
# Champs qu'`observation_modifier` accepte ; `verbatim` (dict, ou None pour le retirer) en plus.
CHAMPS_MODIFIABLES = ("experimentation", "texte", "type", "source", "date", "entretien", "immersion")
CHAMPS_M2M = ("communes", "lieux", "publics")


def _jour(date: datetime.date) -> str:
    return date_format(date, "j F Y")


def _longueur(texte: str, maximum: int, quoi: str) -> str | None:
    if len(texte) <= maximum:
        return None
    return (
        f"{quoi} est trop long : {number_format(len(texte), force_grouping=True)} caractères "
        f"pour {number_format(maximum, force_grouping=True)} au maximum. Raccourcissez-le ; rien n'a été enregistré."
    )


def _observation_valider(
    *, experimentation, texte, type, source, date, entretien, immersion
) -> tuple[dict, dict[str, list[str]]]:
    """Les champs nettoyés de l'observation et les erreurs, par champ."""
    erreurs: dict[str, list[str]] = {}
    texte = (texte or "").strip()
    if not isinstance(experimentation, Experimentation):
        erreurs.setdefault("experimentation", []).append("Choisissez l'expérimentation.")
    if not texte:
        erreurs.setdefault("texte", []).append("Décrivez ce que vous avez observé.")
    elif message := _longueur(texte, TEXTE_MAX, "Le texte de l'observation"):
        erreurs.setdefault("texte", []).append(message)
    if type not in TypeObservation.values:
        erreurs.setdefault("type", []).append("Choisissez la nature de l'observation.")
    if source not in SourceObservation.values:
        erreurs.setdefault("source", []).append("Indiquez d'où vient l'observation.")
    if not isinstance(date, datetime.date):
        erreurs.setdefault("date", []).append("Indiquez la date de l'observation.")
    elif isinstance(experimentation, Experimentation) and not (
        experimentation.date_lancement <= date <= experimentation.date_echeance_promesses
    ):
        erreurs.setdefault("date", []).append(
            f"Le {_jour(date)} est en dehors de l'expérimentation « {experimentation.nom} », "
            f"qui va du {_jour(experimentation.date_lancement)} au {_jour(experimentation.date_echeance_promesses)}."
        )
    if entretien is not None and immersion is not None:
        erreurs.setdefault("__all__", []).append(
            "Une observation vient d'un entretien ou d'une immersion, pas des deux : choisissez l'un ou l'autre."
        )
    for cle, origine, nom in (("entretien", entretien, "L'entretien"), ("immersion", immersion, "L'immersion")):
        if (
            origine is not None
            and isinstance(experimentation, Experimentation)
            and origine.experimentation_id != experimentation.pk
        ):
            erreurs.setdefault(cle, []).append(f"{nom} choisi appartient à une autre expérimentation.")
    champs = {
        "experimentation": experimentation,
        "texte": texte,
        "type": type,
        "source": source,
        "date": date,
        "entretien": entretien,
        "immersion": immersion,
    }
    return champs, erreurs


def _verbatim_valider(donnees: dict) -> tuple[dict, dict[str, list[str]]]:
    """Les champs nettoyés d'un verbatim (clés du modèle) et les erreurs (clés `verbatim_…` du formulaire)."""
    erreurs: dict[str, list[str]] = {}
    texte = (donnees.get("texte") or "").strip()
    situation = (donnees.get("situation") or "").strip()
    tranche_age = donnees.get("tranche_age") or TrancheAge.INCONNUE
    statut = donnees.get("statut") or StatutPublication.INTERNE
    commune = donnees.get("commune")
    if not texte:
        erreurs.setdefault("verbatim_texte", []).append(
            "Le verbatim est vide : écrivez les mots de la personne, tels qu'elle les a dits."
        )
    elif message := _longueur(texte, VERBATIM_MAX, "Le verbatim"):
        erreurs.setdefault("verbatim_texte", []).append(message)
    if len(situation) > SITUATION_MAX:
        erreurs.setdefault("verbatim_situation", []).append(
            f"La situation tient en {SITUATION_MAX} caractères au plus (ici {len(situation)})."
        )
    if tranche_age not in TrancheAge.values:
        erreurs.setdefault("verbatim_tranche_age", []).append("Choisissez une tranche d'âge de la liste.")
    if statut not in StatutPublication.values:
        erreurs.setdefault("verbatim_statut", []).append("Choisissez interne, publiable ou retiré.")
    if commune is not None and not isinstance(commune, Commune):
        erreurs.setdefault("verbatim_commune", []).append("Commune inconnue.")
    champs = {"texte": texte, "situation": situation, "tranche_age": tranche_age, "statut": statut, "commune": commune}
    return champs, erreurs


def _fusionner(*dicts: dict[str, list[str]]) -> dict[str, list[str]]:
    erreurs: dict[str, list[str]] = {}
    for d in dicts:
        for cle, messages in d.items():
            erreurs.setdefault(cle, []).extend(messages)
    return erreurs


@transaction.atomic
def observation_creer(
    *,
    auteur,
    experimentation: Experimentation,
    texte: str,
    type: str,
    source: str,
    date: datetime.date,
    communes=(),
    lieux=(),
    publics=(),
    entretien: Entretien | None = None,
    immersion: Immersion | None = None,
    uuid_client: uuid.UUID | str | None = None,
    verbatim: dict | None = None,
) -> Observation:
    """Enregistre une observation (et son verbatim), ou retrouve celle déjà reçue sous ce `uuid_client`.

    Un brouillon renvoyé après une coupure de réseau porte le même `uuid_client` : s'il a déjà été
    reçu de ce même auteur, l'observation existante est renvoyée telle quelle (aucun doublon). Elle
    porte alors `deja_recue = True` (False pour une observation créée par cet appel), ce qui
    permet à la vue de répondre 200 plutôt que 201.

    `verbatim` : {"texte", "tranche_age", "situation", "commune", "statut"} ; jamais de nom.
    """
    if not auteur.has_perm("terrain.saisir_observation"):
        raise PermissionDenied("La saisie des observations est réservée aux agents locaux et aux facilitateurs.")
    if uuid_client:
        try:
            uuid_client = uuid.UUID(str(uuid_client))
        except ValueError:
            raise ValidationError({"uuid_client": "Identifiant d'envoi invalide : rechargez le formulaire."}) from None
        if (existante := _observation_deja_recue(auteur=auteur, uuid_client=uuid_client)) is not None:
            return existante

    champs, erreurs = _observation_valider(
        experimentation=experimentation,
        texte=texte,
        type=type,
        source=source,
        date=date,
        entretien=entretien,
        immersion=immersion,
    )
    champs_verbatim, erreurs_verbatim = _verbatim_valider(verbatim) if verbatim is not None else ({}, {})
    if erreurs := _fusionner(erreurs, erreurs_verbatim):
        raise ValidationError(erreurs)

    observation = Observation(auteur=auteur, **champs)
    if uuid_client:
        observation.uuid_client = uuid_client
    try:
        # Point de sauvegarde : deux envois simultanés du même brouillon se heurtent à l'unicité.
        with transaction.atomic():
            observation.save()
    except IntegrityError:
        if uuid_client and (existante := _observation_deja_recue(auteur=auteur, uuid_client=uuid_client)):
            return existante
        raise
    observation.communes.set(communes)
    observation.lieux.set(lieux)
    observation.publics.set(publics)
    if verbatim is not None:
        Verbatim.objects.create(observation=observation, **champs_verbatim)
    observation.deja_recue = False
    return observation


def _observation_deja_recue(*, auteur, uuid_client: uuid.UUID) -> Observation | None:
    existante = Observation.objects.filter(uuid_client=uuid_client).first()
    if existante is None:
        return None
    if existante.auteur_id != auteur.pk:
        raise ValidationError(
            {"uuid_client": "Cet identifiant d'envoi appartient à une autre observation : rechargez le formulaire."}
        )
    existante.deja_recue = True
    return existante


@transaction.atomic
def observation_modifier(*, acteur, observation: Observation, **champs) -> Observation:
    """Modifie une observation : son auteur (agent) ou un facilitateur.

    `champs` parmi CHAMPS_MODIFIABLES, `communes`, `lieux`, `publics` (remplacent les liens) et
    `verbatim` : un dict met à jour le premier verbatim de l'observation (ou en crée un) ; None le
    supprime ; absent, il reste tel quel.
    """
    if not acteur.has_perm("terrain.modifier_observation", observation):
        raise PermissionDenied("Vous ne pouvez modifier que vos propres observations.")
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES) - set(CHAMPS_M2M) - {"verbatim"}
    if inconnus:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")

    valeurs = {nom: champs.get(nom, getattr(observation, nom)) for nom in CHAMPS_MODIFIABLES}
    propres, erreurs = _observation_valider(**valeurs)
    verbatim = champs.get("verbatim")
    champs_verbatim, erreurs_verbatim = _verbatim_valider(verbatim) if verbatim is not None else ({}, {})
    if erreurs := _fusionner(erreurs, erreurs_verbatim):
        raise ValidationError(erreurs)

    for nom, valeur in propres.items():
        setattr(observation, nom, valeur)
    observation.save()
    for nom in CHAMPS_M2M:
        if nom in champs:
            getattr(observation, nom).set(champs[nom])
    if "verbatim" in champs:
        existant = observation.verbatims.order_by("pk").first()
        if verbatim is None:
            if existant is not None:
                existant.delete()
        elif existant is None:
            Verbatim.objects.create(observation=observation, **champs_verbatim)
        else:
            for nom, valeur in champs_verbatim.items():
                setattr(existant, nom, valeur)
            existant.save()
    return observation


@transaction.atomic
def verbatim_statut_changer(*, acteur, verbatim: Verbatim, statut: str) -> Verbatim:
    """Change le statut de publication d'un verbatim (seul « publiable » peut paraître en public)."""
    if not acteur.has_perm("terrain.modifier_observation", verbatim.observation):
        raise PermissionDenied("Vous ne pouvez modifier que les verbatims de vos propres observations.")
    if statut not in StatutPublication.values:
        raise ValidationError({"verbatim_statut": "Choisissez interne, publiable ou retiré."})
    verbatim.statut = statut
    verbatim.save(update_fields=["statut"])
    return verbatim
