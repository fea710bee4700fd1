"""Les sections que les apps du dessus ajoutent à la page d'accueil, sans que `experimentations` les importe.

Les apps dépendent dans un seul sens (`experimentations ← … ← ateliers`) : l'accueil ne connaît pas la
co-construction. Une app du dessus enregistre, dans son `AppConfig.ready()`, une fonction qui reçoit
l'expérimentation montrée et rend une `Section` (un gabarit et son contexte), ou None pour ne rien montrer :

    from experimentations import sections

    sections.section_enregistrer("coconstruction", equipes_accueil, ordre=10, invalidee_par=(Equipe, Cycle))

L'accueil (`experimentations.views.accueil`) rend les sections dans l'ordre. Il est gardé en cache pour le public
(`commun.cache.page_publique`, sujet « experimentations ») : `invalidee_par` nomme les modèles dont une écriture
doit le faire recalculer (branchés par `commun.cache.invalider_a_l_ecriture`). Une écriture en masse
(`update`, `bulk_create`) ne passe pas par les signaux : le service appelle alors `accueil_invalider()`.

Une section ne montre que ce qui est publié : l'accueil est la même page pour tous ses visiteurs anonymes. Sa
fonction fait un nombre fixe de requêtes, quel que soit le nombre de lignes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from commun.cache import invalider, invalider_a_l_ecriture

SUJET = "experimentations"
"""Le sujet de cache de la page d'accueil (`experimentations/urls.py`) que les sections invalident."""


@dataclass(frozen=True)
class Section:
    gabarit: str
    contexte: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Enregistrement:
    nom: str
    fonction: Callable
    ordre: int


_SECTIONS: dict[str, _Enregistrement] = {}


def section_enregistrer(nom: str, fonction: Callable, *, ordre: int = 100, invalidee_par=()) -> None:
    """Ajoute (ou remplace, sous le même nom : `ready()` peut être rappelé) une section de l'accueil."""
    _SECTIONS[nom] = _Enregistrement(nom, fonction, ordre)
    for modele in invalidee_par:
        invalider_a_l_ecriture(modele, SUJET)


def section_retirer(nom: str) -> None:
    _SECTIONS.pop(nom, None)


def accueil_invalider() -> None:
    """L'accueil sera recalculé à la prochaine lecture (après une écriture qui ne passe pas par les signaux)."""
    invalider(SUJET)


def sections_de(experimentation) -> list[Section]:
    """Les sections de l'accueil pour cette expérimentation, dans l'ordre ; celles qui n'ont rien à montrer
    (None) sont omises."""
    rendues = []
    for enregistrement in sorted(_SECTIONS.values(), key=lambda e: (e.ordre, e.nom)):
        section = enregistrement.fonction(experimentation)
        if section is not None:
            rendues.append(section)
    return rendues
