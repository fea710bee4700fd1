"""Lectures partagées du terrain : listes, fiches et export, en un nombre de requêtes borné.

Chaque liste charge ses relations d'un coup (`select_related` pour les clés étrangères,
`prefetch_related` pour les relations multiples) et compte par sous-requête : le nombre de
requêtes SQL ne dépend pas du nombre de lignes.
"""

from collections.abc import Iterator

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from terrain.enums import StatutPublication
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
    """Toutes les observations pour un facilitateur, les siennes pour un agent."""
    return Observation.objects.visibles_par(user)


def observations_pour_liste(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Les observations prêtes à afficher en tableau : auteur, communes, publics, irritants, nombre de verbatims."""
    return (
        queryset.select_related("auteur")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("pk", "nom", "code_insee").order_by("nom")),
            "publics",
            # Relation inverse vers l'app irritants : lue sans l'importer (le terrain est en dessous).
            "irritants",
        )
        .annotate(nb_verbatims=_compte(Verbatim.objects.all(), "observation"))
    )


def observations_pour_api(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Les observations avec tout ce que l'API renvoie : relations, verbatims, irritants."""
    return queryset.select_related("experimentation", "auteur").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "code_insee").order_by("code_insee")),
        Prefetch("lieux", queryset=LieuAccueil.objects.only("pk")),
        "publics",
        Prefetch("verbatims", queryset=Verbatim.objects.select_related("commune").defer(*COMMUNE_LOURD)),
        "irritants",
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
ENTETES_CSV = [
    "N° observation",
    "Date",
    "Expérimentation",
    "Origine",
    "Entretien ou immersion",
    "Nature",
    "Source",
    "Observation",
    "Communes (code INSEE)",
    "Lieux d'accueil",
    "Publics concernés",
    "Auteur",
    "Irritants",
    "Verbatim",
    "Profil de la personne citée",
    "Statut de publication du verbatim",
]
ORIGINES_LIBELLES = {"entretien": "Entretien collectif", "immersion": "Immersion", "terrain": "Terrain"}


def observations_lignes_csv(queryset: QuerySet[Observation]) -> Iterator[list]:
    """Les lignes de l'export : une par verbatim exportable, ou une seule pour une observation sans verbatim.

    Lu par paquets de EXPORT_PAQUET observations (`iterator` avec `prefetch_related`) : la mémoire
    reste bornée et chaque paquet coûte une requête par relation.
    """
    verbatims = (
        Verbatim.objects.exclude(statut=StatutPublication.RETIRE).select_related("commune").defer(*COMMUNE_LOURD)
    )
    observations = queryset.select_related(
        "experimentation", "auteur", "entretien__commune", "immersion__lieu"
    ).prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "nom", "code_insee").order_by("nom")),
        Prefetch("lieux", queryset=LieuAccueil.objects.only("pk", "nom").order_by("nom")),
        "publics",
        "irritants",
        Prefetch("verbatims", queryset=verbatims),
    )
    for observation in observations.iterator(chunk_size=EXPORT_PAQUET):
        origine = observation.entretien or observation.immersion
        debut = [
            observation.pk,
            observation.date.isoformat(),
            observation.experimentation.nom,
            ORIGINES_LIBELLES[observation.origine],
            str(origine) if origine else "",
            observation.get_type_display(),
            observation.get_source_display(),
            observation.texte,
            ", ".join(f"{c.nom} ({c.code_insee})" for c in observation.communes.all()),
            ", ".join(lieu.nom for lieu in observation.lieux.all()),
            ", ".join(public.nom for public in observation.publics.all()),
            (observation.auteur.get_full_name() or observation.auteur.username) if observation.auteur else "",
            " | ".join(irritant.titre for irritant in observation.irritants.all()),
        ]
        verbatims_observation = observation.verbatims.all()
        if not verbatims_observation:
            yield [*debut, "", "", ""]
        for verbatim in verbatims_observation:
            yield [*debut, verbatim.texte, verbatim.profil, verbatim.get_statut_display()]
