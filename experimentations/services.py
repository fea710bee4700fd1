import datetime

from django.db import transaction

from experimentations.enums import TypePhase
from experimentations.models import Experimentation, Phase
from territoire.models import Territoire


@transaction.atomic
def experimentation_enregistrer(
    *,
    slug: str,
    nom: str,
    territoire: Territoire,
    date_lancement: datetime.date,
    date_echeance_promesses: datetime.date,
    phases: list[dict],
    **champs,
) -> Experimentation:
    """Crée ou met à jour une expérimentation et ses phases (idempotent : rejouer ne change rien).

    `phases` : dictionnaires avec `type` (TypePhase), `nom`, `date_debut`, `date_fin`, `description`.
    """
    experimentation, _ = Experimentation.objects.update_or_create(
        slug=slug,
        defaults={
            "nom": nom,
            "territoire": territoire,
            "date_lancement": date_lancement,
            "date_echeance_promesses": date_echeance_promesses,
            **champs,
        },
    )
    for phase in phases:
        Phase.objects.update_or_create(
            experimentation=experimentation,
            type=TypePhase(phase["type"]),
            defaults={k: v for k, v in phase.items() if k != "type"},
        )
    return experimentation
