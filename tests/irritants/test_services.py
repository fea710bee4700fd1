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


# --- Doublons : titre identique refusé, titre proche signalé ---------------------------------------------


@pytest.mark.parametrize(
    "variante",
    [
        "Se déplacer sans voiture",
        "SE DEPLACER SANS VOITURE",
        "  se déplacer, sans voiture !  ",
        "Se  deplacer sans-voiture",
    ],
)
def test_un_titre_deja_porte_aux_accents_et_majuscules_pres_est_refuse(camille, experimentation, variante):
    existant = IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture")
    observation = ObservationFactory(experimentation=experimentation)

    with pytest.raises(ValidationError) as erreur:
        services.irritant_creer(
            acteur=camille,
            experimentation=experimentation,
            titre=variante,
            theme=Theme.objects.first(),
            observation=observation,
            malgre_proches=True,  # même confirmé, un titre identique n'est pas un doublon permis
        )

    assert erreur.value.error_dict["titre"][0].code == "titre_existant"
    assert f"(n° {existant.pk})" in erreur.value.messages[0]
    assert Irritant.objects.count() == 1
    assert not Preuve.objects.exists()
    assert not EvenementCodage.objects.exists()


def test_un_titre_libere_par_un_retrait_ou_une_fusion_ou_d_une_autre_experimentation_est_permis(
    camille, experimentation
):
    theme = Theme.objects.first()
    IrritantFactory(experimentation=experimentation, titre="Attente au guichet", retire=True)
    cible = IrritantFactory(experimentation=experimentation, titre="Files d'attente")
    IrritantFactory(experimentation=experimentation, titre="Des bus trop rares", fusionne_dans=cible)
    IrritantFactory(experimentation=ExperimentationFactory(), titre="Un guichet unique introuvable")

    for titre in ("Attente au guichet", "Des bus trop rares", "Un guichet unique introuvable"):
        services.irritant_creer(acteur=camille, experimentation=experimentation, titre=titre, theme=theme)

    assert Irritant.objects.filter(experimentation=experimentation).count() == 6


def test_la_base_refuse_deux_titres_identiques_en_service(experimentation):
    """Le filet sous la règle du modèle : une écriture qui contourne full_clean() (reprise en masse) échoue."""
    from django.db import IntegrityError, transaction

    theme = Theme.objects.first()
    Irritant.objects.create(experimentation=experimentation, titre="Renvoyé d'un guichet à l'autre", theme=theme)

    with pytest.raises(IntegrityError), transaction.atomic():
        Irritant.objects.bulk_create(
            [Irritant(experimentation=experimentation, titre="RENVOYE D'UN GUICHET A L'AUTRE", theme=theme)]
        )


@pytest.mark.parametrize(
    ("titre", "proche"),
    [
        ("Courriers administratif incompréhensible", True),  # pluriel, article
        ("L'attente aux guichets de la CAF", True),  # mêmes lettres à 80 %
        ("Des démarches devenues uniquement numériques", False),  # un seul mot porteur en commun
        ("Pas de solution de garde pendant les rendez-vous", False),
    ],
)
def test_un_titre_proche_est_signale_et_se_cree_une_fois_confirme(camille, experimentation, titre, proche):
    IrritantFactory(experimentation=experimentation, titre="Des courriers administratifs incompréhensibles")
    IrritantFactory(experimentation=experimentation, titre="L'attente au guichet de la CAF")
    IrritantFactory(experimentation=experimentation, titre="Des démarches complexes et trop de pièces")
    theme = Theme.objects.first()

    if not proche:
        assert services.irritant_creer(acteur=camille, experimentation=experimentation, titre=titre, theme=theme)
        return
    with pytest.raises(services.IrritantsProches) as erreur:
        services.irritant_creer(acteur=camille, experimentation=experimentation, titre=titre, theme=theme)
    assert len(erreur.value.proches) == 1
    assert erreur.value.error_dict["titre"][0].code == "titre_proche"
    assert Irritant.objects.count() == 3, "rien n'est créé sans confirmation"

    cree = services.irritant_creer(
        acteur=camille, experimentation=experimentation, titre=titre, theme=theme, malgre_proches=True
    )
    assert cree.statut == "brouillon"
    assert Irritant.objects.count() == 4


def test_annuler_un_codage_detache_chaque_irritant_et_le_journalise(camille, experimentation):
    observation = ObservationFactory(experimentation=experimentation)
    premier, second, autre = IrritantFactory.create_batch(3, experimentation=experimentation)
    services.preuves_ajouter(acteur=camille, observation=observation, irritants=[premier, second, autre])

    detaches = services.preuves_retirer(
        acteur=camille, observation=observation, irritants=[premier, second], motif="Annulé depuis la file"
    )

    assert detaches == [premier, second]
    assert list(observation.irritants.all()) == [autre]
    detachements = EvenementCodage.objects.filter(action=ActionCodage.DETACHEMENT)
    assert {(e.irritant, e.motif, e.par) for e in detachements} == {
        (premier, "Annulé depuis la file", camille),
        (second, "Annulé depuis la file", camille),
    }


def test_deux_creations_simultanees_du_meme_titre_la_base_tranche(camille, experimentation, monkeypatch):
    """La vérification du modèle est passée pour les deux ; la contrainte en base refuse la seconde, en français."""
    theme = Theme.objects.first()
    IrritantFactory(experimentation=experimentation, titre="Des délais de traitement trop longs")
    # La seconde création a fait ses vérifications avant que la première ne soit enregistrée.
    monkeypatch.setattr(Irritant, "homonyme", lambda self: None)

    with pytest.raises(ValidationError) as erreur:
        services.irritant_creer(
            acteur=camille,
            experimentation=experimentation,
            titre="des délais de traitement trop longs",
            theme=theme,
            observation=ObservationFactory(experimentation=experimentation),
            malgre_proches=True,
        )

    assert erreur.value.messages == ["Un irritant en service porte déjà ce titre dans cette expérimentation."]
    assert Irritant.objects.count() == 1
    assert not EvenementCodage.objects.exists()
    assert not Preuve.objects.exists()
