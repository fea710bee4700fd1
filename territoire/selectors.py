"""Lectures partagées par les pages publiques du territoire, en un nombre de requêtes borné.

La page d'un territoire fait trois requêtes quel que soit le nombre de communes (le territoire,
ses appartenances avec communes et EPCI, ses lieux d'accueil) ; les totaux se calculent en Python
sur ces lignes déjà chargées.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from commun.textes import normaliser
from territoire.enums import TypeLieuAccueil
from territoire.models import AppartenanceTerritoire, Commune, Epci, LieuAccueil, Territoire

TERRITOIRE_PRINCIPAL_PAR_DEFAUT = "bassin-de-vie-cahors"
CODE_INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}")


def slug_territoire_principal() -> str:
    return getattr(settings, "TERRITOIRE_PRINCIPAL", TERRITOIRE_PRINCIPAL_PAR_DEFAUT)


def territoire_principal() -> Territoire | None:
    """Le territoire de l'expérimentation (réglage TERRITOIRE_PRINCIPAL), à défaut le premier territoire."""
    return Territoire.objects.filter(slug=slug_territoire_principal()).first() or Territoire.objects.first()


@dataclass
class VueTerritoire:
    territoire: Territoire
    appartenances: list[AppartenanceTerritoire]
    communes: list[Commune]
    """Les communes d'aujourd'hui, sans doublon, par nom."""
    lieux: list[LieuAccueil]
    """Les lieux d'accueil hors mairies, par type puis commune."""
    epcis: list[tuple[Epci | None, int]] = field(default_factory=list)
    """Chaque EPCI avec son nombre de communes actuelles dans le territoire (None : sans EPCI)."""

    @property
    def nb_communes_millesime(self) -> int:
        return len(self.appartenances)

    @property
    def nb_communes_actuelles(self) -> int:
        return len(self.communes)

    @property
    def population_totale(self) -> int:
        return sum(commune.population or 0 for commune in self.communes)

    @property
    def nb_epci(self) -> int:
        return len([epci for epci, _nombre in self.epcis if epci is not None])

    @property
    def anciennes_communes(self) -> list[Commune]:
        """Les communes de la géographie du territoire qui ont fusionné depuis (quand elles sont importées).

        Une commune déjà nouvelle à la date du territoire (Les Pechs du Vers en 2016) n'en fait pas partie,
        même si une commune déléguée porte son code."""
        return [a.commune_historique for a in self.appartenances if a.commune_historique_id and a.a_fusionne]


def territoire_vue(territoire: Territoire, *, contours: bool = True) -> VueTerritoire:
    """`contours=False` pour une page qui n'affiche que des chiffres : les géométries (le plus gros des
    lignes) ne sont pas lues."""
    appartenances = territoire.appartenances.select_related("commune", "commune__epci", "commune_historique")
    if not contours:
        appartenances = appartenances.defer("commune__geometrie", "commune_historique__geometrie")
    appartenances = sorted(appartenances, key=lambda a: (normaliser(a.nom), a.code_insee))
    communes_par_id = {a.commune_id: a.commune for a in appartenances}
    communes = sorted(communes_par_id.values(), key=lambda c: (normaliser(c.nom), c.code_insee))
    lieux = list(
        LieuAccueil.objects.filter(commune__appartenances__territoire=territoire)
        .exclude(type=TypeLieuAccueil.MAIRIE)
        .select_related("commune")
        .distinct()
    )
    libelles = dict(TypeLieuAccueil.choices)
    lieux.sort(
        key=lambda lieu: (libelles.get(lieu.type, lieu.type), normaliser(lieu.commune.nom), normaliser(lieu.nom))
    )

    nombres = Counter(commune.epci_id for commune in communes)
    epcis = {commune.epci_id: commune.epci for commune in communes}
    par_epci = sorted(
        ((epcis[epci_id], nombre) for epci_id, nombre in nombres.items()),
        key=lambda paire: (paire[0] is None, normaliser(paire[0].nom) if paire[0] else ""),
    )
    return VueTerritoire(
        territoire=territoire, appartenances=appartenances, communes=communes, lieux=lieux, epcis=par_epci
    )


def commune_par_code(code_insee: str) -> Commune | None:
    """La commune actuelle de ce code, sinon l'ancienne (déléguée ou associée) ; None si inconnu ou mal formé."""
    if not CODE_INSEE.fullmatch(code_insee or ""):
        return None
    communes = Commune.objects.select_related("epci", "parent", "parent__epci").filter(code_insee=code_insee)
    # COM avant COMA et COMD : l'ordre alphabétique des types suffit.
    return communes.order_by("type").first()


SUGGESTIONS_MAX = 10


def _communes_actuelles_legeres():
    return Commune.objects.actuelles().only("pk", "code_insee", "nom", "nom_normalise", "type")


def communes_chercher(
    recherche: str, *, territoire: Territoire | None, limite: int = SUGGESTIONS_MAX
) -> list[Commune]:
    """Les communes actuelles dont le nom contient la recherche (sans accents ni majuscules) ou dont le code commence
    par elle : celles du territoire d'abord (celles dont le nom commence par la recherche en tête), puis les autres
    communes de France s'il reste de la place. Deux requêtes au plus, sur la colonne `nom_normalise`."""
    recherche = (recherche or "").strip()
    cle = normaliser(recherche)
    if len(cle) < 2:
        return []
    trouvees = _communes_actuelles_legeres().filter(
        Q(nom_normalise__contains=cle) | Q(code_insee__startswith=recherche.upper())
    )
    locales: list[Commune] = []
    if territoire is not None:
        locales = list(trouvees.filter(appartenances__territoire=territoire).distinct())
        locales.sort(key=lambda c: (not c.nom_normalise.startswith(cle), c.nom_normalise, c.code_insee))
        locales = locales[:limite]
    if len(locales) < limite:
        autres = trouvees.exclude(pk__in=[c.pk for c in locales]).order_by("nom_normalise", "code_insee")
        locales += list(autres[: limite - len(locales)])
    return locales


@dataclass
class CommunesParNom:
    trouvees: dict[str, Commune]
    """Par nom normalisé : la seule commune qui le porte (dans le territoire d'abord, sinon en France)."""
    ambigus: dict[str, list[Commune]]
    """Par nom normalisé : les communes qui le partagent (il faut alors le code INSEE)."""


def communes_par_noms(noms: list[str], *, territoire: Territoire | None) -> CommunesParNom:
    """Les communes actuelles désignées par leur nom exact (sans accents ni majuscules), en deux requêtes au plus.

    Un nom porté par une seule commune du territoire la désigne ; sinon un nom porté par une seule commune de
    France ; un nom partagé (dans le territoire, ou hors du territoire) est ambigu."""
    cles = {normaliser(nom) for nom in noms if normaliser(nom)}
    resultat = CommunesParNom({}, {})
    if not cles:
        return resultat
    a_chercher = set(cles)
    if territoire is not None:
        locales = _communes_actuelles_legeres().filter(appartenances__territoire=territoire, nom_normalise__in=cles)
        _ranger(resultat, locales.distinct().order_by("code_insee"))
        a_chercher -= resultat.trouvees.keys() | resultat.ambigus.keys()
    if a_chercher:
        _ranger(resultat, _communes_actuelles_legeres().filter(nom_normalise__in=a_chercher).order_by("code_insee"))
    return resultat


def _ranger(resultat: CommunesParNom, communes) -> None:
    par_nom: dict[str, list[Commune]] = {}
    for commune in communes:
        par_nom.setdefault(commune.nom_normalise, []).append(commune)
    for cle, liste in par_nom.items():
        if len(liste) == 1:
            resultat.trouvees[cle] = liste[0]
        else:
            resultat.ambigus[cle] = liste


@dataclass
class AppartenanceAffichee:
    territoire: Territoire
    noms_millesime: list[tuple[str, str]]
    """(code, nom) de la commune dans la géographie du territoire, quand ils diffèrent d'aujourd'hui."""
    est_principal: bool


@dataclass
class VueCommune:
    commune: Commune
    communes_deleguees: list[Commune]
    lieux: list[LieuAccueil]
    territoires: list[AppartenanceAffichee]


def commune_vue(commune: Commune) -> VueCommune:
    if commune.est_actuelle:
        communes_deleguees = sorted(commune.communes_deleguees.all(), key=lambda c: normaliser(c.nom))
        lieux = list(commune.lieux_accueil.exclude(type=TypeLieuAccueil.MAIRIE))
        appartenances = AppartenanceTerritoire.objects.filter(commune=commune)
    else:
        communes_deleguees = []
        lieux = []
        appartenances = AppartenanceTerritoire.objects.filter(commune_historique=commune)
    libelles = dict(TypeLieuAccueil.choices)
    lieux.sort(key=lambda lieu: (libelles.get(lieu.type, lieu.type), normaliser(lieu.nom)))

    slug_principal = slug_territoire_principal()
    territoires: dict[int, AppartenanceAffichee] = {}
    for appartenance in appartenances.select_related("territoire").order_by("territoire__nom", "nom"):
        affichee = territoires.setdefault(
            appartenance.territoire_id,
            AppartenanceAffichee(appartenance.territoire, [], appartenance.territoire.slug == slug_principal),
        )
        if (appartenance.code_insee, appartenance.nom) != (commune.code_insee, commune.nom):
            affichee.noms_millesime.append((appartenance.code_insee, appartenance.nom))
    return VueCommune(
        commune=commune, communes_deleguees=communes_deleguees, lieux=lieux, territoires=list(territoires.values())
    )
