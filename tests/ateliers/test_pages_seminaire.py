"""Les pages du séminaire : le choix par lien personnel, les liens refusés (404 expliqué), l'écran de salle, la page
publique, et le nombre de requêtes SQL de chaque liste."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers.models import Choix
from tests.ateliers.factories import AtelierFactory, ParticipantFactory, SeminaireFactory
from tests.personas.factories import LettreFactory


def url_invitation(participant):
    return reverse("ateliers:invitation", kwargs={"jeton": participant.jeton})


def test_la_page_de_choix_montre_les_ateliers_et_les_places(client, ateliers, participants):
    LettreFactory(persona=ateliers[0].persona, objet="rester chez moi sans être oubliée")
    reponse = client.get(url_invitation(participants[0]))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert f"Bonjour {participants[0].nom}" in html
    assert "Rester chez moi sans être oubliée" in html
    assert html.count("</strong> places restantes sur 2") == 3
    assert reponse["Referrer-Policy"] == "same-origin"
    assert "{{" not in html and "{%" not in html


def test_choisir_par_le_formulaire(client, ateliers, participants):
    reponse = client.post(url_invitation(participants[0]), {"atelier": ateliers[1].pk}, follow=True)
    assert "vous participez à l&#x27;atelier de" in reponse.content.decode()
    assert Choix.objects.get(participant=participants[0]).atelier == ateliers[1]
    html = client.get(url_invitation(participants[0])).content.decode()
    assert "Votre atelier" in html and "1</strong> place restante sur 2" in html


def test_un_atelier_complet_propose_la_liste_d_attente(client, ateliers, participants):
    for participant in participants[:2]:
        client.post(url_invitation(participant), {"atelier": ateliers[0].pk})
    html = client.get(url_invitation(participants[2])).content.decode()
    assert "Complet" in html and "Rejoindre la liste d'attente" in html
    reponse = client.post(url_invitation(participants[2]), {"atelier": ateliers[0].pk}, follow=True)
    assert "vient d&#x27;être complet" in reponse.content.decode()
    reponse = client.post(url_invitation(participants[2]), {"atelier": ateliers[0].pk, "attendre": "1"}, follow=True)
    assert "au rang 1" in reponse.content.decode()
    assert Choix.objects.filter(atelier=ateliers[0]).count() == 2


@pytest.mark.parametrize(
    ("jeton", "message"),
    [("inconnu-0123456789", "n&#x27;existe pas"), ("x" * 300, "n&#x27;existe pas")],
)
def test_un_jeton_inconnu_repond_404_explique(client, jeton, message):
    reponse = client.get(reverse("ateliers:invitation", kwargs={"jeton": jeton}))
    assert reponse.status_code == 404
    assert message in reponse.content.decode()


def test_un_jeton_revoque_ou_expire_repond_404_explique(client, participants):
    revoque, expire = participants[:2]
    revoque.jeton_revoque_le = timezone.now()
    revoque.save()
    expire.jeton_expire_le = timezone.now() - datetime.timedelta(hours=1)
    expire.save()
    reponse = client.get(url_invitation(revoque))
    assert reponse.status_code == 404 and "désactivé" in reponse.content.decode()
    reponse = client.post(url_invitation(expire), {"atelier": 1})
    assert reponse.status_code == 404 and "a expiré le" in reponse.content.decode()
    assert client.get(reverse("ateliers:invitation_places", kwargs={"jeton": revoque.jeton})).status_code == 404


def test_un_atelier_d_un_autre_seminaire_repond_404(client, participants):
    autre = AtelierFactory()
    reponse = client.post(url_invitation(participants[0]), {"atelier": autre.pk})
    assert reponse.status_code == 404
    assert "autre séminaire" in reponse.content.decode()
    assert not Choix.objects.exists()


def test_un_choix_illisible_ne_change_rien(client, participants):
    reponse = client.post(url_invitation(participants[0]), {"atelier": "abc"}, follow=True)
    assert "Choisissez un atelier" in reponse.content.decode()
    assert not Choix.objects.exists()


def test_le_choix_clos_est_annonce_et_sans_bouton(client, participants, ateliers):
    seminaire = participants[0].seminaire
    seminaire.choix_fermeture = timezone.now() - datetime.timedelta(minutes=1)
    seminaire.save()
    html = client.get(url_invitation(participants[0])).content.decode()
    assert "est clos" in html and "hx-trigger" not in html
    reponse = client.post(url_invitation(participants[0]), {"atelier": ateliers[0].pk}, follow=True)
    assert "clos depuis" in reponse.content.decode()
    assert not Choix.objects.exists()


def test_le_rafraichissement_des_places(client, ateliers, participants):
    client.post(url_invitation(participants[0]), {"atelier": ateliers[0].pk})
    reponse = client.get(reverse("ateliers:invitation_places", kwargs={"jeton": participants[0].jeton}))
    html = reponse.content.decode()
    assert html.count('hx-swap-oob="true"') == 3
    assert f'id="places-{ateliers[0].pk}"' in html and "1</strong> place restante" in html


def test_la_page_publique_du_seminaire(client, ateliers):
    seminaire = ateliers[0].seminaire
    reponse = client.get(reverse("ateliers:seminaire_courant"))
    assert reponse.status_code == 200
    assert "<h1>Séminaire d&#x27;orientation</h1>" in reponse.content.decode()
    assert client.get(seminaire.get_absolute_url()).status_code == 200


def test_un_seminaire_non_publie_est_cache_au_public(client):
    seminaire = SeminaireFactory(publie=False)
    assert client.get(seminaire.get_absolute_url()).status_code == 404
    assert client.get(reverse("ateliers:seminaire_courant")).status_code == 404


def test_l_ecran_de_salle_s_ouvre_avec_son_jeton_seulement(client, ateliers):
    seminaire = ateliers[0].seminaire
    url = reverse("ateliers:ecran", kwargs={"slug": seminaire.slug, "jeton": seminaire.jeton_ecran})
    reponse = client.get(url)
    assert reponse.status_code == 200 and "0 inscrit sur 6 places" in reponse.content.decode()
    autre = SeminaireFactory()
    mauvais = reverse("ateliers:ecran", kwargs={"slug": seminaire.slug, "jeton": autre.jeton_ecran})
    reponse = client.get(mauvais)
    assert reponse.status_code == 404 and "pas valable pour ce séminaire" in reponse.content.decode()
    partiel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partiel and "cb-ecran__ligne" in partiel


def _remplir(seminaire, nombre_ateliers, nombre_participants):
    ateliers = [AtelierFactory(seminaire=seminaire, capacite=200) for _ in range(nombre_ateliers)]
    for n in range(nombre_participants):
        participant = ParticipantFactory(seminaire=seminaire)
        Choix.objects.create(participant=participant, atelier=ateliers[n % nombre_ateliers])
    return ateliers


@pytest.mark.parametrize(("nombre_ateliers", "nombre_participants"), [(3, 10), (12, 120)])
def test_requetes_bornees(client, fac, django_assert_max_num_queries, nombre_ateliers, nombre_participants):
    seminaire = SeminaireFactory(capacite=500)
    _remplir(seminaire, nombre_ateliers, nombre_participants)
    participant = ParticipantFactory(seminaire=seminaire)
    ecran = reverse("ateliers:ecran", kwargs={"slug": seminaire.slug, "jeton": seminaire.jeton_ecran})
    anonyme = type(client)()
    with django_assert_max_num_queries(6):
        assert anonyme.get(url_invitation(participant)).status_code == 200
    with django_assert_max_num_queries(4):
        assert (
            anonyme.get(reverse("ateliers:invitation_places", kwargs={"jeton": participant.jeton})).status_code == 200
        )
    with django_assert_max_num_queries(6):
        assert anonyme.get(seminaire.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):
        assert anonyme.get(ecran).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("ateliers:participants", kwargs={"slug": seminaire.slug})).status_code == 200
