"""Le choix d'un atelier : une place par participant, la capacité tenue, la liste d'attente servie dans l'ordre."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ateliers import services
from ateliers.enums import EtatChoix
from ateliers.models import Choix
from ateliers.services import Resultat
from tests.ateliers.factories import AtelierFactory, ParticipantFactory, SeminaireFactory


def choisir(participant, atelier, **kwargs):
    return services.choix_enregistrer(participant=participant, atelier=atelier, **kwargs)


def test_un_participant_choisit_puis_change_d_atelier(ateliers, participants):
    a, b, _ = ateliers
    choix, resultat = choisir(participants[0], a)
    assert resultat == Resultat.PLACE and choix.atelier == a
    choix, resultat = choisir(participants[0], b)
    assert resultat == Resultat.PLACE and choix.atelier == b
    assert Choix.objects.filter(participant=participants[0]).count() == 1
    assert Choix.objects.filter(atelier=a).count() == 0


def test_un_double_envoi_ne_change_rien(ateliers, participants):
    choisir(participants[0], ateliers[0])
    choix, resultat = choisir(participants[0], ateliers[0])
    assert resultat == Resultat.DEJA
    assert Choix.objects.count() == 1


def test_un_atelier_complet_est_refuse_sans_liste_d_attente(ateliers, participants):
    a = ateliers[0]
    choisir(participants[0], a)
    choisir(participants[1], a)
    assert choisir(participants[2], a) == (None, Resultat.COMPLET)
    assert Choix.objects.filter(participant=participants[2]).count() == 0
    assert Choix.objects.filter(atelier=a).count() == 2


def test_liste_d_attente_servie_dans_l_ordre_d_arrivee(ateliers, participants, django_capture_on_commit_callbacks):
    a, b, _ = ateliers
    p = participants
    choisir(p[0], a)
    choisir(p[1], a)
    maintenant = timezone.now()
    choisir(p[2], b)
    premier, resultat = choisir(p[2], a, attendre=True, maintenant=maintenant)
    assert resultat == Resultat.ATTENTE
    assert premier.etat == EtatChoix.PLACE_ET_ATTENTE and premier.atelier == b  # il garde sa place en attendant
    second, _ = choisir(p[3], a, attendre=True, maintenant=maintenant + datetime.timedelta(seconds=1))
    assert second.etat == EtatChoix.ATTENTE
    assert (premier.position_attente(), second.position_attente()) == (1, 2)

    with django_capture_on_commit_callbacks(execute=True):
        choisir(p[0], ateliers[2])  # une place se libère dans A
    premier.refresh_from_db()
    second.refresh_from_db()
    assert premier.atelier == a and premier.atelier_attente is None
    assert second.atelier is None and second.position_attente() == 1
    assert Choix.objects.filter(atelier=a).count() == 2
    assert Choix.objects.filter(atelier=b).count() == 0  # sa place dans B s'est libérée


def test_la_place_liberee_en_cascade_sert_la_file_suivante(ateliers, participants, django_capture_on_commit_callbacks):
    a, b, c = ateliers
    p = participants
    for participant, atelier in ((p[0], a), (p[1], a), (p[2], b), (p[3], b)):
        choisir(participant, atelier)
    choisir(p[2], a, attendre=True)  # p2 (dans B) attend A
    choisir(p[4], b, attendre=True)  # p4 (sans place) attend B
    with django_capture_on_commit_callbacks(execute=True):
        choisir(p[0], c)  # A libère une place → p2 y entre → B libère une place → p4 y entre
    assert Choix.objects.get(participant=p[2]).atelier == a
    assert Choix.objects.get(participant=p[4]).atelier == b
    for atelier in ateliers:
        assert Choix.objects.filter(atelier=atelier).count() <= atelier.capacite


def test_personne_ne_double_la_file(ateliers, participants):
    a, b, _ = ateliers
    p = participants
    choisir(p[0], a)
    choisir(p[1], a)
    choisir(p[2], a, attendre=True)
    # La place libérée n'est pas encore servie (pas de commit) : un nouveau venu passe après la file.
    choisir(p[0], b)
    assert choisir(p[3], a) == (None, Resultat.COMPLET)
    assert Choix.objects.get(participant=p[2]).atelier == a


def test_quitter_la_liste_d_attente(ateliers, participants):
    a, b, _ = ateliers
    p = participants
    choisir(p[0], a)
    choisir(p[1], a)
    choisir(p[2], b)
    choisir(p[2], a, attendre=True)
    choix = services.attente_quitter(participant=p[2])
    assert choix.atelier == b and choix.atelier_attente is None
    choisir(p[3], a, attendre=True)
    assert services.attente_quitter(participant=p[3]) is None
    assert not Choix.objects.filter(participant=p[3]).exists()


def test_le_choix_clos_ne_change_plus(ateliers, participants):
    seminaire = ateliers[0].seminaire
    choisir(participants[0], ateliers[0])
    seminaire.choix_fermeture = timezone.now() - datetime.timedelta(minutes=1)
    seminaire.save()
    with pytest.raises(ValidationError, match="clos"):
        choisir(participants[0], ateliers[1])
    assert Choix.objects.get(participant=participants[0]).atelier == ateliers[0]


def test_le_choix_pas_encore_ouvert():
    seminaire = SeminaireFactory(choix_ouverture=timezone.now() + datetime.timedelta(hours=1))
    atelier = AtelierFactory(seminaire=seminaire)
    with pytest.raises(ValidationError, match="ouvre le"):
        choisir(ParticipantFactory(seminaire=seminaire), atelier)


def test_un_atelier_d_un_autre_seminaire_est_refuse(participants):
    autre = AtelierFactory()
    with pytest.raises(ValidationError, match="autre séminaire"):
        choisir(participants[0], autre)
    assert not Choix.objects.exists()


def test_un_jeton_revoque_ne_choisit_plus(ateliers, participants):
    participant = participants[0]
    participant.jeton_revoque_le = timezone.now()
    participant.save()
    with pytest.raises(ValidationError, match="plus valable"):
        choisir(participant, ateliers[0])


def test_effacer_un_participant_libere_sa_place(ateliers, participants, fac, django_capture_on_commit_callbacks):
    a = ateliers[0]
    p = participants
    choisir(p[0], a)
    choisir(p[1], a)
    choisir(p[2], a, attendre=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_effacer(acteur=fac, participant=p[0])
    assert Choix.objects.get(participant=p[2]).atelier == a
    assert not type(p[0]).objects.filter(pk=p[0].pk).exists()
