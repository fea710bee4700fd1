"""Lectures partagées du séminaire et des ateliers, chacune en un nombre fixe de requêtes."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ateliers.enums import Decision, EtatInscription
from ateliers.models import (
    Atelier,
    Choix,
    Cycle,
    Engagement,
    Equipe,
    Participant,
    Seminaire,
    SessionLabo,
    TestTerrain,
    Vote,
)
from experimentations.models import Experimentation


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


def atelier_a_choisir(identifiant: str) -> Atelier | None:
    """L'atelier demandé par un envoi de choix, avec le prénom de son persona et `nb_inscrits` (une requête) :
    `nb_inscrits`, lu sans verrou, sert au refus rapide d'un atelier complet pendant la rafale ; la capacité se tient
    sous verrou, et le séminaire se vérifie, dans `services.choix_enregistrer`. None si l'identifiant ne désigne
    aucun atelier."""
    if not identifiant.isdigit() or len(identifiant) > 18:
        return None
    # Seules les colonnes dont l'envoi a besoin, et un COUNT par jointure (deux fois moins cher à construire, pour
    # l'ORM, que la sous-requête des pages) : c'est le chemin de la rafale.
    return (
        Atelier.objects.filter(pk=int(identifiant))
        .select_related("persona")
        .only("pk", "seminaire_id", "persona_id", "capacite", "persona__prenom")
        .annotate(nb_inscrits=Count("places"))
        .first()
    )


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


# --- Co-construction et laboratoire -------------------------------------------------------------------------------


def equipe_lire(slug: str, *, voir_tout: bool) -> Equipe | None:
    equipes = Equipe.objects.select_related(
        "engagement__lettre__atelier__persona", "engagement__lettre__atelier__seminaire"
    )
    if not voir_tout:
        equipes = equipes.filter(publiee=True)
    return equipes.filter(slug=slug).first()


def cycles_de(equipe: Equipe, *, voir_tout: bool) -> list[Cycle]:
    """Les cycles de l'équipe (publiés, pour le public), avec pistes, maquettes et tests : quatre requêtes."""
    cycles = Cycle.objects.filter(equipe=equipe).order_by("numero")
    if not voir_tout:
        cycles = cycles.filter(publie=True)
    return list(
        cycles.prefetch_related(
            "pistes",
            "maquettes",
            Prefetch("tests", queryset=TestTerrain.objects.select_related("commune", "lieu").order_by("date", "pk")),
        )
    )


def equipes_progression(*, voir_tout: bool) -> list[Equipe]:
    """Les équipes et leur avancée (cycles publiés, tests, usagers rencontrés, dernière décision) : une requête."""
    publies = Q(cycles__publie=True) if not voir_tout else Q()
    equipes = Equipe.objects.select_related("engagement__lettre__atelier__persona").annotate(
        nb_cycles=Count("cycles", filter=publies, distinct=True),
        nb_tests=Count("cycles__tests", filter=publies, distinct=True),
        usagers=Coalesce(
            Subquery(
                TestTerrain.objects.filter(
                    cycle__equipe=OuterRef("pk"), **({} if voir_tout else {"cycle__publie": True})
                )
                .order_by()
                .values("cycle__equipe")
                .annotate(total=Sum("usagers_rencontres"))
                .values("total")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        derniere_decision=Subquery(
            Cycle.objects.filter(equipe=OuterRef("pk"), **({} if voir_tout else {"publie": True}))
            .exclude(decision="")
            .order_by("-numero")
            .values("decision")[:1]
        ),
    )
    if not voir_tout:
        equipes = equipes.filter(publiee=True)
    return list(equipes.order_by("engagement__ordre_retenu", "pk"))


def _sessions_annotees(sessions):
    return sessions.select_related("equipe").annotate(
        nb_confirmees=Count("inscriptions", filter=Q(inscriptions__etat=EtatInscription.CONFIRMEE)),
        nb_attente=Count("inscriptions", filter=Q(inscriptions__etat=EtatInscription.ATTENTE)),
    )


def _places(sessions) -> list[SessionLabo]:
    liste = list(sessions)
    for session in liste:
        session.places_restantes = max(session.capacite - session.nb_confirmees, 0)
        session.complete = session.places_restantes == 0
    return liste


def sessions_a_venir(*, voir_tout: bool, aujourd_hui=None) -> list[SessionLabo]:
    """Les sessions du laboratoire à venir (publiées, pour le public), avec leurs places : une requête."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    sessions = SessionLabo.objects.filter(date__gte=aujourd_hui)
    if not voir_tout:
        sessions = sessions.filter(publiee=True)
    return _places(_sessions_annotees(sessions).order_by("date", "heure_debut", "pk"))


def sessions_passees(*, voir_tout: bool, aujourd_hui=None, limite: int = 20) -> list[SessionLabo]:
    aujourd_hui = aujourd_hui or timezone.localdate()
    sessions = SessionLabo.objects.filter(date__lt=aujourd_hui)
    if not voir_tout:
        sessions = sessions.filter(publiee=True)
    return _places(_sessions_annotees(sessions).order_by("-date", "-heure_debut", "-pk")[:limite])


def session_lire(pk: int, *, voir_tout: bool) -> SessionLabo | None:
    sessions = SessionLabo.objects.filter(pk=pk)
    if not voir_tout:
        sessions = sessions.filter(publiee=True)
    resultat = _places(_sessions_annotees(sessions))
    return resultat[0] if resultat else None


def experimentation_par_defaut():
    """L'expérimentation proposée d'abord pour une nouvelle séance : la plus récemment lancée."""
    return Experimentation.objects.order_by("-date_lancement", "-pk").first()


def ouvertures(seminaire: Seminaire, maintenant=None) -> dict:
    """L'état du choix des ateliers et du vote, pour les boutons « Ouvrir maintenant » / « Fermer »."""
    maintenant = maintenant or timezone.now()
    return {
        "choix_ouvert": seminaire.choix_ouvert(maintenant),
        "choix_a_venir": maintenant < seminaire.choix_ouverture,
        "vote_ouvert": seminaire.vote_ouvert(maintenant),
        "vote_a_venir": bool(seminaire.vote_ouverture and maintenant < seminaire.vote_ouverture),
    }


def equipes_accueil(experimentation, *, aujourd_hui=None) -> list[Equipe]:
    """Les équipes publiées de l'expérimentation et leur avancée publique, pour l'accueil : chacune avec
    `nb_cycles` (cycles publiés, prévus), `nb_cycles_faits` (publiés et finis avant aujourd'hui) et
    `derniere_decision` (celle du dernier cycle publié qui en a une, avec son libellé). Une requête."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    publies = Q(cycles__publie=True)
    equipes = list(
        Equipe.objects.filter(publiee=True, engagement__lettre__atelier__seminaire__experimentation=experimentation)
        .select_related("engagement__lettre__atelier__persona")
        .annotate(
            nb_cycles=Count("cycles", filter=publies, distinct=True),
            nb_cycles_faits=Count("cycles", filter=publies & Q(cycles__date_fin__lt=aujourd_hui), distinct=True),
            derniere_decision=Subquery(
                Cycle.objects.filter(equipe=OuterRef("pk"), publie=True)
                .exclude(decision="")
                .order_by("-numero")
                .values("decision")[:1]
            ),
        )
        .order_by("engagement__ordre_retenu", "pk")
    )
    for equipe in equipes:
        equipe.derniere_decision_libelle = Decision(equipe.derniere_decision).label if equipe.derniere_decision else ""
    return equipes
