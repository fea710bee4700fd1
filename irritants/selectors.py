"""Lectures des irritants, en un nombre de requêtes borné quel que soit le nombre de lignes.

- Les décomptes d'un irritant (observations, verbatims, entretiens, immersions, sources) sont des
  agrégats SQL sur ses preuves (`Count(..., distinct=True)`, comptes conditionnels `filter=Q(...)`),
  calculés pour tous les irritants en une requête.
- Les répartitions par public et par commune sont chacune une requête groupée pour tous les irritants.
- Les verbatims publiables montrés sur la synthèse (trois par irritant au plus) sont choisis en SQL par
  une fonction de fenêtre.

Le public anonyme ne voit que les titres, thèmes, décomptes, communes, répartitions et les verbatims
« publiables » : jamais le texte d'une observation. `voir_tout` (règle `irritants.voir_tout`) ouvre le reste.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from commun.textes import normaliser
from experimentations.models import Experimentation
from irritants.models import EvenementCodage, Irritant, Preuve, Theme, cle_titre
from terrain import selectors as terrain_selectors
from terrain.enums import Origine, SourceObservation, StatutPublication
from terrain.models import Observation, Verbatim
from territoire import carte as cartographie
from territoire.models import AppartenanceTerritoire, Commune

VERBATIMS_PAR_IRRITANT = 3
OBSERVATIONS_PAR_PAGE_DE_CODAGE = 10

# Couleurs de la petite carte : bleu France pour les communes concernées, gris clair pour les autres.
COULEUR_CONCERNEE = "#000091"
COULEUR_AUTRE = "#dddddd"


def lien_observations(**filtres) -> str:
    """L'adresse de la liste des observations (facilitateurs), filtrée : `?irritant=12&public=personnes-agees`."""
    parametres = {cle: valeur for cle, valeur in filtres.items() if valeur not in (None, "")}
    return f"{reverse('observations:liste')}?{urlencode(parametres)}"


# --- Décomptes ------------------------------------------------------------------------------------------


# Où mène un nombre pour le public : la section de la page de l'irritant qui montre ce qui est public.
SECTIONS_PUBLIQUES = {"public": "publics", "source": "sources", "origine": "sources", "commune": "communes"}


@dataclass(frozen=True)
class LiensIrritant:
    """Où mène chaque nombre d'un irritant.

    Facilitateurs : la liste des observations, filtrée. Public (qui ne voit pas le texte des observations) :
    la section de la page de l'irritant qui détaille ce nombre.
    """

    pk: int
    voir_tout: bool

    def _lien(self, section: str, **filtres) -> str:
        if self.voir_tout:
            return lien_observations(irritant=self.pk, **filtres)
        return f"{reverse('irritants:detail', kwargs={'pk': self.pk})}#{section}"

    @property
    def observations(self) -> str:
        return self._lien("sources")

    @property
    def verbatims(self) -> str:
        return self._lien("verbatims", avec_verbatim="true")

    @property
    def sources(self) -> str:
        return self._lien("sources")

    @property
    def entretiens(self) -> str:
        return self._lien("sources", origine="entretien")

    @property
    def immersions(self) -> str:
        return self._lien("sources", origine="immersion")

    @property
    def communes(self) -> str:
        return self._lien("communes")

    @property
    def publics(self) -> str:
        return self._lien("publics")


@dataclass(frozen=True)
class Ligne:
    """Une ligne d'une répartition : un public, une source, une origine ou une commune, et son nombre."""

    irritant_id: int
    parametre: str
    valeur: str
    libelle: str
    nombre: int
    sources: int | None = None  # pour les origines : entretiens ou immersions distincts
    voir_tout: bool = False

    @property
    def url(self) -> str:
        if self.voir_tout:
            return lien_observations(irritant=self.irritant_id, **{self.parametre: self.valeur})
        return f"{reverse('irritants:detail', kwargs={'pk': self.irritant_id})}#{SECTIONS_PUBLIQUES[self.parametre]}"


def irritants_annotes(queryset: QuerySet | None = None) -> QuerySet:
    """Les irritants avec leurs décomptes, en une requête (preuves et verbatims joints, comptes distincts)."""
    queryset = Irritant.objects.all() if queryset is None else queryset
    obs = "preuves__observation"
    sans_origine = Q(**{f"{obs}__entretien__isnull": True, f"{obs}__immersion__isnull": True})
    return queryset.select_related("theme").annotate(
        nb_observations=Count(obs, distinct=True),
        nb_entretiens=Count(f"{obs}__entretien", distinct=True),
        nb_immersions=Count(f"{obs}__immersion", distinct=True),
        nb_observations_entretien=Count(obs, filter=Q(**{f"{obs}__entretien__isnull": False}), distinct=True),
        nb_observations_immersion=Count(obs, filter=Q(**{f"{obs}__immersion__isnull": False}), distinct=True),
        nb_observations_terrain=Count(obs, filter=sans_origine, distinct=True),
        nb_usager=Count(obs, filter=Q(**{f"{obs}__source": SourceObservation.USAGER}), distinct=True),
        nb_rapporte=Count(obs, filter=Q(**{f"{obs}__source": SourceObservation.RAPPORTE}), distinct=True),
        nb_constat=Count(obs, filter=Q(**{f"{obs}__source": SourceObservation.CONSTAT}), distinct=True),
        nb_verbatims_tous=Count(f"{obs}__verbatims", distinct=True),
        nb_verbatims_publiables=Count(
            f"{obs}__verbatims",
            filter=Q(**{f"{obs}__verbatims__statut": StatutPublication.PUBLIABLE}),
            distinct=True,
        ),
    )


def _repartition_publics(filtre: Q, *, voir_tout: bool) -> dict[int, list[Ligne]]:
    """Par irritant, chaque public concerné et son nombre d'observations (une requête groupée)."""
    lignes = (
        Preuve.objects.filter(filtre, observation__publics__isnull=False)
        .values(
            "irritant_id",
            slug=F("observation__publics__slug"),
            nom=F("observation__publics__nom"),
            ordre=F("observation__publics__ordre"),
        )
        .annotate(nombre=Count("observation", distinct=True))
        .order_by()
    )
    par_irritant = defaultdict(list)
    for ligne in sorted(lignes, key=lambda ligne: (ligne["ordre"], normaliser(ligne["nom"]))):
        par_irritant[ligne["irritant_id"]].append(
            Ligne(ligne["irritant_id"], "public", ligne["slug"], ligne["nom"], ligne["nombre"], voir_tout=voir_tout)
        )
    return par_irritant


def _repartition_communes(filtre: Q, *, voir_tout: bool) -> dict[int, list[Ligne]]:
    """Par irritant, chaque commune concernée et son nombre d'observations, la plus citée d'abord."""
    lignes = (
        Preuve.objects.filter(filtre, observation__communes__isnull=False)
        .values("irritant_id", code=F("observation__communes__code_insee"), nom=F("observation__communes__nom"))
        .annotate(nombre=Count("observation", distinct=True))
        .order_by()
    )
    par_irritant = defaultdict(list)
    for ligne in sorted(lignes, key=lambda ligne: (-ligne["nombre"], normaliser(ligne["nom"]), ligne["code"])):
        par_irritant[ligne["irritant_id"]].append(
            Ligne(ligne["irritant_id"], "commune", ligne["code"], ligne["nom"], ligne["nombre"], voir_tout=voir_tout)
        )
    return par_irritant


def _repartition_sources(irritant: Irritant, *, voir_tout: bool) -> list[Ligne]:
    nombres = {
        SourceObservation.USAGER: irritant.nb_usager,
        SourceObservation.RAPPORTE: irritant.nb_rapporte,
        SourceObservation.CONSTAT: irritant.nb_constat,
    }
    return [
        Ligne(irritant.pk, "source", source.value, source.label, nombres[source], voir_tout=voir_tout)
        for source in SourceObservation
    ]


def _repartition_origines(irritant: Irritant, *, voir_tout: bool) -> list[Ligne]:
    """Par origine : le nombre d'observations et de sources distinctes (entretiens, immersions)."""
    nombres = {
        Origine.ENTRETIEN: (irritant.nb_observations_entretien, irritant.nb_entretiens),
        Origine.IMMERSION: (irritant.nb_observations_immersion, irritant.nb_immersions),
        # Une saisie de terrain, hors entretien et immersion, est sa propre source.
        Origine.TERRAIN: (irritant.nb_observations_terrain, irritant.nb_observations_terrain),
    }
    return [
        Ligne(irritant.pk, "origine", origine.value, origine.label, *nombres[origine], voir_tout=voir_tout)
        for origine in Origine
    ]


def _completer(irritant: Irritant, *, voir_tout: bool, publics, communes) -> Irritant:
    """Ajoute à un irritant annoté ses répartitions, ses liens et les décomptes visibles de ce lecteur."""
    irritant.liens = LiensIrritant(irritant.pk, voir_tout)
    irritant.publics_concernes = publics.get(irritant.pk, [])
    irritant.communes_concernees = communes.get(irritant.pk, [])
    irritant.nb_publics = len(irritant.publics_concernes)
    irritant.nb_communes = len(irritant.communes_concernees)
    irritant.repartition_sources = _repartition_sources(irritant, voir_tout=voir_tout)
    irritant.repartition_origines = _repartition_origines(irritant, voir_tout=voir_tout)
    # Sources distinctes : chaque entretien, chaque immersion et chaque observation de terrain compte pour une.
    irritant.nb_sources = irritant.nb_entretiens + irritant.nb_immersions + irritant.nb_observations_terrain
    irritant.nb_verbatims = irritant.nb_verbatims_tous if voir_tout else irritant.nb_verbatims_publiables
    irritant.verbatims_choisis = []
    irritant.preuves_choisies = []
    return irritant


def _cle_classement(irritant: Irritant):
    """Le plus d'observations d'abord ; à égalité, le plus de sources distinctes, puis le plus grave."""
    return (
        -irritant.nb_observations,
        -irritant.nb_sources,
        -irritant.gravite,
        normaliser(irritant.titre),
        irritant.pk,
    )


# --- Synthèse -------------------------------------------------------------------------------------------


@dataclass
class ThemeSynthese:
    theme: Theme
    irritants: list[Irritant] = field(default_factory=list)


@dataclass
class Synthese:
    experimentation: Experimentation
    themes: list[ThemeSynthese]

    @property
    def nb_irritants(self) -> int:
        return sum(len(theme.irritants) for theme in self.themes)

    nb_observations: int = 0
    """Les observations distinctes qui fondent au moins un irritant."""


def synthese(experimentation: Experimentation, *, voir_tout: bool) -> Synthese:
    """Les thèmes (dans leur ordre), chacun avec ses irritants actifs classés par nombre d'observations.

    Sept requêtes au plus quel que soit le nombre d'irritants : thèmes, irritants annotés, répartitions
    par public et par commune, verbatims publiables choisis, nombre total d'observations codées et,
    pour les facilitateurs, les dernières observations de chaque irritant.
    """
    visibles = Irritant.objects.visibles(voir_tout=voir_tout).filter(experimentation=experimentation)
    filtre = Q(irritant__in=visibles.values("pk"))
    irritants = irritants_completes(visibles, voir_tout=voir_tout)
    par_id = {irritant.pk: irritant for irritant in irritants}
    if voir_tout:
        for preuve in _preuves_choisies(filtre):
            par_id[preuve.irritant_id].preuves_choisies.append(preuve)

    themes = {theme.pk: ThemeSynthese(theme) for theme in Theme.objects.all()}
    for irritant in sorted(irritants, key=_cle_classement):
        themes[irritant.theme_id].irritants.append(irritant)
    nb_observations = Preuve.objects.filter(filtre).values("observation_id").distinct().count()
    return Synthese(experimentation=experimentation, themes=list(themes.values()), nb_observations=nb_observations)


def irritants_completes(
    visibles: QuerySet, *, voir_tout: bool, verbatims_max: int = VERBATIMS_PAR_IRRITANT
) -> list[Irritant]:
    """Les irritants `visibles` annotés de leurs décomptes, complétés de leurs répartitions (par public, par
    commune, par source et par origine), de leurs liens vers les preuves et d'au plus `verbatims_max`
    verbatims publiables chacun (`verbatims_choisis`), dans l'ordre du queryset.

    Quatre requêtes quel que soit leur nombre : irritants annotés, répartitions par public et par commune,
    verbatims publiables choisis. La synthèse et les pages des personas la partagent.
    """
    filtre = Q(irritant__in=visibles.values("pk"))
    publics = _repartition_publics(filtre, voir_tout=voir_tout)
    communes = _repartition_communes(filtre, voir_tout=voir_tout)
    irritants = [
        _completer(irritant, voir_tout=voir_tout, publics=publics, communes=communes)
        for irritant in irritants_annotes(visibles)
    ]
    par_id = {irritant.pk: irritant for irritant in irritants}
    for verbatim in _verbatims_choisis(filtre, verbatims_max=verbatims_max):
        par_id[verbatim.irritant_id].verbatims_choisis.append(verbatim)
    return irritants


def _verbatims_choisis(filtre_preuves: Q, *, verbatims_max: int = VERBATIMS_PAR_IRRITANT) -> list[Verbatim]:
    """Au plus `verbatims_max` verbatims publiables par irritant, en une requête (fonction de fenêtre)."""
    return list(
        Verbatim.objects.publiables()
        .filter(observation__preuves__in=Preuve.objects.filter(filtre_preuves))
        .annotate(
            irritant_id=F("observation__preuves__irritant_id"),
            rang=Window(RowNumber(), partition_by=F("observation__preuves__irritant_id"), order_by=F("pk").asc()),
        )
        .filter(rang__lte=verbatims_max)
        .select_related("commune")
        .defer("commune__geometrie", "commune__mairie_horaires")
        .order_by("pk")
    )


def _preuves_choisies(filtre_preuves: Q) -> list[Preuve]:
    """Les dernières observations de chaque irritant (au plus VERBATIMS_PAR_IRRITANT), en une requête."""
    return list(
        Preuve.objects.filter(filtre_preuves)
        .annotate(
            rang=Window(
                RowNumber(),
                partition_by=F("irritant_id"),
                order_by=[F("observation__date").desc(), F("observation_id").desc()],
            )
        )
        .filter(rang__lte=VERBATIMS_PAR_IRRITANT)
        .select_related("observation")
        .order_by("-observation__date", "-observation_id")
    )


# --- Page d'un irritant ---------------------------------------------------------------------------------


@dataclass
class VueIrritant:
    irritant: Irritant
    verbatims: list[Verbatim]
    """Facilitateurs : tous les verbatims ; public : les seuls publiables."""
    preuves: list[Preuve]
    """Facilitateurs seulement : les observations rattachées, avec qui les a codées."""
    carte: cartographie.Carte | None
    fusionnes: list[Irritant]


def irritant_remplacant(pk: int, *, voir_tout: bool) -> Irritant | None:
    """L'irritant visible qui remplace l'irritant fusionné `pk` (None si `pk` n'existe pas, n'est pas fusionné, ou
    si son remplaçant n'est pas visible de ce lecteur).

    La fusion redirige les irritants déjà fusionnés vers la nouvelle cible : une étape suffit d'ordinaire ;
    la boucle, bornée, couvre les données antérieures.
    """
    irritant = Irritant.objects.filter(pk=pk).only("pk", "fusionne_dans_id").first()
    if irritant is None or not irritant.fusionne_dans_id:
        return None
    for _etape in range(10):
        if not irritant.fusionne_dans_id:
            return Irritant.objects.visibles(voir_tout=voir_tout).filter(pk=irritant.pk).only("pk").first()
        irritant = Irritant.objects.filter(pk=irritant.fusionne_dans_id).only("pk", "fusionne_dans_id").first()
    return None


def irritant_vue(irritant_pk: int, *, voir_tout: bool) -> VueIrritant | None:
    """Tout ce que montre la page d'un irritant actif, en un nombre de requêtes fixe (None s'il n'existe pas)."""
    irritant = (
        irritants_annotes(Irritant.objects.visibles(voir_tout=voir_tout).filter(pk=irritant_pk))
        .select_related("experimentation__territoire")
        .first()
    )
    if irritant is None:
        return None
    filtre = Q(irritant_id=irritant.pk)
    _completer(
        irritant,
        voir_tout=voir_tout,
        publics=_repartition_publics(filtre, voir_tout=voir_tout),
        communes=_repartition_communes(filtre, voir_tout=voir_tout),
    )
    verbatims = Verbatim.objects.filter(observation__preuves__irritant=irritant).select_related("commune")
    verbatims = verbatims.defer("commune__geometrie", "commune__mairie_horaires").order_by("pk")
    if not voir_tout:
        verbatims = verbatims.publiables()

    preuves = []
    if voir_tout:
        preuves = list(
            Preuve.objects.filter(irritant=irritant)
            .select_related("observation", "observation__entretien", "observation__immersion__lieu", "code_par")
            .prefetch_related(
                Prefetch("observation__communes", queryset=Commune.objects.only("pk", "code_insee", "nom")),
                "observation__publics",
            )
            .order_by("-observation__date", "-observation__pk")
        )
    return VueIrritant(
        irritant=irritant,
        verbatims=list(verbatims),
        preuves=preuves,
        carte=carte_communes(irritant),
        fusionnes=list(Irritant.objects.filter(fusionne_dans=irritant).only("pk", "titre").order_by("titre")),
    )


def carte_communes(irritant: Irritant) -> cartographie.Carte | None:
    """La carte des communes du territoire (en gris) où les communes concernées ressortent (en bleu).

    Une requête : les contours des communes du territoire et de celles citées par les observations.
    """
    concernees = {ligne.valeur for ligne in irritant.communes_concernees}
    if not concernees:
        return None
    territoire = irritant.experimentation.territoire_id
    communes = list(
        Commune.objects.filter(
            Q(pk__in=AppartenanceTerritoire.objects.filter(territoire_id=territoire).values("commune_id"))
            | Q(pk__in=Preuve.objects.filter(irritant=irritant).values("observation__communes"))
        ).only("pk", "code_insee", "nom", "geometrie")
    )
    projection = cartographie.projection_pour([commune.geometrie for commune in communes], largeur=400, marge=8)
    if projection is None:
        return None
    carte = cartographie.Carte(projection=projection)
    # Les communes concernées en dernier : leur contour passe par-dessus celui de leurs voisines.
    for commune in sorted(communes, key=lambda c: c.code_insee in concernees):
        if d := cartographie.chemin(commune.geometrie, projection):
            couleur = COULEUR_CONCERNEE if commune.code_insee in concernees else COULEUR_AUTRE
            carte.zones.append(cartographie.Zone(commune=commune, d=d, couleur=couleur))
    return carte


# --- Codage ---------------------------------------------------------------------------------------------


@dataclass
class ThemeCodage:
    theme: Theme
    irritants: list[Irritant] = field(default_factory=list)


def irritants_par_theme(experimentation: Experimentation) -> list[ThemeCodage]:
    """Les irritants actifs de l'expérimentation groupés par thème, avec leur nombre d'observations (2 requêtes)."""
    themes = {theme.pk: ThemeCodage(theme) for theme in Theme.objects.all()}
    irritants = (
        Irritant.objects.actifs()
        .filter(experimentation=experimentation)
        .annotate(nb_observations=Count("preuves", distinct=True))
        .only("pk", "titre", "theme_id", "gravite", "statut", "experimentation_id", "fusionne_dans_id")
    )
    for irritant in sorted(irritants, key=lambda i: (normaliser(i.titre), i.pk)):
        themes[irritant.theme_id].irritants.append(irritant)
    return list(themes.values())


def _observations_affichees(queryset: QuerySet, *, avec_preuves: bool) -> QuerySet:
    """Ce qu'affiche la fiche d'une observation à coder : origine, communes, publics, verbatims (et irritants)."""
    queryset = (
        queryset.select_related("entretien__commune", "immersion__lieu")
        .defer("entretien__commune__geometrie", "entretien__commune__mairie_horaires", "immersion__lieu__horaires")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("pk", "code_insee", "nom")), "publics", "verbatims"
        )
    )
    if avec_preuves:
        preuves = Preuve.objects.select_related("irritant__theme").order_by("irritant__titre", "pk")
        queryset = queryset.prefetch_related(Prefetch("preuves", queryset=preuves))
    return queryset


def observations_non_codees(experimentation: Experimentation) -> QuerySet:
    """Les observations actives de l'expérimentation qui ne sont rattachées à aucun irritant."""
    return (
        Observation.objects.actives()
        .filter(experimentation=experimentation)
        .exclude(Exists(Preuve.objects.filter(observation=OuterRef("pk"))))
    )


@dataclass
class FileCodage:
    observations: list[Observation]
    total: int


def file_codage(queryset: QuerySet, *, limite: int = OBSERVATIONS_PAR_PAGE_DE_CODAGE, exclure=()) -> FileCodage:
    """Les prochaines observations à coder de `queryset` (déjà filtré), les plus anciennes d'abord, hors celles
    d'`exclure` (déjà affichées) ; `total` compte toute la file. 5 requêtes."""
    total = queryset.count()
    suivantes = queryset.exclude(pk__in=list(exclure)) if exclure else queryset
    observations = list(_observations_affichees(suivantes.order_by("date", "pk"), avec_preuves=False)[:limite])
    for observation in observations:
        observation.preuves_affichees = []  # non codées, par définition
        observation.irritants_attaches = set()
    return FileCodage(observations=observations, total=total)


def observation_a_coder(pk: int) -> Observation | None:
    """Une observation avec ce qu'affiche sa fiche de codage, dont les irritants auxquels elle est rattachée."""
    observation = (
        _observations_affichees(Observation.objects.select_related("experimentation"), avec_preuves=True)
        .filter(pk=pk)
        .first()
    )
    if observation is not None:
        preuves_afficher(observation, list(observation.preuves.all()))
    return observation


def preuves_afficher(observation: Observation, preuves: list[Preuve] | None = None) -> Observation:
    """Les irritants auxquels l'observation est rattachée, (re)lus en une requête après un rattachement."""
    if preuves is None:
        preuves = list(
            Preuve.objects.filter(observation=observation)
            .select_related("irritant__theme")
            .order_by("irritant__titre", "pk")
        )
    observation.preuves_affichees = preuves
    observation.irritants_attaches = {preuve.irritant_id for preuve in preuves}
    return observation


def preuves_du_codage(observation: Observation, irritants_pks) -> list[Preuve]:
    """Les preuves que vient d'écrire un codage (pour « Annuler »), avec leur irritant (une requête)."""
    return list(
        Preuve.objects.filter(observation=observation, irritant_id__in=list(irritants_pks))
        .select_related("irritant__theme")
        .order_by("irritant__titre", "pk")
    )


# --- Doublons : titres identiques ou proches ------------------------------------------------------------

# Écrit à la main plutôt qu'avec une bibliothèque de similarité : quelques dizaines de titres courts par
# expérimentation, comparés en Python (difflib, bibliothèque standard) sur la clé stockée `titre_normalise`,
# donnent le même résultat sous SQLite et PostgreSQL sans extension (pg_trgm).
MOTS_VIDES = frozenset(
    ["a", "au", "aux", "avec", "ce", "ces", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "leur"]
    + ["leurs", "ne", "ni", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "un"]
    + ["une", "y"]
)
SEUIL_RESSEMBLANCE = 0.8


def _mots(cle: str) -> frozenset[str]:
    """Les mots qui portent le sens d'une clé de titre, au singulier approximatif (« démarches » → « demarche »)."""
    return frozenset(
        mot[:-1] if len(mot) > 3 and mot[-1] in "sx" else mot for mot in cle.split() if mot not in MOTS_VIDES
    )


def titres_proches(cle_a: str, cle_b: str) -> bool:
    """Deux clés de titre (`cle_titre`) désignent-elles sans doute la même difficulté ?

    Oui si elles sont égales, si elles partagent au moins deux mots porteurs qui font l'essentiel du plus
    court des deux, ou si leurs lettres se ressemblent à 80 % (« Attente au guichet » / « L'attente aux guichets »).
    """
    if cle_a == cle_b:
        return True
    mots_a, mots_b = _mots(cle_a), _mots(cle_b)
    communs = len(mots_a & mots_b)
    if communs >= 2 and communs / min(len(mots_a), len(mots_b)) >= 0.6:
        return True
    comparaison = SequenceMatcher(None, cle_a, cle_b, autojunk=False)
    return (
        comparaison.real_quick_ratio() >= SEUIL_RESSEMBLANCE
        and comparaison.quick_ratio() >= SEUIL_RESSEMBLANCE
        and comparaison.ratio() >= SEUIL_RESSEMBLANCE
    )


def _irritants_pour_doublons(experimentation: Experimentation) -> QuerySet:
    return (
        Irritant.objects.actifs()
        .filter(experimentation=experimentation)
        .select_related("theme")
        .annotate(nb_observations=Count("preuves", distinct=True))
        .order_by("pk")
    )


def irritants_proches(experimentation: Experimentation, titre: str, *, exclure: int | None = None) -> list[Irritant]:
    """Les irritants en service dont le titre est identique (à la clé près) ou proche de `titre`, l'identique
    d'abord ; chacun porte `identique` (bool) et `nb_observations`. Une requête."""
    cle = cle_titre(titre)
    if not cle:
        return []
    proches = []
    for irritant in _irritants_pour_doublons(experimentation).exclude(pk=exclure):
        if titres_proches(cle, irritant.titre_normalise.split(" #")[0]):
            irritant.identique = irritant.titre_normalise == cle
            proches.append(irritant)
    return sorted(proches, key=lambda irritant: (not irritant.identique, irritant.pk))


def doublons_possibles(experimentation: Experimentation) -> list[tuple[Irritant, Irritant]]:
    """Les paires (cible, source) d'irritants en service aux titres proches, à fusionner peut-être (une requête).

    Seules les paires qui partagent un mot porteur (ou n'ont toutes deux que des mots vides) sont comparées
    lettre à lettre : quelques centaines d'irritants restent rapides.
    """
    irritants = list(_irritants_pour_doublons(experimentation))
    cles = {irritant.pk: irritant.titre_normalise.split(" #")[0] for irritant in irritants}
    par_mot = defaultdict(list)
    for irritant in irritants:
        for mot in _mots(cles[irritant.pk]) or {""}:
            par_mot[mot].append(irritant)
    candidates = {(a.pk, b.pk): (a, b) for groupe in par_mot.values() for a, b in combinations(groupe, 2)}
    paires = [(a, b) for a, b in candidates.values() if titres_proches(cles[a.pk], cles[b.pk])]
    # (celui qui reste, celui à fusionner) : le mieux étayé reste ; à égalité, le plus ancien.
    return [
        (a, b) if (-a.nb_observations, a.pk) <= (-b.nb_observations, b.pk) else (b, a)
        for a, b in sorted(paires, key=lambda p: (p[0].pk, p[1].pk))
    ]


def irritants_pour_fusion(experimentation: Experimentation) -> QuerySet:
    """Les irritants en service proposés à la fusion, avec thème et nombre d'observations (une requête)."""
    return _irritants_pour_doublons(experimentation).order_by("theme__ordre", "titre", "pk")


# --- Journal --------------------------------------------------------------------------------------------


def journal(experimentation: Experimentation) -> QuerySet:
    """Le journal du codage de l'expérimentation, du plus récent au plus ancien (à paginer)."""
    return EvenementCodage.objects.filter(irritant__experimentation=experimentation).select_related(
        "par", "irritant", "observation", "autre_irritant"
    )


# --- Liste des observations avec leur codage --------------------------------------------------------------


def observations_codees_pour_liste(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Le tableau des observations du terrain, avec les irritants que chacune étaye (une requête de plus)."""
    irritants = Irritant.objects.only("pk", "titre").order_by("titre")
    return terrain_selectors.observations_pour_liste(queryset).prefetch_related(Prefetch("irritants", irritants))


COLONNE_IRRITANTS: terrain_selectors.ColonneCsv = (
    "Irritants",
    lambda observation: " | ".join(irritant.titre for irritant in observation.irritants.all()),
)


def observations_export(queryset: QuerySet[Observation]) -> tuple[list[str], Iterator[list]]:
    """Les en-têtes et les lignes de l'export CSV : les colonnes du terrain, les irritants, puis le verbatim."""
    colonnes = [*terrain_selectors.COLONNES_OBSERVATION, COLONNE_IRRITANTS]
    observations = terrain_selectors.observations_pour_export(queryset).prefetch_related(
        Prefetch("irritants", Irritant.objects.only("pk", "titre").order_by("titre"))
    )
    entetes = [entete for entete, _valeur in colonnes] + terrain_selectors.ENTETES_VERBATIM
    return entetes, terrain_selectors.observations_lignes_csv(observations, colonnes)
