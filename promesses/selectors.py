"""Les lectures du suivi des promesses, partagées par le tableau de bord, la page d'une promesse, les exports,
le flux et l'API. Chaque lecture fait un nombre de requêtes SQL qui ne dépend pas du nombre de promesses.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Prefetch, QuerySet

from ateliers.models import Cycle, Engagement, Equipe, TestTerrain
from irritants.models import Irritant
from irritants.selectors import irritants_annotes
from personas.models import Persona
from promesses.enums import STATUTS_CLOS, MotifRappel, StatutPromesse
from promesses.models import InstantanePromesse, Jalon, PointAvancement, Promesse

MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def promesses_publiques(experimentation=None) -> QuerySet[Promesse]:
    queryset = Promesse.objects.publiques().select_related(
        "engagement__lettre__atelier__persona", "engagement__porteur_structure"
    )
    if experimentation is not None:
        queryset = queryset.filter(engagement__lettre__atelier__seminaire__experimentation=experimentation)
    return queryset


def _equipes_publiees() -> Prefetch:
    cycles = Cycle.objects.filter(publie=True).prefetch_related(
        Prefetch("tests", queryset=TestTerrain.objects.select_related("commune", "lieu"))
    )
    return Prefetch(
        "engagement__equipe",
        queryset=Equipe.objects.filter(publiee=True).prefetch_related(Prefetch("cycles", queryset=cycles)),
    )


def promesses_retenues(experimentation) -> list[Promesse]:
    """Les trois promesses retenues au séminaire, dans leur ordre, avec leur équipe, ses cycles et ses tests
    terrain publiés (quatre requêtes, quel que soit le nombre de cycles)."""
    return list(
        promesses_publiques(experimentation)
        .filter(engagement__in=Engagement.objects.retenus())
        .order_by("engagement__ordre_retenu", "pk")
        .prefetch_related(_equipes_publiees())
    )


def equipe_publiee(promesse: Promesse) -> Equipe | None:
    try:
        equipe = promesse.engagement.equipe
    except Equipe.DoesNotExist:
        return None
    return equipe if equipe is not None and equipe.publiee else None


@dataclass
class PointCourbe:
    date: datetime.date
    avancement: float
    x: float = 0
    y: float = 0

    @property
    def libelle(self) -> str:
        return f"{MOIS[self.date.month - 1]} {self.date.year}"


@dataclass
class Courbe:
    """La courbe de l'avancement moyen, fin de chaque mois, dessinée en SVG côté serveur (ni CDN ni script)."""

    points: list[PointCourbe]
    largeur: int = 640
    hauteur: int = 240
    marge: int = 56

    def __post_init__(self):
        n = len(self.points)
        utile_x = self.largeur - 2 * self.marge
        utile_y = self.hauteur - 2 * self.marge
        for i, point in enumerate(self.points):
            point.x = round(self.marge + (utile_x * i / (n - 1) if n > 1 else utile_x / 2), 1)
            point.y = round(self.hauteur - self.marge - utile_y * point.avancement / 100, 1)

    @property
    def resume(self) -> str:
        premier, dernier = self.points[0], self.points[-1]
        return (
            f"Avancement moyen des promesses : {premier.avancement} % en {premier.libelle}, "
            f"{dernier.avancement} % en {dernier.libelle}."
        )

    @property
    def trace(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def graduations(self) -> list[dict]:
        utile_y = self.hauteur - 2 * self.marge
        return [
            {"valeur": v, "y": round(self.hauteur - self.marge - utile_y * v / 100, 1)} for v in (0, 25, 50, 75, 100)
        ]


def fin_de_mois(annee: int, mois: int) -> datetime.date:
    return datetime.date(annee, mois, calendar.monthrange(annee, mois)[1])


def courbe(experimentation, *, jusqu_a: datetime.date | None = None) -> Courbe:
    """L'avancement moyen au dernier instantané de chaque mois (une requête groupée par jour)."""
    instantanes = InstantanePromesse.objects.filter(promesse__in=promesses_publiques(experimentation).values("pk"))
    if jusqu_a:
        instantanes = instantanes.filter(date__lte=jusqu_a)
    par_jour = instantanes.values("date").annotate(moyenne=Avg("avancement")).order_by("date")
    par_mois: dict[tuple[int, int], PointCourbe] = {}
    for ligne in par_jour:
        par_mois[(ligne["date"].year, ligne["date"].month)] = PointCourbe(ligne["date"], round(ligne["moyenne"], 1))
    return Courbe(list(par_mois.values()))


def courbe_jusqu_a(courbe_complete: Courbe, date: datetime.date) -> Courbe:
    """La courbe arrêtée au mois rejoué (sans relire la base)."""
    return Courbe([PointCourbe(p.date, p.avancement) for p in courbe_complete.points if p.date <= date])


@dataclass
class Situation:
    """Où en sont les promesses : nombre par statut et avancement moyen (à un jour donné, pour le replay)."""

    par_statut: list[dict] = field(default_factory=list)
    total: int = 0
    avancement_moyen: float = 0
    au: datetime.date | None = None


def _situation(comptes: dict[str, int], moyenne) -> Situation:
    total = sum(comptes.values())
    return Situation(
        par_statut=[
            {"valeur": valeur, "libelle": libelle, "nombre": comptes.get(valeur, 0)}
            for valeur, libelle in StatutPromesse.choices
        ],
        total=total,
        avancement_moyen=round(moyenne or 0, 1),
    )


def situation_actuelle(promesses: list[Promesse]) -> Situation:
    """Compte sur les promesses déjà lues (la page les affiche) : pas de requête de plus."""
    comptes: dict[str, int] = {}
    for promesse in promesses:
        comptes[promesse.statut] = comptes.get(promesse.statut, 0) + 1
    moyenne = sum(p.avancement for p in promesses) / len(promesses) if promesses else 0
    return _situation(comptes, moyenne)


def situation_au(experimentation, date: datetime.date) -> Situation | None:
    """La situation au dernier instantané pris au plus tard `date` (None s'il n'y en a pas)."""
    instantanes = InstantanePromesse.objects.filter(promesse__in=promesses_publiques(experimentation).values("pk"))
    dernier = instantanes.filter(date__lte=date).aggregate(d=Max("date"))["d"]
    if dernier is None:
        return None
    du_jour = instantanes.filter(date=dernier)
    comptes = dict(du_jour.order_by().values_list("statut").annotate(n=Count("pk")))
    situation = _situation(comptes, du_jour.aggregate(m=Avg("avancement"))["m"])
    situation.au = dernier
    return situation


def mois_disponibles(courbe_complete: Courbe) -> list[dict]:
    """Les mois qui ont des instantanés, pour le replay (`?mois=2018-06`) : ceux de la courbe entière."""
    return [{"valeur": f"{p.date:%Y-%m}", "libelle": p.libelle} for p in courbe_complete.points]


@dataclass
class CartePersona:
    persona: Persona
    promesses: list[Promesse]

    @property
    def avancement_moyen(self) -> float:
        return round(sum(p.avancement for p in self.promesses) / len(self.promesses), 1) if self.promesses else 0


def cartes_personas(promesses: list[Promesse]) -> list[CartePersona]:
    cartes: dict[int, CartePersona] = {}
    for promesse in promesses:
        persona = promesse.engagement.lettre.atelier.persona
        cartes.setdefault(persona.pk, CartePersona(persona, [])).promesses.append(promesse)
    return sorted(cartes.values(), key=lambda c: (not c.persona.fil_rouge, c.persona.ordre, c.persona.prenom))


# --- La page d'une promesse ---------------------------------------------------------------------------------------


@dataclass
class VuePromesse:
    promesse: Promesse
    jalons: list[Jalon]
    points: list[PointAvancement]
    irritants: list[Irritant]
    equipe: Equipe | None
    lettre_interpellation: object | None


def promesse_vue(pk: int) -> VuePromesse | None:
    promesse = (
        promesses_publiques()
        .select_related("engagement__lettre__atelier__seminaire__experimentation")
        .prefetch_related(_equipes_publiees())
        .filter(pk=pk)
        .first()
    )
    if promesse is None:
        return None
    persona = promesse.engagement.lettre.atelier.persona
    irritants = list(
        irritants_annotes(Irritant.objects.publies().filter(pk__in=promesse.engagement.irritants.values("pk")))
    )
    lettre = getattr(persona, "lettre", None) if hasattr(persona, "lettre") else None
    return VuePromesse(
        promesse=promesse,
        jalons=list(promesse.jalons.all()),
        points=list(promesse.points.select_related("auteur")),
        irritants=irritants,
        equipe=equipe_publiee(promesse),
        lettre_interpellation=lettre,
    )


# --- Les exports et le flux ---------------------------------------------------------------------------------------


def points_publics(experimentation=None, promesse=None) -> QuerySet[PointAvancement]:
    queryset = PointAvancement.objects.filter(promesse__in=promesses_publiques(experimentation).values("pk"))
    if promesse is not None:
        queryset = queryset.filter(promesse=promesse)
    return queryset.select_related("promesse__engagement").order_by("-cree_le", "-pk")


def libelle_jours(promesse: Promesse, reference: datetime.date) -> str:
    restants = promesse.jours_restants(reference)
    if restants < 0:
        return "échéance passée"
    return f"{restants} jour{'s' if restants > 1 else ''} avant l'échéance"


# --- Le porteur et ses promesses ----------------------------------------------------------------------------------

JOURS_SANS_NOUVELLES = 30
JOURS_AVANT_ECHEANCE = 30
SUJET_PORTEURS = "promesses-porteurs"


def motifs_de_rappel(promesse: Promesse, jour: datetime.date) -> list[str]:
    """Pourquoi relancer le porteur ce jour-là : sans nouvelles depuis 30 jours, échéance dans 30 jours au plus.
    Une promesse close ne se relance pas. Partagé par la tâche quotidienne et la page « Mes promesses »."""
    if promesse.statut_declare in STATUTS_CLOS:
        return []
    motifs = []
    derniere = promesse.derniere_mise_a_jour or promesse.cree_le.date()
    if (jour - derniere).days >= JOURS_SANS_NOUVELLES:
        motifs.append(MotifRappel.SANS_NOUVELLES)
    if 0 <= (promesse.engagement.echeance - jour).days <= JOURS_AVANT_ECHEANCE:
        motifs.append(MotifRappel.ECHEANCE_PROCHE)
    return motifs


@dataclass
class LigneMesPromesses:
    promesse: Promesse
    jours_sans_nouvelles: int
    motifs: list[str]
    echeance: str  # « 21 jours avant l'échéance », « échéance passée »

    @property
    def rappel_du(self) -> bool:
        return bool(self.motifs)

    @property
    def libelles_rappel(self) -> list[str]:
        return [MotifRappel(motif).label for motif in self.motifs]


def promesses_du_porteur(user) -> QuerySet[Promesse]:
    """Les promesses suivies dont `user` est un compte porteur (ni plus : un facilitateur n'y voit que les siennes)."""
    return (
        Promesse.objects.suivies()
        .filter(comptes_porteurs=user)
        .select_related("engagement__lettre__atelier__persona", "engagement__porteur_structure")
        .order_by("engagement__echeance", "pk")
    )


def mes_promesses(user, jour: datetime.date) -> list[LigneMesPromesses]:
    """La page « Mes promesses » : une requête, quel que soit le nombre de promesses. Les promesses ouvertes
    d'abord (celles qui attendent un point), chacune de ses deux parts par échéance."""
    lignes = []
    for promesse in promesses_du_porteur(user):
        derniere = promesse.derniere_mise_a_jour or promesse.cree_le.date()
        lignes.append(
            LigneMesPromesses(
                promesse=promesse,
                jours_sans_nouvelles=max((jour - derniere).days, 0),
                motifs=motifs_de_rappel(promesse, jour),
                echeance=libelle_jours(promesse, jour),
            )
        )
    lignes.sort(key=lambda ligne: ligne.promesse.est_close)  # tri stable : l'ordre des échéances demeure
    return lignes


def porte_des_promesses(user) -> bool:
    """Le lien « Mes promesses » de l'en-tête. L'en-tête d'un compte connecté ne lit pas la base (comme ses rôles,
    `comptes.session`) : la réponse est gardée en cache par compte, sous la génération du sujet
    « promesses-porteurs », qui avance quand les comptes porteurs d'une promesse changent ou qu'un engagement est
    retiré (`promesses.apps`, `promesses.recepteurs`) ; elle est calculée à la connexion, puis une fois après
    chacun de ces changements, ou au bout d'une heure (un engagement restauré avec une version de sa lettre ne fait
    pas avancer la génération : le lien revient au plus tard une heure après)."""
    if user is None or not user.is_authenticated:
        return False
    from django.core.cache import cache

    from commun.cache import generations

    cle = f"cb:promesses:porteur:{user.pk}:{generations(SUJET_PORTEURS)[0]}"
    porte = cache.get(cle)
    if porte is None:
        porte = Promesse.objects.suivies().filter(comptes_porteurs=user).exists()
        cache.set(cle, porte, timeout=60 * 60)
    return porte


def autres_promesses_publiques(promesse: Promesse) -> list[Promesse]:
    """Les autres promesses publiques du même porteur (la même structure), pour la page du lien personnel.

    Sans leur lien personnel : le lien d'une promesse ne donne droit qu'à elle (il a pu être transmis à un
    collègue) ; montrer les jetons des autres en ferait un passe-partout. Rien non plus des promesses non publiques.
    Un porteur libre (sans structure) n'a pas d'« autres promesses » sûres : le nom libre peut coïncider."""
    structure = promesse.engagement.porteur_structure_id
    if structure is None:
        return []
    return list(
        promesses_publiques()
        .filter(engagement__porteur_structure_id=structure)
        .exclude(pk=promesse.pk)
        .order_by("engagement__echeance", "pk")
    )
