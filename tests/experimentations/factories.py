import datetime

import factory

from experimentations.enums import TypePhase
from experimentations.models import Experimentation, Phase


class ExperimentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experimentation
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Expérimentation {n}")
    slug = factory.Sequence(lambda n: f"experimentation-{n}")
    territoire = factory.SubFactory("tests.territoire.factories.TerritoireFactory")
    commanditaire = "DITP"
    date_lancement = datetime.date(2017, 12, 15)
    date_echeance_promesses = datetime.date(2018, 12, 31)

    @factory.post_generation
    def phases_cahors(obj, create, extracted, **kwargs):
        """`phases_cahors=True` : les quatre phases datées de Cahors 2018."""
        if not (create and extracted):
            return
        for type_, debut, fin in (
            (TypePhase.DIAGNOSTIC, datetime.date(2018, 1, 2), datetime.date(2018, 1, 31)),
            (TypePhase.SEMINAIRE, datetime.date(2018, 2, 7), datetime.date(2018, 2, 7)),
            (TypePhase.CO_CONSTRUCTION, datetime.date(2018, 2, 12), datetime.date(2018, 4, 13)),
            (TypePhase.SUIVI, datetime.date(2018, 4, 16), datetime.date(2018, 12, 31)),
        ):
            PhaseFactory(experimentation=obj, type=type_, nom=type_.label, date_debut=debut, date_fin=fin)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    experimentation = factory.SubFactory(ExperimentationFactory)
    type = TypePhase.DIAGNOSTIC
    nom = factory.LazyAttribute(lambda o: TypePhase(o.type).label)
    date_debut = datetime.date(2018, 1, 2)
    date_fin = datetime.date(2018, 1, 31)
