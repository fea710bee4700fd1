"""Écritures sur les irritants : création, rattachement et détachement d'observations, fusion.

Chaque service prend l'utilisateur qui agit (`acteur`) et écrit sa ligne au journal du codage
(`EvenementCodage`) dans la même transaction : pas de preuve sans trace, pas de trace sans preuve.
Une erreur métier lève `ValidationError` avec un message en français, et rien n'est écrit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from irritants.enums import ActionCodage, Gravite
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from terrain.models import Observation


def _verifier_actif(irritant: Irritant) -> None:
    if irritant.fusionne_dans_id:
        raise ValidationError(
            f"L'irritant « {irritant.titre} » a été fusionné dans un autre : utilisez l'irritant qui le remplace.",
            code="irritant_fusionne",
        )


def _verifier_meme_experimentation(irritant: Irritant, observation: Observation) -> None:
    if irritant.experimentation_id != observation.experimentation_id:
        raise ValidationError(
            "Cette observation appartient à une autre expérimentation que l'irritant : rattachement impossible.",
            code="autre_experimentation",
        )


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
) -> Irritant:
    """Crée un irritant (et y rattache `observation` si elle est donnée)."""
    irritant = Irritant(
        experimentation=experimentation,
        titre=(titre or "").strip(),
        theme=theme,
        gravite=gravite,
        description=(description or "").strip(),
    )
    irritant.full_clean()
    irritant.save()
    EvenementCodage.objects.create(action=ActionCodage.CREATION, irritant=irritant, par=acteur)
    if observation is not None:
        preuve_ajouter(acteur=acteur, irritant=irritant, observation=observation)
    return irritant


@transaction.atomic
def preuve_ajouter(*, acteur, irritant: Irritant, observation: Observation) -> tuple[Preuve, bool]:
    """Rattache l'observation à l'irritant. Idempotent : la rattacher deux fois ne change rien.

    Renvoie la preuve et un booléen, vrai si elle vient d'être créée (et journalisée).
    """
    _verifier_actif(irritant)
    _verifier_meme_experimentation(irritant, observation)
    preuve, cree = Preuve.objects.get_or_create(
        irritant=irritant, observation=observation, defaults={"code_par": acteur}
    )
    if cree:
        EvenementCodage.objects.create(
            action=ActionCodage.RATTACHEMENT, irritant=irritant, observation=observation, par=acteur
        )
    return preuve, cree


@transaction.atomic
def preuve_retirer(*, acteur, irritant: Irritant, observation: Observation) -> bool:
    """Détache l'observation de l'irritant ; renvoie False si elle n'y était pas rattachée (rien n'est écrit)."""
    supprimees, _detail = Preuve.objects.filter(irritant=irritant, observation=observation).delete()
    if supprimees:
        EvenementCodage.objects.create(
            action=ActionCodage.DETACHEMENT, irritant=irritant, observation=observation, par=acteur
        )
    return bool(supprimees)


@transaction.atomic
def irritants_fusionner(*, acteur, source: Irritant, cible: Irritant) -> Irritant:
    """Fusionne `source` dans `cible` : toutes les observations de la source passent à la cible, sans doublon.

    La source reste en base, marquée `fusionne_dans=cible` (sa page redirige vers la cible), et les
    irritants déjà fusionnés dans la source sont redirigés vers la cible : une redirection, jamais deux.
    """
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

    deja_dans_la_cible = Preuve.objects.filter(irritant=cible).values("observation_id")
    # Les preuves que la cible n'a pas encore gardent leur auteur et leur date de codage.
    Preuve.objects.filter(irritant=source).exclude(observation_id__in=deja_dans_la_cible).update(irritant=cible)
    Preuve.objects.filter(irritant=source).delete()

    Irritant.objects.filter(fusionne_dans=source).update(fusionne_dans=cible)
    source.fusionne_dans = source_recue.fusionne_dans = cible
    source.save(update_fields=["fusionne_dans"])
    EvenementCodage.objects.create(action=ActionCodage.FUSION, irritant=cible, autre_irritant=source, par=acteur)
    return cible
