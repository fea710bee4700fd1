"""Fabriques du séminaire, des ateliers et de la co-construction.

`SeminaireFactory` : le choix est ouvert (de la veille au lendemain) et publié ; `AtelierFactory` crée son persona
dans l'expérimentation du séminaire. `EngagementFactory` crée sa lettre d'engagement (et son atelier).
"""

import datetime

import factory
from django.utils import timezone

from ateliers.enums import Decision, OrigineMembre, TypeParticipant
from ateliers.models import (
    Atelier,
    Cycle,
    Engagement,
    Equipe,
    InscriptionLabo,
    LettreEngagement,
    MembreEquipe,
    Participant,
    Seminaire,
    SessionLabo,
)
from tests.experimentations.factories import ExperimentationFactory
from tests.personas.factories import PersonaFactory


class SeminaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminaire

    experimentation = factory.SubFactory(ExperimentationFactory)
    titre = "Séminaire d'orientation"
    slug = factory.Sequence(lambda n: f"seminaire-{n}")
    date = datetime.date(2018, 2, 7)
    lieu = "Espace Valentré, Cahors"
    capacite = 60
    choix_ouverture = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    choix_fermeture = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    publie = True


class AtelierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atelier

    seminaire = factory.SubFactory(SeminaireFactory)
    persona = factory.LazyAttribute(lambda o: PersonaFactory(experimentation=o.seminaire.experimentation))
    salle = factory.Sequence(lambda n: f"Salle {n}")
    animateur_nom = "Claire"
    capacite = 8
    ordre = factory.Sequence(int)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    seminaire = factory.SubFactory(SeminaireFactory)
    nom = factory.Sequence(lambda n: f"Participant {n}")
    organisation = "CAF du Lot"
    type = TypeParticipant.AGENT_PUBLIC


class LettreEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LettreEngagement

    atelier = factory.SubFactory(AtelierFactory)
    introduction = "Chère Roseline, nous avons entendu votre lettre."


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    lettre = factory.SubFactory(LettreEngagementFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = "Un agent vient chez vous"
    description = "Une visite à domicile sur rendez-vous."
    porteur_libre = "Mairie de Cahors"
    echeance = datetime.date(2018, 12, 31)


class EquipeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipe

    engagement = factory.SubFactory(EngagementFactory, retenu=True, ordre_retenu=1)
    nom = "Équipe Roseline"
    slug = factory.Sequence(lambda n: f"equipe-{n}")
    publiee = True


class MembreEquipeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreEquipe

    equipe = factory.SubFactory(EquipeFactory)
    nom = factory.Sequence(lambda n: f"Membre {n}")
    origine = OrigineMembre.AGENT


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    equipe = factory.SubFactory(EquipeFactory)
    numero = factory.Sequence(lambda n: n + 1)
    date_debut = datetime.date(2018, 2, 12)
    date_fin = datetime.date(2018, 2, 23)
    objectif = "Tester une permanence itinérante."
    decision = Decision.AJUSTER
    publie = True


class SessionLaboFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionLabo

    experimentation = factory.SubFactory(ExperimentationFactory)
    theme = "Tester la maquette du guichet itinérant"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    heure_debut = datetime.time(14, 0)
    heure_fin = datetime.time(16, 0)
    capacite = 5
    publiee = True


class InscriptionLaboFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InscriptionLabo

    session = factory.SubFactory(SessionLaboFactory)
    nom = factory.Sequence(lambda n: f"Visiteur {n}")
    consentement = True
