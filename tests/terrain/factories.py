import datetime

import factory

from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation, TypeStructure
from terrain.models import Acteur, Entretien, Immersion, Observation, Public, Structure, Verbatim
from tests.comptes.factories import UserFactory
from tests.experimentations.factories import ExperimentationFactory
from tests.territoire.factories import CommuneFactory, LieuAccueilFactory


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    nom = factory.Sequence(lambda n: f"Association d'entraide n° {n}")
    type = TypeStructure.ASSOCIATION
    commune = factory.SubFactory(CommuneFactory)


class ActeurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acteur

    fonction = "Conseillère en insertion"
    structure = factory.SubFactory(StructureFactory)


class PublicFactory(factory.django.DjangoModelFactory):
    """Les publics initiaux existent déjà (migration) : get_or_create sur le slug."""

    class Meta:
        model = Public
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"public-{n}")
    nom = factory.Sequence(lambda n: f"Public n° {n}")


class EntretienFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entretien

    experimentation = factory.SubFactory(ExperimentationFactory)
    date = datetime.date(2018, 1, 15)
    lieu = "Salle du conseil"
    commune = factory.SubFactory(CommuneFactory)
    nb_participants = 4
    themes = factory.LazyFunction(lambda: ["mobilité"])


class ImmersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Immersion

    experimentation = factory.SubFactory(ExperimentationFactory)
    lieu = factory.SubFactory(LieuAccueilFactory)
    date = datetime.date(2018, 1, 18)
    duree_minutes = 180
    attente = "Vingt minutes d'attente debout en milieu de matinée."
    canaux = factory.LazyFunction(lambda: ["guichet"])


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation
        skip_postgeneration_save = True

    experimentation = factory.SubFactory(ExperimentationFactory)
    date = datetime.date(2018, 1, 16)
    texte = factory.Sequence(lambda n: f"Sans voiture, impossible de rejoindre l'accueil de la CAF (observation {n}).")
    type = TypeObservation.DIFFICULTE
    source = SourceObservation.USAGER
    auteur = factory.SubFactory(UserFactory)

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.communes.set(extracted)

    @factory.post_generation
    def publics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.publics.set(extracted)

    @factory.post_generation
    def lieux(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.lieux.set(extracted)


class VerbatimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verbatim

    observation = factory.SubFactory(ObservationFactory)
    texte = "Le bus passe deux fois par jour, alors je demande à ma voisine."
    tranche_age = TrancheAge.DE_60_A_74
    situation = "retraitée, vit seule"
    statut = StatutPublication.PUBLIABLE
