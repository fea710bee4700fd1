"""Lectures partagées du séminaire et des ateliers, chacune en un nombre fixe de requêtes."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ateliers.models import Atelier, Choix, Engagement, Equipe, Participant, Seminaire, Vote


def _compte(queryset, champ: str):
    """Un décompte en sous-requête : sans jointure qui multiplierait les lignes."""
    return Coalesce(
        Subquery(
            queryset.filter(**{champ: OuterRef("pk")})
            .order_by()
            .values(champ)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def seminaires_visibles(*, voir_tout: bool):
    seminaires = Seminaire.objects.select_related("experimentation")
    return seminaires if voir_tout else seminaires.filter(publie=True)


def seminaire_courant(*, voir_tout: bool = False) -> Seminaire | None:
    """Le séminaire le plus récent (publié, pour le public)."""
    return seminaires_visibles(voir_tout=voir_tout).order_by("-date", "-pk").first()


def ateliers_places(seminaire: Seminaire) -> list[Atelier]:
    """Les ateliers du séminaire, chacun avec `nb_inscrits`, `nb_attente` et `places_restantes`, son persona et
    l'objet de la lettre de son persona : une requête."""
    ateliers = list(
        Atelier.objects.filter(seminaire=seminaire)
        .select_related("persona__commune", "persona__lettre")
        .annotate(nb_inscrits=_compte(Choix.objects.all(), "atelier"))
        .annotate(nb_attente=_compte(Choix.objects.all(), "atelier_attente"))
        .order_by("ordre", "pk")
    )
    for atelier in ateliers:
        atelier.places_restantes = max(atelier.capacite - atelier.nb_inscrits, 0)
        atelier.complet = atelier.places_restantes == 0
        atelier.taux = round(100 * min(atelier.nb_inscrits, atelier.capacite) / atelier.capacite)
    return ateliers


def totaux(ateliers: list[Atelier]) -> dict:
    return {
        "inscrits": sum(a.nb_inscrits for a in ateliers),
        "attente": sum(a.nb_attente for a in ateliers),
        "places": sum(a.capacite for a in ateliers),
    }


def choix_du_participant(participant: Participant) -> Choix | None:
    return (
        Choix.objects.select_related("atelier__persona", "atelier_attente__persona")
        .filter(participant=participant)
        .first()
    )


def participants_liste(seminaire: Seminaire):
    """Les participants d'un séminaire avec leur choix (pour les facilitateurs) : une requête par page."""
    return (
        Participant.objects.filter(seminaire=seminaire)
        .select_related("structure", "choix__atelier__persona", "choix__atelier_attente__persona")
        .annotate(nb_voix=Count("votes"))
        .order_by("nom", "pk")
    )


def engagements_du_seminaire(seminaire: Seminaire):
    """Les engagements actifs de toutes les lettres du séminaire, avec leur nombre de voix : une requête."""
    return (
        Engagement.objects.actifs()
        .filter(lettre__atelier__seminaire=seminaire)
        .select_related("lettre__atelier__persona", "porteur_structure")
        .annotate(nb_voix=_compte(Vote.objects.all(), "engagement"))
        .order_by("lettre__atelier__ordre", "lettre__atelier_id", "numero", "pk")
    )


def resultats_vote(seminaire: Seminaire) -> list[Engagement]:
    """Les engagements classés par voix décroissantes (puis par atelier et numéro)."""
    return sorted(engagements_du_seminaire(seminaire), key=lambda e: -e.nb_voix)


def nb_votants(seminaire: Seminaire) -> int:
    return Participant.objects.filter(seminaire=seminaire).filter(Q(votes__isnull=False)).distinct().count()


def equipes_publiques(seminaire: Seminaire, *, voir_tout: bool):
    """Les équipes des promesses retenues du séminaire (publiées, pour le public), dans l'ordre des promesses."""
    equipes = Equipe.objects.filter(engagement__lettre__atelier__seminaire=seminaire).select_related(
        "engagement__lettre__atelier__persona"
    )
    return list(equipes if voir_tout else equipes.filter(publiee=True))


def engagements_de_lettre(lettre):
    """Les engagements actifs d'une lettre, avec porteur et irritants : deux requêtes."""
    return list(
        Engagement.objects.actifs()
        .filter(lettre=lettre)
        .select_related("porteur_structure")
        .prefetch_related("irritants")
        .order_by("numero", "pk")
    )
