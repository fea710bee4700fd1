"""La capacité d'un atelier n'est jamais dépassée, même quand 200 participants valident dans la même seconde.

Sur PostgreSQL seulement (SQLite sérialise tout et ne prouverait rien) : de vrais fils, chacun avec sa connexion,
partent ensemble ; on compte ensuite les places en base. Tourne en CI, qui a PostgreSQL.
"""

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ateliers import services
from ateliers.models import Atelier, Choix, Participant
from tests.ateliers.factories import AtelierFactory, ParticipantFactory, SeminaireFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILS = 24  # connexions simultanées (le serveur de la CI en accepte 100)


def _en_meme_temps(taches):
    depart = threading.Event()

    def executer(tache):
        depart.wait()
        try:
            return tache()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=FILS) as pool:
        futurs = [pool.submit(executer, tache) for tache in taches]
        depart.set()
        return [futur.result() for futur in futurs]


def test_200_choix_simultanes_sur_un_atelier_de_20_places():
    seminaire = SeminaireFactory(capacite=250)
    atelier = AtelierFactory(seminaire=seminaire, capacite=20)
    participants = ParticipantFactory.create_batch(200, seminaire=seminaire)

    resultats = _en_meme_temps(
        [
            (lambda p=p: services.choix_enregistrer(participant=p, atelier=atelier, attendre=p.pk % 2 == 0)[1])
            for p in participants
        ]
    )

    compte = Counter(resultats)
    assert Choix.objects.filter(atelier=atelier).count() == 20
    assert compte[services.Resultat.PLACE] == 20
    assert (
        compte[services.Resultat.PLACE] + compte[services.Resultat.ATTENTE] + compte[services.Resultat.COMPLET] == 200
    )
    assert Choix.objects.filter(atelier_attente=atelier).count() == compte[services.Resultat.ATTENTE]


def test_changements_croises_avec_files_d_attente_sans_depassement_ni_interblocage():
    seminaire = SeminaireFactory(capacite=250)
    ateliers = [AtelierFactory(seminaire=seminaire, capacite=6) for _ in range(4)]
    participants = ParticipantFactory.create_batch(40, seminaire=seminaire)
    hasard = random.Random(7)
    taches = []
    for _ in range(4):  # chacun change quatre fois d'avis, dans le désordre, en rejoignant les files
        for p in participants:
            atelier = hasard.choice(ateliers)
            taches.append(lambda p=p, a=atelier: services.choix_enregistrer(participant=p, atelier=a, attendre=True))
    hasard.shuffle(taches)

    _en_meme_temps(taches)
    for atelier in ateliers:  # les files restantes se servent (comme après chaque commit)
        services.attente_servir(atelier_id=atelier.pk)

    for atelier in Atelier.objects.filter(seminaire=seminaire):
        assert Choix.objects.filter(atelier=atelier).count() <= atelier.capacite
    # Personne n'attend un atelier où il reste de la place.
    for atelier in ateliers:
        if Choix.objects.filter(atelier_attente=atelier).exists():
            assert Choix.objects.filter(atelier=atelier).count() == atelier.capacite
    assert Participant.objects.filter(seminaire=seminaire).count() == 40
