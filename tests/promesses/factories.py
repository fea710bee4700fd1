"""Fabriques du suivi des promesses, avec le minimum des ateliers dont elles dépendent (séminaire, atelier,
lettre d'engagement, engagement). `promesse(...)` passe par le contrat : l'engagement est créé puis annoncé par
`ateliers.signals.engagement_enregistre`, et c'est le récepteur des promesses qui crée la `Promesse`.
"""

import datetime

import factory
from django.utils import timezone

from ateliers import signals
from ateliers.models import Atelier, Engagement, LettreEngagement, Seminaire
from promesses.models import Promesse
from tests.experimentations.factories import ExperimentationFactory
from tests.personas.factories import LettreFactory, PersonaFactory
from tests.terrain.factories import StructureFactory


class SeminaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminaire

    experimentation = factory.SubFactory(ExperimentationFactory)
    titre = "Séminaire de lancement"
    slug = factory.Sequence(lambda n: f"seminaire-{n}")
    date = datetime.date(2018, 2, 7)
    lieu = "Cahors"
    capacite = 60
    choix_ouverture = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2018, 2, 1, 9)))
    choix_fermeture = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2018, 2, 7, 9)))
    publie = True


class AtelierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atelier

    seminaire = factory.SubFactory(SeminaireFactory)
    persona = factory.LazyAttribute(lambda o: PersonaFactory(experimentation=o.seminaire.experimentation))
    capacite = 8


class LettreEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LettreEngagement

    atelier = factory.SubFactory(AtelierFactory)
    introduction = "Nous nous engageons."


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    lettre = factory.SubFactory(LettreEngagementFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Un transport à la demande vers les services n° {n}")
    description = "Un minibus sur réservation."
    porteur_structure = factory.SubFactory(StructureFactory)
    echeance = datetime.date(2018, 12, 31)

    @factory.post_generation
    def irritants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.irritants.set(extracted)


def promesse(**kwargs) -> Promesse:
    """Un engagement annoncé aux apps du dessus, et la promesse que son récepteur a créée."""
    engagement = EngagementFactory(**kwargs)
    signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=True)
    return Promesse.objects.get(engagement=engagement)


def lettre_complete(experimentation=None, *, prenom="Roseline", fil_rouge=False, **persona):
    """Une lettre d'engagement répondant à un persona publié qui a sa lettre d'interpellation."""
    experimentation = experimentation or ExperimentationFactory()
    seminaire = Seminaire.objects.filter(experimentation=experimentation).first() or SeminaireFactory(
        experimentation=experimentation
    )
    persona_obj = PersonaFactory(experimentation=experimentation, prenom=prenom, fil_rouge=fil_rouge, **persona)
    LettreFactory(persona=persona_obj)
    return LettreEngagementFactory(atelier=AtelierFactory(seminaire=seminaire, persona=persona_obj))


def jeu_de_donnees(nb_promesses: int = 10, *, experimentation=None, commune=None):
    """Une expérimentation avec deux personas publiés (Roseline au fil rouge), `nb_promesses` promesses réparties,
    un irritant publié étayé (un verbatim publiable, un interne) par promesse, un point d'avancement et deux
    instantanés par promesse, et la première promesse retenue avec une équipe publiée (un cycle, un test)."""
    from ateliers.models import Cycle, Equipe, TestTerrain
    from promesses.models import InstantanePromesse, PointAvancement
    from terrain.enums import StatutPublication
    from tests.irritants.factories import IrritantFactory, PreuveFactory
    from tests.terrain.factories import VerbatimFactory

    experimentation = experimentation or ExperimentationFactory(slug="cahors-2018", nom="Carte Blanche à Cahors")
    communes = {"commune": commune} if commune else {}
    lettres = [
        lettre_complete(experimentation, prenom="Roseline", fil_rouge=True, slug="roseline", **communes),
        lettre_complete(experimentation, prenom="Sébastien", slug="sebastien", **communes),
    ]
    promesses = []
    for n in range(nb_promesses):
        irritant = IrritantFactory(experimentation=experimentation)
        preuve = PreuveFactory(irritant=irritant)
        VerbatimFactory(observation=preuve.observation)
        VerbatimFactory(observation=preuve.observation, statut=StatutPublication.INTERNE, texte="Secret interne")
        engagement = EngagementFactory(
            lettre=lettres[n % 2],
            numero=n + 1,
            irritants=[irritant],
            **({"porteur_structure__commune": commune} if commune else {}),
        )
        if n == 0:
            engagement.retenu, engagement.ordre_retenu = True, 1
            engagement.save()
        promesses.append(promesse_annoncee(engagement))
    PointAvancement.objects.bulk_create(
        PointAvancement(
            promesse=p, date=datetime.date(2018, 5, 2), avancement=50, statut="en_cours", auteur_nom="Porteur"
        )
        for p in promesses
    )
    Promesse.objects.filter(pk__in=[p.pk for p in promesses]).update(
        avancement=50, statut="en_cours", statut_declare="en_cours", derniere_mise_a_jour=datetime.date(2018, 5, 2)
    )
    InstantanePromesse.objects.bulk_create(
        InstantanePromesse(promesse=p, date=date, avancement=avancement, statut="en_cours")
        for p in promesses
        for date, avancement in ((datetime.date(2018, 4, 30), 20), (datetime.date(2018, 5, 31), 50))
    )
    equipe = Equipe.objects.create(
        engagement=promesses[0].engagement, nom="Équipe Roseline", slug="equipe-roseline", publiee=True
    )
    cycle = Cycle.objects.create(
        equipe=equipe,
        numero=1,
        date_debut=datetime.date(2018, 2, 12),
        date_fin=datetime.date(2018, 2, 23),
        objectif="Tester un minibus",
        publie=True,
    )
    TestTerrain.objects.create(
        cycle=cycle,
        commune=lettres[0].atelier.persona.commune,
        date=datetime.date(2018, 2, 20),
        usagers_rencontres=7,
        enseignements="Les horaires comptent plus que le prix.",
    )
    Cycle.objects.create(
        equipe=equipe,
        numero=2,
        date_debut=datetime.date(2018, 2, 26),
        date_fin=datetime.date(2018, 3, 9),
        objectif="Cycle non publié",
        publie=False,
    )
    return experimentation, [Promesse.objects.get(pk=p.pk) for p in promesses]


def promesse_annoncee(engagement) -> Promesse:
    signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=True)
    return Promesse.objects.get(engagement=engagement)
