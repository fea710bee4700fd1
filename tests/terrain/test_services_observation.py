"""Services d'écriture des observations : validation en français, tout ou rien, renvoi sans doublon."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from commun.journal import JournalInalterable
from comptes.enums import Role
from terrain import services
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import (
    SEUIL_POPULATION_COMMUNE_CITEE,
    TEXTE_MAX,
    VERBATIM_MAX,
    ChangementStatutVerbatim,
    Observation,
    Verbatim,
)
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
from tests.territoire.factories import CommuneFactory, EpciFactory


@pytest.fixture
def bassin():
    return cahors_creer()


@pytest.fixture
def auteur():
    return agent()


def creer(bassin, auteur, **champs):
    observation, _creee = creer_ou_retrouver(bassin, auteur, **champs)
    return observation


def creer_ou_retrouver(bassin, auteur, **champs):
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
        },
    )

    observation.refresh_from_db()
    assert observation.texte == "Le bus passe deux fois par jour."
    assert observation.auteur == auteur
    assert set(observation.communes.all()) == {bassin.cahors, bassin.pradines}
    assert list(observation.publics.all()) == [personnes_agees]
    verbatim = observation.verbatims.get()
    assert verbatim.profil == "75 ans et plus, retraitée, vit seule, Pradines"
    assert verbatim.statut == StatutPublication.INTERNE


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

    assert "Le verbatim est trop long" in messages_de(erreur.value)["verbatim.texte"]
    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_verbatim_sans_texte_refuse(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, verbatim={"texte": "", "situation": "mère isolée"})
    assert "Le verbatim est vide" in messages_de(erreur.value)["verbatim.texte"]


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
    assert set(erreur.value.message_dict) == {"texte", "date", "type", "verbatim.situation", "verbatim.statut"}


def test_un_echec_pendant_les_liens_annule_tout(bassin, auteur):
    """Tout ou rien : si l'écriture des liens échoue, l'observation n'est pas gardée à moitié."""
    commune_non_enregistree = Commune(code_insee="99999", nom="Nulle part")

    with pytest.raises(ValueError):
        creer(bassin, auteur, communes=[commune_non_enregistree], verbatim={"texte": "Rien."})

    assert Observation.objects.count() == 0
    assert Verbatim.objects.count() == 0


def test_entretien_et_immersion_de_la_meme_experimentation(bassin):
    auteur = facilitateur()
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
    premiere, creee = creer_ou_retrouver(bassin, auteur, uuid_client=identifiant, verbatim={"texte": "Une fois."})

    seconde, recreee = creer_ou_retrouver(
        bassin, auteur, uuid_client=str(identifiant), texte="Texte renvoyé", verbatim={"texte": "Deux."}
    )

    assert seconde.pk == premiere.pk
    assert (creee, recreee) == (True, False)
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
        verbatim={"texte": "Après."},
    )

    observation.refresh_from_db()
    assert observation.texte == "Texte corrigé"
    assert list(observation.communes.all()) == [bassin.pradines]
    assert observation.verbatims.get().texte == "Après."
    assert observation.verbatims.get().statut == StatutPublication.INTERNE


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

    assert set(erreur.value.message_dict) == {"date", "verbatim.texte"}
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
        services.verbatim_statut_changer(acteur=facilitateur(), verbatim=verbatim, statut="public")
    with pytest.raises(PermissionDenied):
        services.verbatim_statut_changer(acteur=auteur, verbatim=verbatim, statut=StatutPublication.PUBLIABLE)


# La publication d'un verbatim est une décision des facilitateurs, écrite au journal


def test_un_agent_ne_publie_pas_un_verbatim_ni_a_la_creation_ni_en_modification(bassin, auteur):
    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, verbatim={"texte": "À publier ?", "statut": StatutPublication.PUBLIABLE})
    assert "Seuls les facilitateurs" in messages_de(erreur.value)["verbatim.statut"]
    assert Observation.objects.count() == 0

    observation = creer(bassin, auteur, verbatim={"texte": "Interne."})
    with pytest.raises(ValidationError):
        services.observation_modifier(
            acteur=auteur, observation=observation, verbatim={"texte": "Interne.", "statut": "publiable"}
        )
    assert observation.verbatims.get().statut == StatutPublication.INTERNE
    assert not ChangementStatutVerbatim.objects.exists()


def test_un_verbatim_retire_le_reste_quoi_qu_on_modifie(bassin, auteur):
    observation = creer(bassin, auteur, verbatim={"texte": "Ma voisine m'emmène."})
    verbatim = observation.verbatims.get()
    services.verbatim_statut_changer(acteur=facilitateur(), verbatim=verbatim, statut=StatutPublication.RETIRE)

    services.observation_modifier(acteur=auteur, observation=observation, verbatim={"texte": "Corrigé."})
    services.observation_modifier(acteur=facilitateur(), observation=observation, verbatim={"texte": "Encore."})

    verbatim.refresh_from_db()
    assert (verbatim.texte, verbatim.statut) == ("Encore.", StatutPublication.RETIRE)


def test_chaque_changement_de_statut_est_journalise(bassin, auteur):
    claire = facilitateur(username="claire")
    verbatim = VerbatimFactory(
        observation=ObservationFactory(experimentation=bassin.experimentation, auteur=auteur),
        statut=StatutPublication.INTERNE,
    )

    services.verbatim_statut_changer(acteur=claire, verbatim=verbatim, statut=StatutPublication.PUBLIABLE)
    services.verbatim_statut_changer(acteur=claire, verbatim=verbatim, statut=StatutPublication.PUBLIABLE)
    services.verbatim_statut_changer(acteur=claire, verbatim=verbatim, statut=StatutPublication.RETIRE)

    journal = list(ChangementStatutVerbatim.objects.order_by("pk").values_list("ancien", "nouveau", "par__username"))
    assert journal == [("interne", "publiable", "claire"), ("publiable", "retire", "claire")]


def test_un_verbatim_publie_ne_se_supprime_plus_par_l_agent(bassin, auteur):
    observation = creer(bassin, auteur, verbatim={"texte": "Cité sur le site."})
    services.verbatim_statut_changer(
        acteur=facilitateur(), verbatim=observation.verbatims.get(), statut=StatutPublication.PUBLIABLE
    )

    with pytest.raises(ValidationError) as erreur:
        services.observation_modifier(acteur=auteur, observation=observation, verbatim=None)

    assert "ne se supprime plus" in messages_de(erreur.value)["verbatim.__all__"]
    assert observation.verbatims.count() == 1


def test_le_journal_de_publication_ne_se_modifie_ni_ne_se_supprime(bassin, auteur):
    verbatim = VerbatimFactory(
        observation=ObservationFactory(experimentation=bassin.experimentation, auteur=auteur),
        statut=StatutPublication.INTERNE,
    )
    services.verbatim_statut_changer(acteur=facilitateur(), verbatim=verbatim, statut=StatutPublication.PUBLIABLE)
    ligne = ChangementStatutVerbatim.objects.get()

    with pytest.raises(JournalInalterable):
        ligne.save()
    with pytest.raises(JournalInalterable):
        ligne.delete()
    with pytest.raises(JournalInalterable):
        ChangementStatutVerbatim.objects.update(nouveau=StatutPublication.INTERNE)
    with pytest.raises(ProtectedError):
        verbatim.delete()
    assert ChangementStatutVerbatim.objects.get().nouveau == StatutPublication.PUBLIABLE


# Origines : un agent ne rattache qu'aux entretiens et immersions auxquels il a pris part


def test_un_agent_ne_rattache_pas_a_un_entretien_qu_il_n_a_pas_anime(bassin, auteur):
    entretien = EntretienFactory(experimentation=bassin.experimentation, commune=bassin.cahors)

    with pytest.raises(ValidationError) as erreur:
        creer(bassin, auteur, entretien=entretien)
    assert "entretiens que vous avez animés" in messages_de(erreur.value)["entretien"]

    entretien.animateurs.add(auteur)
    assert creer(bassin, auteur, entretien=entretien).origine == "entretien"


def test_une_observation_ne_change_pas_d_experimentation(bassin, auteur):
    observation = creer(bassin, auteur)
    autre = ExperimentationFactory(slug="autre", territoire=bassin.territoire)

    with pytest.raises(ValidationError) as erreur:
        services.observation_modifier(acteur=facilitateur(), observation=observation, experimentation=autre)

    assert "ne change pas d'expérimentation" in messages_de(erreur.value)["experimentation"]
    assert Observation.objects.get().experimentation == bassin.experimentation


# Retrait : une observation ne se supprime pas, elle se retire


def test_retirer_une_observation_la_sort_des_listes_et_la_fige(bassin, auteur):
    observation = creer(bassin, auteur)
    claire = facilitateur()

    with pytest.raises(PermissionDenied):
        services.observation_retirer(acteur=auteur, observation=observation, motif="Doublon")
    with pytest.raises(ValidationError):
        services.observation_retirer(acteur=claire, observation=observation, motif="  ")

    services.observation_retirer(acteur=claire, observation=observation, motif="Doublon de la n° 12")

    observation.refresh_from_db()
    assert observation.est_retiree and observation.retiree_par == claire
    assert observation.motif_retrait == "Doublon de la n° 12"
    assert not Observation.objects.actives().exists()
    with pytest.raises(PermissionDenied):
        services.observation_modifier(acteur=auteur, observation=observation, texte="Corrigé après retrait")


def test_le_formulaire_de_l_administration_obeit_aux_regles_du_modele(bassin, auteur):
    """Les règles vivent sur le modèle : l'administration ne peut pas enregistrer une date hors expérimentation."""
    observation = creer(bassin, auteur)
    observation.date = datetime.date(1990, 1, 1)

    with pytest.raises(ValidationError) as erreur:
        observation.full_clean()

    assert "en dehors de l'expérimentation" in messages_de(erreur.value)["date"]


# Un verbatim public ne situe pas quelqu'un dans un village : en dessous du seuil, l'intercommunalité


@pytest.mark.parametrize(
    "population, lieu_public",
    [(19_878, "Cahors"), (SEUIL_POPULATION_COMMUNE_CITEE, "Cahors"), (95, "CC du Causse"), (None, "CC du Causse")],
)
def test_le_profil_public_remplace_une_petite_commune_par_son_intercommunalite(population, lieu_public):
    commune = CommuneFactory(nom="Cahors", population=population, epci=EpciFactory(nom="CC du Causse"))
    verbatim = VerbatimFactory(tranche_age=TrancheAge.PLUS_75, situation="vit seule", commune=commune)

    assert verbatim.profil == "75 ans et plus, vit seule, Cahors"
    assert verbatim.profil_public == f"75 ans et plus, vit seule, {lieu_public}"
    assert verbatim.commune_masquee is (lieu_public != "Cahors")


def test_une_petite_commune_sans_intercommunalite_n_est_pas_nommee():
    commune = CommuneFactory(nom="Saint-Cirq", population=95, epci=None)
    verbatim = VerbatimFactory(tranche_age=TrancheAge.INCONNUE, situation="", commune=commune)

    assert "Saint-Cirq" not in verbatim.profil_public
    assert verbatim.profil_public == "une commune de moins de 1\u202f000 habitants"
