"""Écritures sur les irritants : création, publication, retrait, rattachement et détachement d'observations, fusion.

Chaque service prend l'utilisateur qui agit (`acteur`), vérifie sa permission (`irritants/rules.py`)
et écrit sa ligne au journal du codage (`EvenementCodage`, en ajout seul) dans la même transaction :
pas de preuve sans trace, pas de trace sans preuve. Une erreur métier lève `ValidationError` avec un
message en français, et rien n'est écrit. Un irritant ne se supprime pas : il se retire ou se fusionne.

Convention des services qui peuvent retrouver une ligne existante : ils renvoient `(objet, cree)`.

Doublons : deux irritants en service d'une expérimentation ne portent pas le même titre aux accents,
majuscules et ponctuation près (règle du modèle, contrainte en base) ; un titre seulement proche d'un
autre est signalé (`IrritantsProches`) et la création attend une confirmation (`malgre_proches=True`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from commun.permissions import refus
from irritants import selectors
from irritants.enums import ActionCodage, Gravite, StatutIrritant
from irritants.models import MESSAGE_TITRE_EXISTANT, EvenementCodage, Irritant, Preuve, Theme
from terrain.models import Observation


class IrritantsProches(ValidationError):
    """Le titre ressemble à celui d'irritants en service (`proches`) : l'écran propose de s'y rattacher plutôt
    que de créer un doublon, ou de confirmer la création."""

    def __init__(self, proches: list[Irritant]):
        self.proches = proches
        noms = ", ".join(f"« {irritant.titre} » (n° {irritant.pk})" for irritant in proches)
        super().__init__(
            {
                "titre": [
                    ValidationError(
                        f"Un irritant au titre proche existe déjà : {noms}. Rattachez-y l'observation, "
                        "ou confirmez la création d'un nouvel irritant.",
                        code="titre_proche",
                    )
                ]
            }
        )


def _exiger(acteur, permission: str) -> None:
    if not acteur.has_perm(permission):
        raise PermissionDenied(refus(permission))


def _verifier_actif(irritant: Irritant) -> None:
    if irritant.fusionne_dans_id:
        raise ValidationError(
            f"L'irritant « {irritant.titre} » a été fusionné dans un autre : utilisez l'irritant qui le remplace.",
            code="irritant_fusionne",
        )
    if irritant.statut == StatutIrritant.RETIRE:
        raise ValidationError(f"L'irritant « {irritant.titre} » a été retiré.", code="irritant_retire")


def _verifier_meme_experimentation(irritant: Irritant, observation: Observation) -> None:
    if irritant.experimentation_id != observation.experimentation_id:
        raise ValidationError(
            "Cette observation appartient à une autre expérimentation que l'irritant : rattachement impossible.",
            code="autre_experimentation",
        )


def _journaliser(action: ActionCodage, irritant: Irritant, acteur, **champs) -> EvenementCodage:
    return EvenementCodage.objects.create(action=action, irritant=irritant, par=acteur, **champs)


@transaction.atomic
def irritant_creer(
    *,
    acteur,
    experimentation,
    titre: str,
    theme: Theme,
    gravite: int = Gravite.MOYENNE,
    description: str = "",
    observation: Observation | None = None,
    malgre_proches: bool = False,
) -> Irritant:
    """Crée un irritant en brouillon (et y rattache `observation` si elle est donnée) ; le public ne le voit
    qu'une fois publié (`irritant_publier`).

    Refuse un titre déjà porté par un irritant en service (`ValidationError` sur `titre`, code
    `titre_existant`) ; un titre proche lève `IrritantsProches`, sauf si `malgre_proches`.
    """
    _exiger(acteur, "irritants.coder")
    irritant = Irritant(
        experimentation=experimentation,
        titre=(titre or "").strip(),
        theme=theme,
        gravite=gravite,
        description=(description or "").strip(),
        statut=StatutIrritant.BROUILLON,
    )
    irritant.full_clean()
    if not malgre_proches and (proches := selectors.irritants_proches(experimentation, irritant.titre)):
        raise IrritantsProches(proches)
    try:
        with transaction.atomic():
            irritant.save()
    except IntegrityError as erreur:
        # Deux créations simultanées du même titre : la contrainte en base tranche, avec le message du modèle.
        irritant.pk = None
        irritant.full_clean()
        raise ValidationError({"titre": [MESSAGE_TITRE_EXISTANT]}, code="titre_existant") from erreur
    _journaliser(ActionCodage.CREATION, irritant, acteur)
    if observation is not None:
        preuve_ajouter(acteur=acteur, irritant=irritant, observation=observation)
    return irritant


def _statut_changer(acteur, irritant: Irritant, statut: StatutIrritant, action: ActionCodage, motif: str = ""):
    irritant = Irritant.objects.select_for_update().get(pk=irritant.pk)
    if irritant.fusionne_dans_id:
        raise ValidationError(
            f"L'irritant « {irritant.titre} » a été fusionné dans un autre : il ne change plus.",
            code="irritant_fusionne",
        )
    if irritant.statut != statut:
        irritant.statut = statut
        irritant.full_clean()
        irritant.save(update_fields=["statut"])
        _journaliser(action, irritant, acteur, motif=motif)
    return irritant


@transaction.atomic
def irritant_publier(*, acteur, irritant: Irritant) -> Irritant:
    """Rend l'irritant public (synthèse, page, API) ; idempotent."""
    _exiger(acteur, "irritants.publier")
    return _statut_changer(acteur, irritant, StatutIrritant.PUBLIE, ActionCodage.PUBLICATION)


@transaction.atomic
def irritant_depublier(*, acteur, irritant: Irritant) -> Irritant:
    """Remet l'irritant en brouillon : il quitte les pages publiques ; idempotent."""
    _exiger(acteur, "irritants.publier")
    return _statut_changer(acteur, irritant, StatutIrritant.BROUILLON, ActionCodage.DEPUBLICATION)


@transaction.atomic
def irritant_retirer(*, acteur, irritant: Irritant, motif: str) -> Irritant:
    """Retire l'irritant au lieu de le supprimer : il quitte la synthèse et le codage, son journal reste entier."""
    _exiger(acteur, "irritants.publier")
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez pourquoi l'irritant est retiré."})
    return _statut_changer(acteur, irritant, StatutIrritant.RETIRE, ActionCodage.RETRAIT, motif.strip())


@transaction.atomic
def preuve_ajouter(*, acteur, irritant: Irritant, observation: Observation) -> tuple[Preuve, bool]:
    """Rattache l'observation à l'irritant. Idempotent : la rattacher deux fois ne change rien.

    Renvoie la preuve et un booléen, vrai si elle vient d'être créée (et journalisée).
    """
    _exiger(acteur, "irritants.coder")
    _verifier_actif(irritant)
    _verifier_meme_experimentation(irritant, observation)
    if observation.est_retiree:
        raise ValidationError("Cette observation a été retirée : elle ne sert plus de preuve.", code="retiree")
    preuve, cree = Preuve.objects.get_or_create(
        irritant=irritant, observation=observation, defaults={"code_par": acteur}
    )
    if cree:
        _journaliser(ActionCodage.RATTACHEMENT, irritant, acteur, observation=observation)
    return preuve, cree


@transaction.atomic
def preuves_ajouter(*, acteur, observation: Observation, irritants) -> list[Irritant]:
    """Rattache l'observation à plusieurs irritants, tout ou rien : si un rattachement échoue, aucun n'est gardé.

    Renvoie les irritants auxquels elle vient d'être rattachée (ceux où elle l'était déjà n'y figurent pas).
    """
    nouveaux = []
    for irritant in irritants:
        _preuve, cree = preuve_ajouter(acteur=acteur, irritant=irritant, observation=observation)
        if cree:
            nouveaux.append(irritant)
    return nouveaux


@transaction.atomic
def preuve_retirer(*, acteur, irritant: Irritant, observation: Observation, motif: str = "") -> bool:
    """Détache l'observation de l'irritant ; renvoie False si elle n'y était pas rattachée (rien n'est écrit)."""
    _exiger(acteur, "irritants.coder")
    supprimees, _detail = Preuve.objects.filter(irritant=irritant, observation=observation).delete()
    if supprimees:
        _journaliser(ActionCodage.DETACHEMENT, irritant, acteur, observation=observation, motif=motif)
    return bool(supprimees)


@transaction.atomic
def preuves_retirer(*, acteur, observation: Observation, irritants, motif: str = "") -> list[Irritant]:
    """Détache l'observation de plusieurs irritants (« Annuler » après un codage), tout ou rien ; chaque
    détachement est journalisé. Renvoie les irritants dont elle vient d'être détachée."""
    return [
        irritant
        for irritant in irritants
        if preuve_retirer(acteur=acteur, irritant=irritant, observation=observation, motif=motif)
    ]


def preuves_detacher_observation_retiree(*, acteur, observation: Observation, motif: str) -> int:
    """Une observation retirée quitte tous ses irritants, chaque détachement écrit au journal avec le motif.

    Branché sur le signal `terrain.signals.observation_retiree` (voir `irritants/apps.py`) : le retrait
    relève du terrain, qui ne connaît pas les irritants.
    """
    irritants = Irritant.objects.filter(preuves__observation=observation).order_by("pk")
    for irritant in irritants:
        preuve_retirer(
            acteur=acteur, irritant=irritant, observation=observation, motif=f"Observation retirée : {motif}"
        )
    return len(irritants)


@transaction.atomic
def irritants_fusionner(*, acteur, source: Irritant, cible: Irritant) -> Irritant:
    """Fusionne `source` dans `cible` : toutes les observations de la source passent à la cible, sans doublon.

    La source reste en base, marquée `fusionne_dans=cible` (sa page redirige vers la cible), et les
    irritants déjà fusionnés dans la source sont redirigés vers la cible : une redirection, jamais deux.
    """
    _exiger(acteur, "irritants.coder")
    if source.pk == cible.pk:
        raise ValidationError("Un irritant ne peut pas être fusionné avec lui-même.", code="meme_irritant")
    # Relit les deux lignes sous verrou : deux fusions simultanées ne peuvent pas se croiser.
    verrouilles = Irritant.objects.select_for_update().in_bulk([source.pk, cible.pk])
    source_recue, source, cible = source, verrouilles[source.pk], verrouilles[cible.pk]
    if source.experimentation_id != cible.experimentation_id:
        raise ValidationError(
            "Les deux irritants appartiennent à des expérimentations différentes : fusion impossible.",
            code="autre_experimentation",
        )
    for irritant in (source, cible):
        if irritant.fusionne_dans_id:
            raise ValidationError(
                f"L'irritant « {irritant.titre} » a déjà été fusionné dans un autre : fusion impossible.",
                code="irritant_fusionne",
            )
        _verifier_actif(irritant)

    deja_dans_la_cible = Preuve.objects.filter(irritant=cible).values("observation_id")
    # Les preuves que la cible n'a pas encore gardent leur auteur et leur date de codage.
    Preuve.objects.filter(irritant=source).exclude(observation_id__in=deja_dans_la_cible).update(irritant=cible)
    Preuve.objects.filter(irritant=source).delete()

    Irritant.objects.filter(fusionne_dans=source).update(fusionne_dans=cible)
    source.fusionne_dans = source_recue.fusionne_dans = cible
    source.save(update_fields=["fusionne_dans"])
    _journaliser(ActionCodage.FUSION, cible, acteur, autre_irritant=source)
    return cible
