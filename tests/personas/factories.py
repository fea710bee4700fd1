"""Fabriques des personas et de leurs lettres.

Un persona vit dans une commune du territoire de son expérimentation (la fabrique l'y ajoute) et naît publié ;
`brouillon=True` pour un brouillon. `irritants=[…]` (dans l'ordre) et `publics=[…]` se passent à la création.
"""

import datetime

import factory

from personas.enums import AutonomieNumerique, Mobilite, StatutPersona
from personas.models import LettreInterpellation, LettreIrritant, Persona, PersonaIrritant
from tests.experimentations.factories import ExperimentationFactory
from tests.territoire.factories import AppartenanceTerritoireFactory


def commune_du_territoire(experimentation):
    return AppartenanceTerritoireFactory(territoire=experimentation.territoire).commune


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona
        skip_postgeneration_save = True

    class Params:
        brouillon = factory.Trait(statut=StatutPersona.BROUILLON)

    experimentation = factory.SubFactory(ExperimentationFactory)
    prenom = "Roseline"
    slug = factory.Sequence(lambda n: f"persona-{n}")
    age = 83
    situation_familiale = "veuve, vit seule dans un hameau"
    situation_professionnelle = "retraitée, ancienne agricultrice"
    commune = factory.LazyAttribute(lambda o: commune_du_territoire(o.experimentation))
    mobilite = Mobilite.PROCHES
    autonomie_numerique = AutonomieNumerique.ELOIGNEE
    portrait = "Roseline vit seule depuis six ans."
    besoins = "- Une aide pour rester chez elle."
    attentes = "- Qu'on vienne la voir."
    freins = "- L'isolement."
    statut = StatutPersona.PUBLIE

    @factory.post_generation
    def irritants(obj, create, extracted, **kwargs):
        if create and extracted:
            PersonaIrritant.objects.bulk_create(
                PersonaIrritant(persona=obj, irritant=irritant, ordre=n) for n, irritant in enumerate(extracted, 1)
            )

    @factory.post_generation
    def publics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.publics.set(extracted)


class LettreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LettreInterpellation
        skip_postgeneration_save = True

    persona = factory.SubFactory(PersonaFactory)
    objet = "rester chez moi sans être oubliée"
    destinataire = "Mesdames et Messieurs les responsables\ndes services publics"
    date_lettre = datetime.date(2018, 2, 5)
    corps = "Je vis seule depuis six ans[^1]."
    politesse = "Je vous prie d'agréer, Madame, Monsieur, mes salutations."

    @factory.post_generation
    def irritants(obj, create, extracted, **kwargs):
        if create and extracted:
            LettreIrritant.objects.bulk_create(
                LettreIrritant(lettre=obj, irritant=irritant, ordre=rang) for rang, irritant in enumerate(extracted, 1)
            )
