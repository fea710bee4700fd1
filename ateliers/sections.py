"""Ce que les ateliers ajoutent à la page d'accueil (registre `experimentations.sections`, branché dans
`AteliersConfig.ready`) : l'avancée publique des équipes de co-construction."""

from ateliers import selectors
from experimentations.sections import Section


def equipes_accueil(experimentation) -> Section | None:
    """Les équipes publiées et leurs cycles publiés (le public ne voit que cela) ; rien si aucune équipe."""
    equipes = selectors.equipes_accueil(experimentation)
    if not equipes:
        return None
    return Section("ateliers/includes/_accueil_equipes.html", {"equipes": equipes})
