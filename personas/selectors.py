"""Lectures des personas, en un nombre de requêtes borné quel que soit le nombre de personas ou d'observations.

La page d'un persona répond à « combien d'usagers réels vivent les mêmes difficultés ? » avec les décomptes
des irritants, calculés par `irritants.selectors` (une requête pour tous les irritants du persona, une par
répartition) : on ne recompte rien ici, sauf les totaux du persona (observations distinctes d'un irritant à
l'autre), une requête. Chaque nombre mène à ce qui le fonde : la liste filtrée des observations pour un
facilitateur, la section de la page publique de l'irritant pour les autres (`irritants.selectors.LiensIrritant`).

Le public ne voit que les personas publiés, leurs irritants publiés et les verbatims publiables ; la
citation d'un persona ne lui est montrée que tant que son verbatim est publiable.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from experimentations.models import Experimentation
from irritants import selectors as irritants_selectors
from irritants.enums import StatutIrritant
from irritants.models import Irritant, Preuve
from personas.models import Citation, LettreInterpellation, LettreIrritant, Persona, PersonaIrritant
from terrain.enums import StatutPublication
from terrain.models import Public, Verbatim
from territoire import carte as cartographie
from territoire.models import AppartenanceTerritoire, Commune

COULEUR_RESIDENCE = "#e1000f"  # rouge Marianne : la commune où vit le persona
VERBATIMS_PAR_IRRITANT = 2
COMMUNES_PAR_IRRITANT = 5
PROPOSITIONS_VERBATIMS = 40

_COMMUNES_LEGERES = (
    "commune__geometrie",
    "commune__mairie_horaires",
    "commune__mairie_adresse",
    "citation_verbatim__commune__geometrie",
    "citation_verbatim__commune__mairie_horaires",
)


def irritants_visibles(*, voir_tout: bool):
    """Les irritants qu'un lecteur voit : tous les actifs pour un facilitateur, les publiés pour le public."""
    return Irritant.objects.visibles(voir_tout=voir_tout)


# --- Liste ----------------------------------------------------------------------------------------------------


def personas_liste(experimentation: Experimentation, *, voir_tout: bool) -> list[Persona]:
    """Les personas de l'expérimentation (publiés seulement pour le public), avec leurs irritants visibles et le
    nombre d'observations distinctes qui les fondent. Quatre requêtes quel que soit leur nombre."""
    visibles = irritants_visibles(voir_tout=voir_tout)
    personas = list(
        Persona.objects.visibles(voir_tout=voir_tout)
        .filter(experimentation=experimentation)
        .select_related("commune", "citation_verbatim__commune", "lettre")
        .defer(*_COMMUNES_LEGERES)
        .prefetch_related(
            "publics",
            Prefetch(
                "fondements",
                queryset=PersonaIrritant.objects.filter(irritant__in=visibles)
                .select_related("irritant")
                .only("pk", "ordre", "persona_id", "irritant__id", "irritant__titre", "irritant__statut"),
            ),
        )
    )
    nombres = dict(
        PersonaIrritant.objects.filter(persona__in=[p.pk for p in personas], irritant__in=visibles)
        .values("persona_id")
        .annotate(nombre=Count("irritant__preuves__observation", distinct=True))
        .values_list("persona_id", "nombre")
    )
    for persona in personas:
        persona.nb_observations = nombres.get(persona.pk, 0)
        persona.irritants_visibles = [fondement.irritant for fondement in persona.fondements.all()]
        persona.a_une_lettre = a_une_lettre(persona)
        persona.citation_affichee = persona.citation(voir_tout=voir_tout)
    return personas


def a_une_lettre(persona: Persona) -> bool:
    try:
        return persona.lettre is not None
    except LettreInterpellation.DoesNotExist:
        return False


# --- Page d'un persona ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totaux:
    """Ce que pèsent, ensemble, les irritants d'un persona (observations distinctes d'un irritant à l'autre)."""

    nb_irritants: int
    nb_observations: int
    nb_verbatims: int
    nb_sources: int
    nb_entretiens: int
    nb_immersions: int
    nb_communes: int
    nb_observations_publics: int
    """Celles qui concernent au moins un des publics que le persona représente."""


@dataclass
class VuePersona:
    persona: Persona
    voir_tout: bool
    irritants: list[Irritant]
    """Les irritants visibles, dans l'ordre du persona, annotés et complétés par `irritants.selectors`."""
    totaux: Totaux
    carte: cartographie.Carte | None
    citation: Citation | None
    lettre: LettreInterpellation | None
    irritants_ecartes: list[Irritant] = field(default_factory=list)
    """Facilitateurs : les irritants du persona fusionnés ou retirés depuis (ils ne comptent plus)."""

    @property
    def publics_du_persona(self) -> set[str]:
        return {public.slug for public in self.persona.publics.all()}


def persona_lire(slug: str, *, voir_tout: bool) -> Persona | None:
    """Le persona visible de ce lecteur, avec ce qu'affichent ses pages (une requête), ou None."""
    return (
        Persona.objects.visibles(voir_tout=voir_tout)
        .filter(slug=slug)
        .select_related("experimentation__territoire", "commune", "citation_verbatim__commune", "lettre")
        .defer(*_COMMUNES_LEGERES)
        .first()
    )


def persona_vue(slug: str, *, voir_tout: bool) -> VuePersona | None:
    """Tout ce que montre la page d'un persona, en dix requêtes au plus (None s'il n'est pas visible)."""
    persona = persona_lire(slug, voir_tout=voir_tout)
    if persona is None:
        return None
    publics = list(persona.publics.all())
    persona._prefetched_objects_cache = {"publics": publics}
    fondements = list(
        PersonaIrritant.objects.filter(persona=persona)
        .select_related("irritant")
        .only("pk", "ordre", "irritant__id", "irritant__titre", "irritant__statut", "irritant__fusionne_dans_id")
        .order_by("ordre", "pk")
    )
    visibles = [f.irritant for f in fondements if _est_visible(f.irritant, voir_tout=voir_tout)]
    ecartes = [f.irritant for f in fondements if voir_tout and not _est_visible(f.irritant, voir_tout=True)]
    rangs = {irritant.pk: rang for rang, irritant in enumerate(visibles, 1)}

    irritants = irritants_completes(list(rangs), voir_tout=voir_tout)
    irritants.sort(key=lambda irritant: rangs[irritant.pk])
    slugs_publics = {public.slug for public in publics}
    for irritant in irritants:
        irritant.rang = rangs[irritant.pk]
        # Chaque public de la répartition, et s'il est l'un de ceux que ce persona représente.
        irritant.lignes_publics = [(ligne, ligne.valeur in slugs_publics) for ligne in irritant.publics_concernes]
        irritant.communes_principales = irritant.communes_concernees[:COMMUNES_PAR_IRRITANT]
        irritant.autres_communes = max(0, irritant.nb_communes - COMMUNES_PAR_IRRITANT)

    totaux = _totaux(list(rangs), [public.pk for public in publics], voir_tout=voir_tout)
    codes = {ligne.valeur for irritant in irritants for ligne in irritant.communes_concernees}
    return VuePersona(
        persona=persona,
        voir_tout=voir_tout,
        irritants=irritants,
        totaux=totaux,
        carte=carte_persona(persona, list(rangs), codes),
        citation=persona.citation(voir_tout=voir_tout),
        lettre=persona.lettre if a_une_lettre(persona) else None,
        irritants_ecartes=ecartes,
    )


def _est_visible(irritant: Irritant, *, voir_tout: bool) -> bool:
    if irritant.fusionne_dans_id:
        return False
    if voir_tout:
        return irritant.statut != StatutIrritant.RETIRE
    return irritant.est_publie


def irritants_completes(ids: list[int], *, voir_tout: bool) -> list[Irritant]:
    """Les irritants `ids` avec leurs décomptes, répartitions, liens et verbatims publiables choisis.

    Quatre requêtes quel que soit leur nombre : irritants annotés, répartitions par public et par commune
    (`irritants.selectors`), verbatims publiables (au plus VERBATIMS_PAR_IRRITANT par irritant).
    """
    if not ids:
        return []
    return irritants_selectors.irritants_completes(
        irritants_visibles(voir_tout=voir_tout).filter(pk__in=ids),
        voir_tout=voir_tout,
        verbatims_max=VERBATIMS_PAR_IRRITANT,
    )


def _totaux(ids: list[int], publics: list[int], *, voir_tout: bool) -> Totaux:
    if not ids:
        return Totaux(0, 0, 0, 0, 0, 0, 0, 0)
    sans_origine = Q(observation__entretien__isnull=True, observation__immersion__isnull=True)
    filtre_verbatims = None if voir_tout else Q(observation__verbatims__statut=StatutPublication.PUBLIABLE)
    chiffres = Preuve.objects.filter(irritant_id__in=ids).aggregate(
        nb_observations=Count("observation", distinct=True),
        nb_entretiens=Count("observation__entretien", distinct=True),
        nb_immersions=Count("observation__immersion", distinct=True),
        nb_terrain=Count("observation", filter=sans_origine, distinct=True),
        nb_verbatims=Count("observation__verbatims", filter=filtre_verbatims, distinct=True),
        nb_communes=Count("observation__communes", distinct=True),
        nb_observations_publics=Count("observation", filter=Q(observation__publics__in=publics), distinct=True),
    )
    return Totaux(
        nb_irritants=len(ids),
        nb_observations=chiffres["nb_observations"],
        nb_verbatims=chiffres["nb_verbatims"],
        nb_sources=chiffres["nb_entretiens"] + chiffres["nb_immersions"] + chiffres["nb_terrain"],
        nb_entretiens=chiffres["nb_entretiens"],
        nb_immersions=chiffres["nb_immersions"],
        nb_communes=chiffres["nb_communes"],
        nb_observations_publics=chiffres["nb_observations_publics"] if publics else 0,
    )


def carte_persona(persona: Persona, ids: list[int], concernees: set[str]) -> cartographie.Carte | None:
    """La carte du territoire : en bleu les communes que citent les observations des irritants du persona,
    un repère rouge sur sa commune de résidence. Une requête (contours)."""
    if not concernees:
        return None
    territoire = persona.experimentation.territoire_id
    communes = list(
        Commune.objects.filter(
            Q(pk__in=AppartenanceTerritoire.objects.filter(territoire_id=territoire).values("commune_id"))
            | Q(pk__in=Preuve.objects.filter(irritant_id__in=ids).values("observation__communes"))
        ).only("pk", "code_insee", "nom", "geometrie", "centroide_latitude", "centroide_longitude")
    )
    projection = cartographie.projection_pour([commune.geometrie for commune in communes], largeur=400, marge=8)
    if projection is None:
        return None
    carte = cartographie.Carte(projection=projection)
    for commune in sorted(communes, key=lambda c: c.code_insee in concernees):
        if d := cartographie.chemin(commune.geometrie, projection):
            couleur = (
                irritants_selectors.COULEUR_CONCERNEE
                if commune.code_insee in concernees
                else irritants_selectors.COULEUR_AUTRE
            )
            carte.zones.append(cartographie.Zone(commune=commune, d=d, couleur=couleur))
    residence = next((c for c in communes if c.pk == persona.commune_id), None)
    if residence and residence.centroide_longitude is not None and residence.centroide_latitude is not None:
        x, y = projection.point(residence.centroide_longitude, residence.centroide_latitude)
        carte.reperes.append(
            cartographie.Repere(
                titre=f"{persona.prenom} habite à {residence.nom}",
                d=cartographie.forme_repere("maison", x, y, 7),
                couleur=COULEUR_RESIDENCE,
            )
        )
    return carte


# --- Lettre ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IrritantCite:
    """Un irritant cité par une lettre, tel qu'un lecteur peut le voir (un brouillon reste anonyme au public)."""

    rang: int
    irritant: Irritant | None
    """None quand le lecteur ne peut pas voir l'irritant (brouillon, pour le public)."""

    @property
    def titre(self) -> str:
        return self.irritant.titre if self.irritant else "Irritant en cours de consolidation"


@dataclass
class VueLettre:
    persona: Persona
    lettre: LettreInterpellation
    cites: list[IrritantCite]


def irritants_cites(lettre: LettreInterpellation, *, voir_tout: bool, annotes: bool = False) -> list[IrritantCite]:
    """Les irritants cités par la lettre, dans l'ordre des notes ; ceux que le lecteur ne voit pas restent anonymes.

    `annotes` : avec leurs décomptes (`irritants_annotes`, une requête de plus), pour les notes du PDF.
    """
    citations = list(
        LettreIrritant.objects.filter(lettre=lettre)
        .select_related("irritant")
        .only("pk", "ordre", "irritant__id", "irritant__titre", "irritant__statut", "irritant__fusionne_dans_id")
        .order_by("ordre", "pk")
    )
    visibles = {c.irritant.pk for c in citations if _est_visible(c.irritant, voir_tout=voir_tout)}
    if annotes and visibles:
        par_id = {i.pk: i for i in irritants_selectors.irritants_annotes(Irritant.objects.filter(pk__in=visibles))}
    else:
        par_id = {c.irritant.pk: c.irritant for c in citations if c.irritant.pk in visibles}
    return [IrritantCite(rang=rang, irritant=par_id.get(c.irritant.pk)) for rang, c in enumerate(citations, 1)]


def lettre_vue(slug: str, *, voir_tout: bool) -> VueLettre | None:
    """La lettre d'un persona visible (None si le persona n'est pas visible ou n'a pas de lettre) ; 2 requêtes."""
    persona = persona_lire(slug, voir_tout=voir_tout)
    if persona is None or not a_une_lettre(persona):
        return None
    lettre = persona.lettre
    return VueLettre(persona=persona, lettre=lettre, cites=irritants_cites(lettre, voir_tout=voir_tout))


def notes_web(cites: list[IrritantCite]) -> dict[str, str]:
    """Sur une page, un appel de note n'affiche que son numéro ; la liste des irritants cités suit la lettre."""
    return {str(cite.rang): str(cite.rang) for cite in cites}


# --- Dériver un persona d'irritants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposition:
    objet: object
    nombre: int
    """Observations distinctes des irritants choisis (publics, communes) ; pour un verbatim, irritants choisis où
    il figure."""


@dataclass
class Propositions:
    """Ce que les preuves des irritants choisis désignent : publics, communes et verbatims publiables, comptés."""

    irritants: list[Irritant]
    publics: list[Proposition]
    communes: list[Proposition]
    verbatims: list[Proposition]
    nb_observations: int = 0

    @property
    def publics_par_pk(self) -> dict[int, int]:
        return {p.objet.pk: p.nombre for p in self.publics}

    @property
    def communes_par_pk(self) -> dict[int, int]:
        return {p.objet.pk: p.nombre for p in self.communes}

    def publics_proposes(self) -> list:
        """Les publics cochés d'avance : ceux d'au moins un tiers des observations (au moins le premier)."""
        if not self.publics:
            return []
        seuil = max(1, math.ceil(self.nb_observations / 3))
        retenus = [p.objet for p in self.publics if p.nombre >= seuil]
        return retenus or [self.publics[0].objet]

    def commune_proposee(self):
        return self.communes[0].objet if self.communes else None

    def verbatim_propose(self):
        return self.verbatims[0].objet if self.verbatims else None


def propositions(experimentation: Experimentation, irritant_ids: list[int]) -> Propositions:
    """Pour dériver un persona d'irritants choisis : les publics, communes du territoire et verbatims publiables
    que leurs preuves désignent, chacun avec son nombre. Cinq requêtes quel que soit le nombre de preuves."""
    irritants = list(
        Irritant.objects.actifs().filter(experimentation=experimentation, pk__in=irritant_ids).only("pk", "titre")
    )
    rangs = {pk: n for n, pk in enumerate(irritant_ids)}
    irritants.sort(key=lambda irritant: rangs.get(irritant.pk, 0))
    ids = [irritant.pk for irritant in irritants]
    preuves = Preuve.objects.filter(irritant_id__in=ids)
    nb_observations = preuves.values("observation_id").distinct().count()

    publics_comptes = dict(
        preuves.filter(observation__publics__isnull=False)
        .values_list("observation__publics")
        .annotate(nombre=Count("observation", distinct=True))
        .values_list("observation__publics", "nombre")
    )
    publics = [
        Proposition(public, publics_comptes[public.pk])
        for public in Public.objects.filter(pk__in=publics_comptes).order_by("ordre", "nom")
    ]
    publics.sort(key=lambda p: -p.nombre)

    du_territoire = AppartenanceTerritoire.objects.filter(territoire_id=experimentation.territoire_id).values(
        "commune_id"
    )
    communes_comptes = dict(
        preuves.filter(observation__communes__in=du_territoire)
        .values_list("observation__communes")
        .annotate(nombre=Count("observation", distinct=True))
        .values_list("observation__communes", "nombre")
    )
    communes = [
        Proposition(commune, communes_comptes[commune.pk])
        for commune in Commune.objects.filter(pk__in=communes_comptes).only("pk", "nom", "code_insee")
    ]
    communes.sort(key=lambda p: (-p.nombre, p.objet.nom))

    verbatims = (
        Verbatim.objects.publiables()
        .filter(observation__preuves__irritant_id__in=ids)
        .annotate(nombre=Count("observation__preuves__irritant", distinct=True))
        .select_related("commune")
        .defer("commune__geometrie", "commune__mairie_horaires")
        .order_by("-nombre", "pk")[:PROPOSITIONS_VERBATIMS]
    )
    return Propositions(
        irritants=irritants,
        publics=publics,
        communes=communes,
        verbatims=[Proposition(verbatim, verbatim.nombre) for verbatim in verbatims],
        nb_observations=nb_observations,
    )


def irritants_a_choisir(experimentation: Experimentation) -> list[irritants_selectors.ThemeCodage]:
    """Les irritants actifs par thème, avec leur nombre d'observations (pour choisir d'où dériver un persona)."""
    groupes = irritants_selectors.irritants_par_theme(experimentation)
    for groupe in groupes:
        groupe.irritants.sort(key=lambda irritant: (-irritant.nb_observations, irritant.titre))
    return [groupe for groupe in groupes if groupe.irritants]


def verbatims_du_persona(persona: Persona) -> list[Verbatim]:
    """Les verbatims publiables des preuves des irritants du persona (choix de sa citation), et sa citation."""
    ids = list(persona.fondements.values_list("irritant_id", flat=True))
    verbatims = list(
        Verbatim.objects.publiables()
        .filter(observation__preuves__irritant_id__in=ids)
        .distinct()
        .select_related("commune")
        .defer("commune__geometrie", "commune__mairie_horaires")
        .order_by("pk")[:PROPOSITIONS_VERBATIMS]
    )
    if persona.citation_verbatim_id and persona.citation_verbatim_id not in {v.pk for v in verbatims}:
        verbatims.insert(0, persona.citation_verbatim)
    return verbatims


def journal_persona(persona: Persona, *, limite: int = 20) -> list:
    return list(persona.journal.select_related("par").order_by("-le", "-pk")[:limite])


def url_liste(experimentation: Experimentation, experimentations: list[Experimentation]) -> str:
    """L'adresse de la liste pour cette expérimentation (sans paramètre pour la plus récente)."""
    url = reverse("personas:liste")
    if experimentations and experimentation != experimentations[0]:
        url += f"?experimentation={experimentation.slug}"
    return url
