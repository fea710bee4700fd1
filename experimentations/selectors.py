import datetime
from dataclasses import dataclass

from django.urls import reverse

from experimentations.enums import TypePhase
from experimentations.models import Experimentation, Phase


def experimentations_publiques():
    """Les expérimentations, la plus récente d'abord, avec territoire et phases chargés (2 requêtes)."""
    return Experimentation.objects.select_related("territoire").prefetch_related("phases").order_by("-date_lancement")


def experimentations() -> list[Experimentation]:
    """Toutes les expérimentations, la plus récente d'abord (une requête)."""
    return list(Experimentation.objects.select_related("territoire").order_by("-date_lancement", "-pk"))


def experimentation_choisir(liste: list[Experimentation], slug: str | None) -> Experimentation | None:
    """L'expérimentation demandée par son identifiant, sinon la plus récente ; None si l'identifiant est inconnu."""
    if not slug:
        return liste[0] if liste else None
    return next((e for e in liste if e.slug == slug), None)


# Ce que le site montre de chaque phase. Une page qui ouvre = une ligne ajoutée à PAGES_DES_PHASES
# (nom d'URL, libellé) et sa phrase retirée de EN_PREPARATION. Les noms d'URL sont des chaînes :
# cette app ne dépend pas des apps qui portent ces pages.
PAGES_DES_PHASES = {
    TypePhase.DIAGNOSTIC: [
        ("irritants:synthese", "Les irritants relevés sur le terrain"),
        ("territoire:index", "Le territoire et ses lieux d'accueil"),
    ],
    TypePhase.SEMINAIRE: [
        ("personas:liste", "Les personas et leurs lettres d'interpellation"),
        ("ateliers:seminaire_courant", "Le séminaire du 7 février : ateliers et lettres d'engagement"),
    ],
    TypePhase.CO_CONSTRUCTION: [
        ("ateliers:equipes", "Les trois équipes et leurs cycles de co-construction"),
        ("ateliers:laboratoire", "Les séances du laboratoire, ouvertes au public"),
    ],
    TypePhase.SUIVI: [("promesses:tableau", "Le tableau de bord public des promesses")],
}
EN_PREPARATION: dict = {}


@dataclass(frozen=True)
class EtapeFrise:
    phase: Phase
    statut: str
    liens: list[tuple[str, str]]  # (libellé, adresse) des pages qui existent
    en_preparation: str  # ce qui n'existe pas encore, dit simplement ("" quand tout est en ligne)


def frise(phases, aujourd_hui: datetime.date) -> list[EtapeFrise]:
    """Les phases (déjà chargées) avec leur statut du jour et ce que le site en montre."""
    return [
        EtapeFrise(
            phase=phase,
            statut=phase.statut(aujourd_hui),
            liens=[(libelle, reverse(nom)) for nom, libelle in PAGES_DES_PHASES.get(phase.type, [])],
            en_preparation=EN_PREPARATION.get(phase.type, ""),
        )
        for phase in phases
    ]
