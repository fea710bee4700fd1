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
