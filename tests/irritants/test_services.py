"""Services des irritants : rattacher (idempotent), détacher, créer, fusionner — et le journal de chaque geste."""

import pytest
from django.core.exceptions import ValidationError

from irritants import services
from irritants.enums import ActionCodage, Gravite
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from tests.comptes.factories import facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory, ThemeFactory
from tests.terrain.factories import ObservationFactory

THEMES_INITIAUX = [
    ("accessibilite-mobilite", "Accessibilité des services publics et mobilité"),
    ("adaptation-reponse", "Adaptation de la réponse des services aux besoins des usagers"),
    ("accompagnement-eloignes", "Accompagnement des usagers les plus éloignés"),
]


def themes_initiaux() -> list[Theme]:
    """Les trois thèmes de la migration 0003, recréés s'il le faut : les tests de navigateur (base
    transactionnelle vidée après chaque test) effacent les données des migrations pour les suivants."""
    return [ThemeFactory(slug=slug, nom=nom, ordre=ordre) for ordre, (slug, nom) in enumerate(THEMES_INITIAUX, 1)]


@pytest.fixture(autouse=True)
def _themes():
    return themes_initiaux()


@pytest.fixture
def camille():
    return facilitateur(username="camille", first_name="Camille", last_name="Durand")


@pytest.fixture
def experimentation():
    return ExperimentationFactory()


def test_rattacher_une_observation_est_idempotent_et_journalise_une_fois(camille, experimentation):
    irritant = IrritantFactory(experimentation=experimentation)
    observation = ObservationFactory(experimentation=experimentation)

    preuve, cree = services.preuve_ajouter(acteur=camille, irritant=irritant, observation=observation)
    meme_preuve, cree_encore = services.preuve_ajouter(acteur=camille, irritant=irritant, observation=observation)

    assert (cree, cree_encore) == (True, False)
    assert preuve.pk == meme_preuve.pk
    assert preuve.code_par == camille
    assert Preuve.objects.filter(irritant=irritant).count() == 1
    evenement = EvenementCodage.objects.get()
    assert (evenement.action, evenement.irritant, evenement.observation, evenement.par) == (
        ActionCodage.RATTACHEMENT,
        irritant,
        observation,
        camille,
    )


def test_rattacher_une_observation_d_une_autre_experimentation_est_refuse(camille, experimentation):
    irritant = IrritantFactory(experimentation=experimentation)
    ailleurs = ObservationFactory(experimentation=ExperimentationFactory())

    with pytest.raises(ValidationError, match="autre expérimentation"):
        services.preuve_ajouter(acteur=camille, irritant=irritant, observation=ailleurs)

    assert not Preuve.objects.exists()
    assert not EvenementCodage.objects.exists()


def test_rattacher_a_un_irritant_fusionne_est_refuse(camille, experimentation):
    cible = IrritantFactory(experimentation=experimentation)
    fusionne = IrritantFactory(experimentation=experimentation, fusionne_dans=cible)

    with pytest.raises(ValidationError, match="fusionné"):
        services.preuve_ajouter(
            acteur=camille, irritant=fusionne, observation=ObservationFactory(experimentation=experimentation)
        )
    assert not Preuve.objects.exists()


def test_retirer_une_preuve_journalise_et_ne_fait_rien_la_seconde_fois(camille, experimentation):
    preuve = PreuveFactory(irritant__experimentation=experimentation)

    assert services.preuve_retirer(acteur=camille, irritant=preuve.irritant, observation=preuve.observation)
    assert not services.preuve_retirer(acteur=camille, irritant=preuve.irritant, observation=preuve.observation)

    assert not Preuve.objects.exists()
    assert list(EvenementCodage.objects.values_list("action", flat=True)) == [ActionCodage.DETACHEMENT]


def test_creer_un_irritant_avec_son_observation(camille, experimentation):
    observation = ObservationFactory(experimentation=experimentation)
    theme = Theme.objects.get(slug="adaptation-reponse")

    irritant = services.irritant_creer(
        acteur=camille,
        experimentation=experimentation,
        titre="  Des courriers incompréhensibles  ",
        theme=theme,
        gravite=Gravite.FORTE,
        observation=observation,
    )

    assert irritant.titre == "Des courriers incompréhensibles"
    assert list(irritant.observations.all()) == [observation]
    assert sorted(EvenementCodage.objects.values_list("action", flat=True)) == [
        ActionCodage.CREATION,
        ActionCodage.RATTACHEMENT,
    ]


def test_creer_un_irritant_sans_titre_ne_laisse_rien(camille, experimentation):
    with pytest.raises(ValidationError):
        services.irritant_creer(
            acteur=camille, experimentation=experimentation, titre="   ", theme=Theme.objects.first()
        )
    assert not Irritant.objects.exists()
    assert not EvenementCodage.objects.exists()


def test_creer_un_irritant_avec_une_observation_d_ailleurs_ne_laisse_rien(camille, experimentation):
    """Tout ou rien : la création est annulée si le rattachement est refusé."""
    with pytest.raises(ValidationError, match="autre expérimentation"):
        services.irritant_creer(
            acteur=camille,
            experimentation=experimentation,
            titre="Attente au guichet",
            theme=Theme.objects.first(),
            observation=ObservationFactory(experimentation=ExperimentationFactory()),
        )
    assert not Irritant.objects.exists()
    assert not EvenementCodage.objects.exists()


def test_fusionner_garde_toutes_les_preuves_sans_doublon_et_journalise(camille, experimentation):
    source = IrritantFactory(experimentation=experimentation, titre="Bus trop rares")
    cible = IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture")
    commune_aux_deux, seulement_source, seulement_cible = ObservationFactory.create_batch(
        3, experimentation=experimentation
    )
    for irritant, observation in (
        (source, commune_aux_deux),
        (cible, commune_aux_deux),
        (source, seulement_source),
        (cible, seulement_cible),
    ):
        PreuveFactory(irritant=irritant, observation=observation, code_par=camille)
    deja_fusionne = IrritantFactory(experimentation=experimentation, fusionne_dans=source)

    resultat = services.irritants_fusionner(acteur=camille, source=source, cible=cible)

    assert resultat == cible
    assert set(cible.observations.all()) == {commune_aux_deux, seulement_source, seulement_cible}
    assert Preuve.objects.filter(irritant=cible).count() == 3
    assert not Preuve.objects.filter(irritant=source).exists()
    source.refresh_from_db()
    deja_fusionne.refresh_from_db()
    assert source.fusionne_dans == cible
    assert deja_fusionne.fusionne_dans == cible, "les irritants déjà fusionnés suivent : une seule redirection"
    # La preuve déplacée garde son auteur et sa date de codage.
    assert Preuve.objects.get(irritant=cible, observation=seulement_source).code_par == camille
    evenement = EvenementCodage.objects.get(action=ActionCodage.FUSION)
    assert (evenement.irritant, evenement.autre_irritant, evenement.par) == (cible, source, camille)
    assert evenement.le is not None


def test_fusionner_un_irritant_avec_lui_meme_est_refuse(camille, experimentation):
    irritant = IrritantFactory(experimentation=experimentation)

    with pytest.raises(ValidationError, match="lui-même"):
        services.irritants_fusionner(acteur=camille, source=irritant, cible=irritant)

    irritant.refresh_from_db()
    assert irritant.fusionne_dans is None
    assert not EvenementCodage.objects.exists()


def test_fusionner_entre_deux_experimentations_est_refuse(camille, experimentation):
    source = IrritantFactory(experimentation=experimentation)
    PreuveFactory(irritant=source)
    cible = IrritantFactory(experimentation=ExperimentationFactory())

    with pytest.raises(ValidationError, match="expérimentations différentes"):
        services.irritants_fusionner(acteur=camille, source=source, cible=cible)

    assert Preuve.objects.filter(irritant=source).count() == 1
    assert not EvenementCodage.objects.exists()


@pytest.mark.parametrize("fusionne", ["source", "cible"])
def test_fusionner_un_irritant_deja_fusionne_est_refuse(camille, experimentation, fusionne):
    ailleurs = IrritantFactory(experimentation=experimentation)
    irritants = {
        "source": IrritantFactory(experimentation=experimentation),
        "cible": IrritantFactory(experimentation=experimentation),
    }
    Irritant.objects.filter(pk=irritants[fusionne].pk).update(fusionne_dans=ailleurs)
    irritants[fusionne].refresh_from_db()

    with pytest.raises(ValidationError, match="déjà été fusionné"):
        services.irritants_fusionner(acteur=camille, **irritants)

    assert not EvenementCodage.objects.exists()
