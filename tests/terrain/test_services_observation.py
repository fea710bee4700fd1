"""Services d'écriture des observations : validation en français, tout ou rien, renvoi sans doublon."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comptes.enums import Role
from terrain import services
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import TEXTE_MAX, VERBATIM_MAX, Observation, Verbatim
from territoire.models import Commune
from tests.comptes.factories import UserFactory, agent, facilitateur
from tests.experimentations.factories import ExperimentationFactory
from tests.terrain.factories import (
    EntretienFactory,
    ImmersionFactory,
    ObservationFactory,
    PublicFactory,
    VerbatimFactory,
)
from tests.terrain.saisie_donnees import ECHEANCE, LANCEMENT, cahors_creer


@pytest.fixture
def bassin():
    return cahors_creer()


@pytest.fixture
def auteur():
    return agent()


def creer(bassin, auteur, **champs):
    valeurs = {
        "auteur": auteur,
        "experimentation": bassin.experimentation,
        "texte": "Sans voiture, impossible de rejoindre la CAF avant midi.",
        "type": TypeObservation.DIFFICULTE,
        "source": SourceObservation.USAGER,
        "date": datetime.date(2018, 1, 16),
    }
    valeurs.update(champs)
    return services.observation_creer(**valeurs)


def messages_de(erreur: ValidationError) -> dict[str, str]:
    return {champ: " ".join(messages) for champ, messages in erreur.message_dict.items()}


def test_creer_enregistre_observation_verbatim_et_liens_ensemble(bassin, auteur):
    personnes_agees = PublicFactory(slug="personnes-agees", nom="Personnes âgées")

    observation = creer(
        bassin,
        auteur,
        texte="  Le bus passe deux fois par jour.  ",
        communes=[bassin.cahors, bassin.pradines],
        publics=[personnes_agees],
        verbatim={
            "texte": "Je demande à ma voisine de m'emmener.",
            "tranche_age": TrancheAge.PLUS_75,
            "situation": "retraitée, vit seule",
            "commune": bassin.pradines,
            "statut": StatutPublication.PUBLIABLE,
        },
    )

    observation.refresh_from_db()
    assert observation.texte == "Le bus passe deux fois par jour."
    assert observation.auteur == auteur
    assert observation.deja_recue is False
    assert set(observation.communes.all()) == {bassin.cahors, bassin.pradines}
    assert list(observation.publics.all()) == [personnes_agees]
    verbatim = observation.verbatims.get()
    assert verbatim.profil == "75 ans et plus, retraitée, vit seule, Pradines"
    assert verbatim.statut == StatutPublication.PUBLIABLE


def test_le_verbatim_est_interne_par_defaut(bassin, auteur):
    observation = creer(bassin, auteur, verbatim={"texte": "On ne sait jamais à qui s'adresser."})

    verbatim = observation.verbatims.get()
    assert verbatim.statut == StatutPublication.INTERNE
    assert verbatim.tranche_age == TrancheAge.INCONNUE


@pytest.mark.parametrize("longueur, accepte", [(TEXTE_MAX, True), (TEXTE_MAX + 1, False)])
def test_longueur_du_texte(bassin, auteur, longueur, accepte):
    if accepte:
        creer(bassin, auteur, texte="a" * longueur)
        assert Observation.objects.count() == 1
        return
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, texte="a" * longueur)
    message = messages_de(erreur.value)["texte"]
    assert "trop long" in message
    assert "2\xa0001 caractères" in message or "2 001 caractères" in message
    assert Observation.objects.count() == 0


def test_texte_vide_refuse(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, texte="   ")
    assert messages_de(erreur.value) == {"texte": "Décrivez ce que vous avez observé."}


@pytest.mark.parametrize("jour", [LANCEMENT, ECHEANCE])
def test_les_dates_limites_sont_acceptees(bassin, auteur, jour):
    assert creer(bassin, auteur, date=jour).date == jour


@pytest.mark.parametrize("jour", [LANCEMENT - datetime.timedelta(days=1), datetime.date(2026, 3, 2)])
def test_une_date_hors_de_l_experimentation_est_refusee(bassin, auteur, jour):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, date=jour)

    message = messages_de(erreur.value)["date"]
    assert "en dehors de l'expérimentation « Carte Blanche à Cahors »" in message
    assert "du 15 décembre 2017 au 31 décembre 2018" in message
    assert Observation.objects.count() == 0


def test_verbatim_trop_long_rien_n_est_enregistre(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, communes=[bassin.cahors], verbatim={"texte": "b" * (VERBATIM_MAX + 1)})

    assert "Le verbatim est trop long" in messages_de(erreur.value)["verbatim_texte"]
    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_verbatim_sans_texte_refuse(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, verbatim={"texte": "", "situation": "mère isolée"})
    assert "Le verbatim est vide" in messages_de(erreur.value)["verbatim_texte"]


def test_toutes_les_erreurs_sont_rendues_ensemble(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(
            bassin,
            auteur,
            texte="a" * (TEXTE_MAX + 1),
            date=datetime.date(2026, 1, 1),
            type="inconnu",
            verbatim={"texte": "ok", "situation": "s" * 200, "statut": "public"},
        )
    assert set(erreur.value.message_dict) == {"texte", "date", "type", "verbatim_situation", "verbatim_statut"}


def test_un_echec_pendant_les_liens_annule_tout(bassin, auteur):
    """Tout ou rien : si l'écriture des liens échoue, l'observation n'est pas gardée à moitié."""
    commune_non_enregistree = Commune(code_insee="99999", nom="Nulle part")

    with pytest.raises(ValueError):
        creer(bassin, auteur, communes=[commune_non_enregistree], verbatim={"texte": "Rien."})

    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_entretien_et_immersion_de_la_meme_experimentation(bassin, auteur):
    autre = ExperimentationFactory(slug="autre", territoire=bassin.territoire)
    entretien_ailleurs = EntretienFactory(experimentation=autre, commune=bassin.cahors)
    immersion = ImmersionFactory(experimentation=bassin.experimentation, lieu__commune=bassin.cahors)

    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, entretien=entretien_ailleurs)
    assert "autre expérimentation" in messages_de(erreur.value)["entretien"]

    with pytest.raises(ValidationError) as erreur:
        creer(
            bassin,
            auteur,
            entretien=EntretienFactory(experimentation=bassin.experimentation, commune=bassin.cahors),
            immersion=immersion,
        )
    assert "pas des deux" in messages_de(erreur.value)["__all__"]

    assert creer(bassin, auteur, immersion=immersion).origine == "immersion"


def test_renvoi_du_meme_uuid_par_le_meme_auteur_sans_doublon(bassin, auteur):
    identifiant = uuid.uuid4()
    premiere = creer(bassin, auteur, uuid_client=identifiant, verbatim={"texte": "Une fois."})

    seconde = creer(bassin, auteur, uuid_client=str(identifiant), texte="Texte renvoyé", verbatim={"texte": "Deux."})

    assert seconde.pk == premiere.pk
    assert seconde.deja_recue is True
    assert premiere.deja_recue is False
    assert Observation.objects.count() == 1
    assert Verbatim.objects.count() == 1
    assert Observation.objects.get().texte == "Sans voiture, impossible de rejoindre la CAF avant midi."


def test_uuid_d_un_autre_auteur_refuse(bassin, auteur):
    identifiant = uuid.uuid4()
    creer(bassin, agent(), uuid_client=identifiant)

    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, uuid_client=identifiant)

    assert "autre observation" in messages_de(erreur.value)["uuid_client"]
    assert Observation.objects.count() == 1


def test_uuid_illisible_refuse(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, uuid_client="pas-un-uuid")
    assert "uuid_client" in erreur.value.message_dict


def test_un_participant_ne_peut_pas_saisir(bassin):
    with pytest.raises(PermissionDenied):
        creer(bassin, UserFactory(role=Role.PARTICIPANT))
    assert Observation.objects.count() == 0


# Modification


def test_l_auteur_modifie_son_observation_et_son_verbatim(bassin, auteur):
    observation = creer(bassin, auteur, communes=[bassin.cahors], verbatim={"texte": "Avant."})

    services.observation_modifier(
        acteur=auteur,
        observation=observation,
        texte="Texte corrigé",
        communes=[bassin.pradines],
        verbatim={"texte": "Après.", "statut": StatutPublication.PUBLIABLE},
    )

    observation.refresh_from_db()
    assert observation.texte == "Texte corrigé"
    assert list(observation.communes.all()) == [bassin.pradines]
    assert observation.verbatims.get().texte == "Après."
    assert observation.verbatims.get().statut == StatutPublication.PUBLIABLE


def test_modifier_sans_verbatim_le_garde_et_none_le_retire(bassin, auteur):
    observation = creer(bassin, auteur, verbatim={"texte": "Gardé."})

    services.observation_modifier(acteur=auteur, observation=observation, texte="Autre texte")
    assert observation.verbatims.count() == 1

    services.observation_modifier(acteur=auteur, observation=observation, verbatim=None)
    assert observation.verbatims.count() == 0


def test_un_autre_agent_ne_modifie_pas(bassin, auteur):
    observation = creer(bassin, auteur)

    with pytest.raises(PermissionDenied):
        services.observation_modifier(acteur=agent(), observation=observation, texte="Piraté")

    observation.refresh_from_db()
    assert observation.texte != "Piraté"


def test_un_facilitateur_modifie_toute_observation(bassin, auteur):
    observation = creer(bassin, auteur)

    services.observation_modifier(acteur=facilitateur(), observation=observation, type=TypeObservation.IDEE)

    observation.refresh_from_db()
    assert observation.type == TypeObservation.IDEE
    assert observation.auteur == auteur


def test_modification_invalide_ne_change_rien(bassin, auteur):
    observation = creer(bassin, auteur, communes=[bassin.cahors], verbatim={"texte": "Intact."})

    with pytest.raises(ValidationError) as erreur:
        services.observation_modifier(
            acteur=auteur,
            observation=observation,
            texte="Nouveau",
            date=datetime.date(2026, 1, 1),
            communes=[bassin.pradines],
            verbatim={"texte": "x" * (VERBATIM_MAX + 1)},
        )

    assert set(erreur.value.message_dict) == {"date", "verbatim_texte"}
    observation = Observation.objects.get(pk=observation.pk)
    assert observation.texte == "Sans voiture, impossible de rejoindre la CAF avant midi."
    assert list(observation.communes.all()) == [bassin.cahors]
    assert observation.verbatims.get().texte == "Intact."


def test_champ_inconnu_refuse(bassin, auteur):
    observation = creer(bassin, auteur)
    with pytest.raises(TypeError):
        services.observation_modifier(acteur=auteur, observation=observation, auteur=agent())


# Publication d'un verbatim


def test_statut_du_verbatim(bassin, auteur):
    verbatim = VerbatimFactory(
        observation=ObservationFactory(experimentation=bassin.experimentation, auteur=auteur),
        statut=StatutPublication.INTERNE,
    )

    services.verbatim_statut_changer(acteur=facilitateur(), verbatim=verbatim, statut=StatutPublication.RETIRE)
    assert Verbatim.objects.get().statut == StatutPublication.RETIRE
    assert not Verbatim.objects.publiables().exists()

    with pytest.raises(ValidationError):
        services.verbatim_statut_changer(acteur=auteur, verbatim=verbatim, statut="public")
    with pytest.raises(PermissionDenied):
        services.verbatim_statut_changer(acteur=agent(), verbatim=verbatim, statut=StatutPublication.PUBLIABLE)
