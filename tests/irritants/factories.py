import factory

from irritants.enums import Gravite, StatutIrritant
from irritants.models import Irritant, Preuve, Theme
from tests.experimentations.factories import ExperimentationFactory
from tests.terrain.factories import ObservationFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    """Les trois thèmes initiaux existent déjà (migration) : get_or_create sur le slug."""

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = "accessibilite-mobilite"
    nom = "Accessibilité des services publics et mobilité"


class IrritantFactory(factory.django.DjangoModelFactory):
    """Un irritant publié ; `brouillon=True` ou `retire=True` pour les autres états."""

    class Meta:
        model = Irritant

    class Params:
        brouillon = factory.Trait(statut=StatutIrritant.BROUILLON)
        retire = factory.Trait(statut=StatutIrritant.RETIRE)

    experimentation = factory.SubFactory(ExperimentationFactory)
    titre = factory.Sequence(lambda n: f"Se déplacer sans voiture vers les services ({n})")
    description = "Les transports en commun sont rares hors de Cahors."
    theme = factory.SubFactory(ThemeFactory)
    gravite = Gravite.FORTE
    statut = StatutIrritant.PUBLIE


class PreuveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preuve

    irritant = factory.SubFactory(IrritantFactory)
    observation = factory.SubFactory(
        ObservationFactory, experimentation=factory.SelfAttribute("..irritant.experimentation")
    )
