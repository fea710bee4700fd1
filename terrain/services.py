"""Écritures du diagnostic de terrain : observations, verbatims et leur publication.

Les règles vivent sur les modèles (`Observation.clean`, champs et validateurs) et dans les
permissions (`terrain/rules.py`) ; chaque service les applique avant d'écrire (`full_clean`), si bien
que le formulaire, l'API et l'administration obéissent aux mêmes. Une écriture refusée lève
`ValidationError` avec toutes ses erreurs à la fois, sous les noms des champs du modèle (celles du
verbatim sous `verbatim.<champ>`), en français, et n'écrit rien ; une écriture acceptée écrit tout
(observation, verbatim, liens) dans la même transaction.

Convention des services qui peuvent retrouver une ligne existante : ils renvoient `(objet, cree)`,
comme `get_or_create`.
"""

import datetime
import uuid

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commun.permissions import refus
from experimentations.models import Experimentation
from terrain.enums import StatutPublication, TrancheAge, TypeObservation
from terrain.models import ChangementStatutVerbatim, Entretien, Immersion, Observation, Verbatim
from terrain.signals import observation_retiree

# Champs qu'`observation_modifier` accepte ; `verbatim` (dict, ou None pour le retirer) en plus.
CHAMPS_MODIFIABLES = ("experimentation", "texte", "type", "source", "date", "entretien", "immersion")
CHAMPS_M2M = ("communes", "lieux", "publics")
PREFIXE_VERBATIM = "verbatim."


def _exiger(acteur, permission: str, objet=None) -> None:
    if not acteur.has_perm(permission, objet):
        raise PermissionDenied(refus(permission))


def _erreurs(exc: ValidationError, prefixe: str = "") -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {f"{prefixe}{NON_FIELD_ERRORS}" if prefixe else NON_FIELD_ERRORS: exc.messages}
    return {
        (f"{prefixe}{cle}" if prefixe else cle): ValidationError(erreurs).messages
        for cle, erreurs in exc.error_dict.items()
    }


def _valider(observation: Observation, verbatim: Verbatim | None, erreurs: dict[str, list[str]] | None = None):
    """Valide l'observation et son verbatim ensemble : toutes les erreurs d'un coup, ou rien."""
    erreurs = dict(erreurs or {})
    try:
        observation.full_clean(exclude=["uuid_client", "auteur"], validate_unique=False)
    except ValidationError as exc:
        for cle, messages in _erreurs(exc).items():
            erreurs.setdefault(cle, []).extend(messages)
    if verbatim is not None:
        try:
            verbatim.full_clean(exclude=["observation"], validate_unique=False)
        except ValidationError as exc:
            for cle, messages in _erreurs(exc, PREFIXE_VERBATIM).items():
                erreurs.setdefault(cle, []).extend(messages)
    if erreurs:
        raise ValidationError(erreurs)


def _origines_verifier(acteur, *, entretien: Entretien | None, immersion: Immersion | None) -> dict[str, list[str]]:
    """Un agent ne rattache une observation qu'aux entretiens et immersions auxquels il a pris part."""
    erreurs = {}
    for champ, origine in (("entretien", entretien), ("immersion", immersion)):
        if origine is not None and not acteur.has_perm("terrain.rattacher_a_une_origine", origine):
            erreurs[champ] = [refus("terrain.rattacher_a_une_origine")]
    return erreurs


def _verbatim_statut_demande(acteur, actuel: str, donnees: dict) -> tuple[str, dict[str, list[str]]]:
    """Le statut que prendra le verbatim : inchangé sans demande explicite ; un changement exige la permission."""
    demande = donnees.get("statut") or actuel
    if demande != actuel and demande in StatutPublication.values and not acteur.has_perm("terrain.publier_verbatim"):
        return actuel, {f"{PREFIXE_VERBATIM}statut": [refus("terrain.publier_verbatim")]}
    return demande, {}


def _verbatim_construire(acteur, observation: Observation, donnees: dict, existant: Verbatim | None):
    """Le verbatim à enregistrer (non sauvegardé), son statut de départ et les erreurs de droits."""
    verbatim = existant or Verbatim(observation=observation, statut=StatutPublication.INTERNE)
    statut_avant = verbatim.statut
    statut, erreurs = _verbatim_statut_demande(acteur, statut_avant, donnees)
    # En modification, seuls les champs envoyés changent (la commune posée par l'API reste, par exemple).
    if existant is None or "texte" in donnees:
        verbatim.texte = (donnees.get("texte") or "").strip()
    if existant is None or "situation" in donnees:
        verbatim.situation = (donnees.get("situation") or "").strip()
    if existant is None or "tranche_age" in donnees:
        verbatim.tranche_age = donnees.get("tranche_age") or TrancheAge.INCONNUE
    if existant is None or "commune" in donnees:
        verbatim.commune = donnees.get("commune")
    verbatim.statut = statut
    return verbatim, statut_avant, erreurs


def _journaliser_statut(acteur, verbatim: Verbatim, ancien: str) -> None:
    if verbatim.statut != ancien:
        ChangementStatutVerbatim.objects.create(verbatim=verbatim, ancien=ancien, nouveau=verbatim.statut, par=acteur)


@transaction.atomic
def observation_creer(
    *,
    auteur,
    experimentation: Experimentation,
    texte: str,
    source: str,
    date: datetime.date,
    type: str = TypeObservation.DIFFICULTE,
    communes=(),
    lieux=(),
    publics=(),
    entretien: Entretien | None = None,
    immersion: Immersion | None = None,
    uuid_client: uuid.UUID | str | None = None,
    verbatim: dict | None = None,
) -> tuple[Observation, bool]:
    """Enregistre une observation (et son verbatim), ou retrouve celle déjà reçue sous ce `uuid_client`.

    Un brouillon renvoyé après une coupure de réseau porte le même `uuid_client` : s'il a déjà été
    reçu de ce même auteur, l'observation existante est renvoyée telle quelle avec `cree=False`.

    `verbatim` : {"texte", "tranche_age", "situation", "commune", "statut"} ; jamais de nom. Un agent
    l'enregistre « interne » ; seul un facilitateur peut le créer « publiable ».
    """
    _exiger(auteur, "terrain.saisir_observation")
    if uuid_client:
        try:
            uuid_client = uuid.UUID(str(uuid_client))
        except ValueError:
            raise ValidationError({"uuid_client": "Identifiant d'envoi invalide : rechargez le formulaire."}) from None
        if (existante := _observation_deja_recue(auteur=auteur, uuid_client=uuid_client)) is not None:
            return existante, False

    observation = Observation(
        auteur=auteur,
        experimentation=experimentation,
        texte=(texte or "").strip(),
        type=type,
        source=source,
        date=date,
        entretien=entretien,
        immersion=immersion,
    )
    if uuid_client:
        observation.uuid_client = uuid_client
    erreurs = _origines_verifier(auteur, entretien=entretien, immersion=immersion)
    nouveau_verbatim, statut_avant = None, StatutPublication.INTERNE
    if verbatim is not None:
        nouveau_verbatim, statut_avant, erreurs_verbatim = _verbatim_construire(auteur, observation, verbatim, None)
        erreurs.update(erreurs_verbatim)
    _valider(observation, nouveau_verbatim, erreurs)

    try:
        # Point de sauvegarde : deux envois simultanés du même brouillon se heurtent à l'unicité.
        with transaction.atomic():
            observation.save()
    except IntegrityError:
        if uuid_client and (existante := _observation_deja_recue(auteur=auteur, uuid_client=uuid_client)):
            return existante, False
        raise
    observation.communes.set(communes)
    observation.lieux.set(lieux)
    observation.publics.set(publics)
    if nouveau_verbatim is not None:
        nouveau_verbatim.observation = observation
        nouveau_verbatim.save()
        _journaliser_statut(auteur, nouveau_verbatim, statut_avant)
    return observation, True


def _observation_deja_recue(*, auteur, uuid_client: uuid.UUID) -> Observation | None:
    existante = Observation.objects.filter(uuid_client=uuid_client).first()
    if existante is None:
        return None
    if existante.auteur_id != auteur.pk:
        raise ValidationError(
            {"uuid_client": "Cet identifiant d'envoi appartient à une autre observation : rechargez le formulaire."}
        )
    return existante


@transaction.atomic
def observation_modifier(*, acteur, observation: Observation, **champs) -> Observation:
    """Modifie une observation : son auteur (agent) ou un facilitateur, tant qu'elle n'est pas retirée.

    `champs` parmi CHAMPS_MODIFIABLES, `communes`, `lieux`, `publics` (remplacent les liens) et
    `verbatim` : un dict met à jour le premier verbatim de l'observation (ou en crée un) sans toucher à
    son statut de publication, sauf demande explicite d'un facilitateur ; None le supprime s'il n'a
    jamais été publié ; absent, il reste tel quel.
    """
    _exiger(acteur, "terrain.modifier_observation", observation)
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES) - set(CHAMPS_M2M) - {"verbatim"}
    if inconnus:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")

    for nom in CHAMPS_MODIFIABLES:
        if nom in champs:
            setattr(observation, nom, champs[nom].strip() if nom == "texte" and champs[nom] else champs[nom])
    erreurs = {}
    if "entretien" in champs or "immersion" in champs:
        erreurs = _origines_verifier(acteur, entretien=champs.get("entretien"), immersion=champs.get("immersion"))

    existant = observation.verbatims.order_by("pk").first()
    verbatim, statut_avant, supprimer = None, None, False
    if "verbatim" in champs:
        if champs["verbatim"] is None:
            supprimer = existant is not None
            if supprimer and (existant.statut != StatutPublication.INTERNE or existant.changements_statut.exists()):
                erreurs[f"{PREFIXE_VERBATIM}{NON_FIELD_ERRORS}"] = [
                    "Ce verbatim a été publié ou retiré par un facilitateur : il ne se supprime plus. "
                    "Demandez à un facilitateur de le retirer."
                ]
        else:
            verbatim, statut_avant, erreurs_verbatim = _verbatim_construire(
                acteur, observation, champs["verbatim"], existant
            )
            erreurs.update(erreurs_verbatim)
    _valider(observation, verbatim, erreurs)

    observation.save()
    for nom in CHAMPS_M2M:
        if nom in champs:
            getattr(observation, nom).set(champs[nom])
    if supprimer:
        existant.delete()
    elif verbatim is not None:
        verbatim.save()
        _journaliser_statut(acteur, verbatim, statut_avant)
    return observation


@transaction.atomic
def verbatim_statut_changer(*, acteur, verbatim: Verbatim, statut: str) -> Verbatim:
    """Publie, retire ou remet en interne un verbatim (facilitateurs), et l'écrit au journal de publication.

    Seul un verbatim « publiable » paraît en public ; un verbatim « retiré » ne sort plus de la plateforme.
    """
    _exiger(acteur, "terrain.publier_verbatim")
    if statut not in StatutPublication.values:
        raise ValidationError({"statut": "Choisissez interne, publiable ou retiré."})
    verbatim = Verbatim.objects.select_for_update().get(pk=verbatim.pk)
    ancien = verbatim.statut
    if ancien != statut:
        verbatim.statut = statut
        verbatim.save(update_fields=["statut"])
        _journaliser_statut(acteur, verbatim, ancien)
    return verbatim


@transaction.atomic
def observation_retirer(*, acteur, observation: Observation, motif: str) -> Observation:
    """Retire une observation (facilitateurs) au lieu de la supprimer : elle quitte les listes et les preuves.

    Les apps qui l'utilisent (irritants) la détachent en l'écrivant à leur journal, par le signal
    `observation_retiree`, dans la même transaction. Retirer deux fois ne change rien.
    """
    _exiger(acteur, "terrain.retirer_observation")
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif_retrait": "Indiquez pourquoi l'observation est retirée."})
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.est_retiree:
        return observation
    observation.retiree_le = timezone.now()
    observation.retiree_par = acteur
    observation.motif_retrait = motif
    observation.full_clean(exclude=["uuid_client"], validate_unique=False)
    observation.save(update_fields=["retiree_le", "retiree_par", "motif_retrait"])
    observation_retiree.send(sender=Observation, observation=observation, acteur=acteur, motif=motif)
    return observation
