"""Lectures partagées du terrain : listes, fiches et export, en un nombre de requêtes borné.

Chaque liste charge ses relations d'un coup (`select_related` pour les clés étrangères,
`prefetch_related` pour les relations multiples) et compte par sous-requête : le nombre de
requêtes SQL ne dépend pas du nombre de lignes.
"""

from collections.abc import Callable, Iterator

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from experimentations.models import Experimentation
from terrain.models import Entretien, Immersion, Observation, Verbatim
from territoire.enums import Canal
from territoire.models import Commune, LieuAccueil

# Observations lues par paquet pendant l'export : chaque paquet coûte une requête par relation.
EXPORT_PAQUET = 2000
# Colonnes volumineuses de la commune d'un verbatim, inutiles pour son profil.
COMMUNE_LOURD = ("commune__geometrie", "commune__mairie_horaires")


def _compte(queryset: QuerySet, champ: str):
    """Le nombre de lignes de `queryset` liées à la ligne courante par `champ`, en sous-requête (0 si aucune)."""
    sous_requete = (
        queryset.filter(**{champ: OuterRef("pk")}).order_by().values(champ).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(sous_requete, output_field=IntegerField()), Value(0))


def observations_visibles(user) -> QuerySet[Observation]:
    """Les observations non retirées que `user` peut lire : toutes pour un facilitateur, les siennes pour un agent."""
    return Observation.objects.visibles_par(user).actives()


def mes_observations(user) -> QuerySet[Observation]:
    """Les observations notées par `user`, les plus récentes d'abord (l'accueil du terrain)."""
    return (
        Observation.objects.filter(auteur=user)
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.only("pk", "nom", "code_insee")), "verbatims")
        .order_by("-cree_le", "-pk")
    )


def entretiens_rattachables(user) -> QuerySet[Entretien]:
    """Les entretiens où l'utilisateur peut rattacher une observation (`terrain.rattacher_a_une_origine`)."""
    if user.has_perm("terrain.voir_toutes_observations"):
        return Entretien.objects.all()
    if not user.has_perm("terrain.saisir_observation"):
        return Entretien.objects.none()
    return Entretien.objects.filter(animateurs=user)


def immersions_rattachables(user) -> QuerySet[Immersion]:
    """Les immersions auxquelles l'utilisateur peut rattacher une observation (même règle)."""
    if user.has_perm("terrain.voir_toutes_observations"):
        return Immersion.objects.all()
    if not user.has_perm("terrain.saisir_observation"):
        return Immersion.objects.none()
    return Immersion.objects.filter(observateurs=user)


def observation_fiche(pk: int) -> Observation | None:
    """Une observation avec ce qu'affiche sa fiche (les droits se vérifient ensuite, par objet)."""
    return (
        Observation.objects.select_related("experimentation", "auteur", "entretien", "immersion__lieu", "retiree_par")
        .prefetch_related("communes", "publics", "verbatims__commune")
        .filter(pk=pk)
        .first()
    )


def experimentation_de_recherche(identifiant: str) -> Experimentation | None:
    """L'expérimentation dont le territoire oriente la recherche de communes (la plus récente par défaut)."""
    experimentations = Experimentation.objects.select_related("territoire").order_by("-date_lancement")
    if identifiant.isdigit() and (choisie := experimentations.filter(pk=identifiant).first()):
        return choisie
    return experimentations.first()


def observations_pour_liste(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Les observations prêtes à afficher en tableau : auteur, communes, publics, nombre de verbatims."""
    return (
        queryset.select_related("auteur")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("pk", "nom", "code_insee").order_by("nom")),
            "publics",
        )
        .annotate(nb_verbatims=_compte(Verbatim.objects.all(), "observation"))
    )


def observations_pour_api(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Les observations avec tout ce que l'API renvoie : relations et verbatims."""
    return queryset.select_related("experimentation", "auteur").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "code_insee").order_by("code_insee")),
        Prefetch("lieux", queryset=LieuAccueil.objects.only("pk")),
        "publics",
        Prefetch("verbatims", queryset=Verbatim.objects.select_related("commune").defer(*COMMUNE_LOURD)),
    )


def observations_de_la_fiche(limite: int, **filtre) -> tuple[list[Observation], int]:
    """Les premières observations d'un entretien ou d'une immersion, et leur nombre total."""
    observations = observations_pour_liste(Observation.objects.filter(**filtre))
    return list(observations[:limite]), observations.count()


def entretiens_pour_liste(queryset: QuerySet[Entretien] | None = None) -> QuerySet[Entretien]:
    queryset = Entretien.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("commune", "experimentation")
        .prefetch_related("structures")
        .annotate(nb_observations=_compte(Observation.objects.all(), "entretien"))
    )


def immersions_pour_liste(queryset: QuerySet[Immersion] | None = None) -> QuerySet[Immersion]:
    queryset = Immersion.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("lieu__commune", "experimentation")
        .prefetch_related("observateurs")
        .annotate(nb_observations=_compte(Observation.objects.all(), "immersion"))
    )


def entretien_fiche(pk: int) -> Entretien | None:
    """Un entretien avec ce qu'affiche sa fiche : commune, structures, acteurs, animateurs."""
    return (
        Entretien.objects.select_related("commune", "experimentation")
        .prefetch_related("structures__commune", "acteurs__structure", "animateurs")
        .filter(pk=pk)
        .first()
    )


def immersion_fiche(pk: int) -> Immersion | None:
    """Une immersion avec son lieu d'accueil, sa commune et ses observateurs."""
    return (
        Immersion.objects.select_related("lieu__commune", "experimentation")
        .prefetch_related("observateurs")
        .filter(pk=pk)
        .first()
    )


def canaux_libelles(canaux: list[str]) -> list[str]:
    libelles = dict(Canal.choices)
    return [libelles.get(canal, canal) for canal in canaux]


# Export CSV. Les verbatims sont des données personnelles (profil pseudonyme) : chaque ligne dit
# leur statut de publication, et un verbatim retiré n'est jamais exporté.


def _personne(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# (en-tête, valeur) des colonnes d'une observation ; les apps au-dessus y ajoutent les leurs (irritants).
ColonneCsv = tuple[str, Callable[[Observation], object]]
COLONNES_OBSERVATION: list[ColonneCsv] = [
    ("N° observation", lambda o: o.pk),
    ("Date", lambda o: o.date.isoformat()),
    ("Expérimentation", lambda o: o.experimentation.nom),
    ("Origine", lambda o: o.origine.label),
    ("Entretien ou immersion", lambda o: str(o.entretien or o.immersion or "")),
    ("Nature", lambda o: o.get_type_display()),
    ("Source", lambda o: o.get_source_display()),
    ("Observation", lambda o: o.texte),
    ("Communes (code INSEE)", lambda o: ", ".join(f"{c.nom} ({c.code_insee})" for c in o.communes.all())),
    ("Lieux d'accueil", lambda o: ", ".join(lieu.nom for lieu in o.lieux.all())),
    ("Publics concernés", lambda o: ", ".join(public.nom for public in o.publics.all())),
    ("Auteur", lambda o: _personne(o.auteur)),
]
ENTETES_VERBATIM = ["Verbatim", "Profil de la personne citée", "Statut de publication du verbatim"]


def observations_pour_export(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Tout ce que lisent les colonnes de l'export, préchargé (les verbatims retirés exclus)."""
    return queryset.select_related(
        "experimentation", "auteur", "entretien__commune", "immersion__lieu"
    ).prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "nom", "code_insee").order_by("nom")),
        Prefetch("lieux", queryset=LieuAccueil.objects.only("pk", "nom").order_by("nom")),
        "publics",
        Prefetch("verbatims", queryset=Verbatim.objects.exportables().select_related("commune").defer(*COMMUNE_LOURD)),
    )


def observations_lignes_csv(queryset: QuerySet[Observation], colonnes: list[ColonneCsv]) -> Iterator[list]:
    """Les lignes de l'export : une par verbatim exportable, ou une seule pour une observation sans verbatim.

    Lu par paquets de EXPORT_PAQUET observations (`iterator` avec `prefetch_related`) : la mémoire
    reste bornée et chaque paquet coûte une requête par relation.
    """
    for observation in queryset.iterator(chunk_size=EXPORT_PAQUET):
        debut = [valeur(observation) for _entete, valeur in colonnes]
        verbatims = observation.verbatims.all()
        if not verbatims:
            yield [*debut, "", "", ""]
        for verbatim in verbatims:
            yield [*debut, verbatim.texte, verbatim.profil, verbatim.get_statut_display()]
