"""Lettres d'engagement (versions, engagements numérotés, signaux pour `promesses`), vote et promesses retenues."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ateliers import services, signals
from ateliers.documents import lettre_pdf, livret_pdf
from ateliers.models import Engagement, Equipe, LettreEngagement, VersionLettreEngagement, Vote
from tests.ateliers.factories import (
    AtelierFactory,
    EngagementFactory,
    LettreEngagementFactory,
    ParticipantFactory,
    SeminaireFactory,
)
from tests.comptes.factories import UserFactory
from tests.irritants.factories import IrritantFactory
from tests.personas.factories import LettreFactory


@pytest.fixture
def atelier(seminaire):
    return AtelierFactory(seminaire=seminaire)


@pytest.fixture
def annonces():
    recues = []

    def enregistre(sender, engagement, cree, **kwargs):
        recues.append(("enregistre", engagement.pk, cree))

    def retire(sender, engagement, **kwargs):
        recues.append(("retire", engagement.pk))

    signals.engagement_enregistre.connect(enregistre)
    signals.engagement_retire.connect(retire)
    yield recues
    signals.engagement_enregistre.disconnect(enregistre)
    signals.engagement_retire.disconnect(retire)


def ajouter(fac, atelier, titre, **champs):
    return services.engagement_enregistrer(
        acteur=fac, atelier=atelier, titre=titre, porteur_libre=champs.pop("porteur_libre", "CCAS"), **champs
    )[0]


def test_la_lettre_garde_ses_versions(fac, atelier):
    lettre, version, cree = services.lettre_engagement_enregistrer(
        acteur=fac, atelier=atelier, introduction="Chère Roseline,"
    )
    assert cree and version.numero == 1
    _, version, cree = services.lettre_engagement_enregistrer(
        acteur=fac, atelier=atelier, introduction="Chère Roseline,"
    )
    assert not cree and version.numero == 1  # l'enregistrement automatique ne multiplie pas les versions
    _, version, cree = services.lettre_engagement_enregistrer(
        acteur=fac, atelier=atelier, introduction="Chère Roseline, nous avons lu votre lettre."
    )
    assert cree and version.numero == 2
    services.lettre_engagement_restaurer(acteur=fac, lettre=lettre, numero=1)
    lettre.refresh_from_db()
    assert lettre.introduction == "Chère Roseline,"
    assert VersionLettreEngagement.objects.filter(lettre=lettre).count() == 3


def test_engagements_numerotes_echeance_par_defaut_et_signaux(fac, atelier, annonces):
    premier = ajouter(fac, atelier, "Un agent vient chez vous")
    second = ajouter(fac, atelier, "Un numéro unique", echeance=datetime.date(2018, 6, 30))
    assert (premier.numero, second.numero) == (1, 2)
    assert premier.echeance == atelier.seminaire.experimentation.date_echeance_promesses
    assert annonces == [("enregistre", premier.pk, True), ("enregistre", second.pk, True)]
    services.engagement_retirer(acteur=fac, engagement=premier)
    second.refresh_from_db()
    assert second.numero == 1
    assert annonces[-1] == ("retire", premier.pk)
    assert Engagement.objects.filter(pk=premier.pk, retire_le__isnull=False).exists()
    lettre = LettreEngagement.objects.get(atelier=atelier)
    assert VersionLettreEngagement.objects.filter(lettre=lettre).count() == 3  # deux ajouts, un retrait


def test_un_engagement_sans_porteur_est_refuse(fac, atelier):
    with pytest.raises(ValidationError) as erreur:
        services.engagement_enregistrer(acteur=fac, atelier=atelier, titre="Sans porteur")
    assert "porteur_libre" in erreur.value.message_dict
    assert not Engagement.objects.exists()


def test_les_irritants_sont_ceux_du_persona(fac, atelier):
    etranger = IrritantFactory(experimentation=atelier.seminaire.experimentation, titre="Irritant d'un autre")
    with pytest.raises(ValidationError, match="n'est pas un irritant de"):
        ajouter(fac, atelier, "Promesse", irritants=[etranger])


def test_seuls_l_animateur_et_les_facilitateurs_ecrivent(atelier):
    animateur = UserFactory()
    with pytest.raises(PermissionDenied):
        services.lettre_engagement_enregistrer(acteur=animateur, atelier=atelier, introduction="x")
    atelier.animateur = animateur
    atelier.save()
    services.lettre_engagement_enregistrer(acteur=animateur, atelier=atelier, introduction="x")


@pytest.fixture
def vote_ouvert(seminaire):
    seminaire.vote_ouverture = timezone.now() - datetime.timedelta(hours=1)
    seminaire.vote_fermeture = timezone.now() + datetime.timedelta(hours=1)
    seminaire.save()
    return seminaire


def test_le_vote(vote_ouvert, atelier):
    participant = ParticipantFactory(seminaire=vote_ouvert)
    a, b, c, d = EngagementFactory.create_batch(4, lettre=LettreEngagementFactory(atelier=atelier))
    _, change = services.vote_enregistrer(participant=participant, engagements=[a, b])
    assert change and Vote.objects.count() == 2
    _, change = services.vote_enregistrer(participant=participant, engagements=[a, b])
    assert not change
    with pytest.raises(ValidationError, match="au plus 3"):
        services.vote_enregistrer(participant=participant, engagements=[a, b, c, d])
    assert set(Vote.objects.values_list("engagement_id", flat=True)) == {a.pk, b.pk}
    services.vote_enregistrer(participant=participant, engagements=[c])
    assert list(Vote.objects.values_list("engagement_id", flat=True)) == [c.pk]


def test_un_vote_apres_la_cloture_ou_hors_du_seminaire_ne_change_rien(vote_ouvert, atelier):
    participant = ParticipantFactory(seminaire=vote_ouvert)
    ailleurs = EngagementFactory()
    with pytest.raises(ValidationError, match="pas soumise au vote"):
        services.vote_enregistrer(participant=participant, engagements=[ailleurs])
    vote_ouvert.vote_fermeture = timezone.now() - datetime.timedelta(minutes=1)
    vote_ouvert.save()
    with pytest.raises(ValidationError, match="clos"):
        services.vote_enregistrer(participant=participant, engagements=[EngagementFactory(lettre__atelier=atelier)])
    assert not Vote.objects.exists()


def test_retenir_trois_promesses_cree_leurs_equipes(fac, seminaire, annonces):
    engagements = [EngagementFactory(lettre__atelier=AtelierFactory(seminaire=seminaire)) for _ in range(4)]
    with pytest.raises(ValidationError, match="exactement 3"):
        services.promesses_retenir(acteur=fac, seminaire=seminaire, engagements=engagements[:2])
    retenus = services.promesses_retenir(acteur=fac, seminaire=seminaire, engagements=engagements[:3])
    assert [e.ordre_retenu for e in retenus] == [1, 2, 3]
    assert Equipe.objects.count() == 3
    assert {pk for _, pk, _ in annonces} == {e.pk for e in engagements[:3]}
    services.promesses_retenir(acteur=fac, seminaire=seminaire, engagements=engagements[1:])
    assert list(Engagement.objects.retenus().values_list("pk", flat=True)) == [e.pk for e in engagements[1:]]
    assert Equipe.objects.count() == 4  # une équipe ne disparaît pas


def test_pages_de_la_lettre(client, fac, atelier):
    url = reverse("ateliers:lettre_modifier", args=[atelier.seminaire.slug, atelier.pk])
    reponse = client.post(url, {"introduction": "Chère Roseline,", "signataires": ""}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200 and "version n°&nbsp;1" in reponse.content.decode()
    reponse = client.post(
        reverse("ateliers:engagement_ajouter", args=[atelier.seminaire.slug, atelier.pk]),
        {"nouveau-titre": "Un agent vient chez vous", "nouveau-porteur_libre": "CCAS de Cahors"},
        follow=True,
    )
    assert "Engagement n° 1 ajouté" in reponse.content.decode()
    html = client.get(reverse("ateliers:atelier", args=[atelier.seminaire.slug, atelier.pk])).content.decode()
    assert "1. Un agent vient chez vous" in html and "CCAS de Cahors" in html
    assert (
        client.get(reverse("ateliers:lettre_versions", args=[atelier.seminaire.slug, atelier.pk])).status_code == 200
    )


def test_le_public_n_ecrit_pas_la_lettre(client, atelier):
    url = reverse("ateliers:lettre_modifier", args=[atelier.seminaire.slug, atelier.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_le_pdf_enchaine_la_lettre_du_persona_et_la_reponse(atelier):
    LettreFactory(persona=atelier.persona, objet="rester chez moi")
    engagement = EngagementFactory(lettre__atelier=atelier, titre="Un agent vient chez vous")
    html = lettre_pdf(str(engagement.lettre.pk)).rendre()
    assert html.index("rester chez moi") < html.index('class="reponse__titre"')
    assert "1. Un agent vient chez vous" in html or f"{engagement.numero}. Un agent vient chez vous" in html
    livret = livret_pdf(str(atelier.seminaire.pk)).rendre()
    assert "Un agent vient chez vous" in livret


def test_la_page_de_vote(client, vote_ouvert, atelier):
    participant = ParticipantFactory(seminaire=vote_ouvert)
    a, b = EngagementFactory.create_batch(2, lettre=LettreEngagementFactory(atelier=atelier))
    url = reverse("ateliers:vote", kwargs={"jeton": participant.jeton})
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"engagements": [a.pk, b.pk]}, follow=True)
    assert "Vos voix sont enregistrées" in reponse.content.decode()
    reponse = client.post(url, {"engagements": [a.pk, b.pk]}, follow=True)
    assert "Vos voix n&#x27;ont pas changé" in reponse.content.decode()
    assert Vote.objects.count() == 2
    autre = ParticipantFactory(seminaire=SeminaireFactory())
    assert client.get(reverse("ateliers:vote", kwargs={"jeton": autre.jeton + "x"})).status_code == 404


def test_la_page_des_resultats(client, fac, seminaire):
    engagements = [EngagementFactory(lettre__atelier=AtelierFactory(seminaire=seminaire)) for _ in range(3)]
    url = reverse("ateliers:resultats", kwargs={"slug": seminaire.slug})
    assert client.post(url, {"engagements": [engagements[0].pk]}).status_code == 400
    reponse = client.post(url, {"engagements": [e.pk for e in engagements]}, follow=True)
    assert "sont confirmées" in reponse.content.decode()
    assert Engagement.objects.retenus().count() == 3


@pytest.mark.weasyprint
def test_les_pdf_se_mettent_en_page(atelier):
    from documents import pdf, registre
    from tests.personas.test_documents import textes_pages

    LettreFactory(persona=atelier.persona, objet="rester chez moi sans être oubliée")
    engagement = EngagementFactory(lettre__atelier=atelier, titre="Un agent vient chez vous")
    ParticipantFactory(seminaire=atelier.seminaire, nom="Claire M.")
    lettre = pdf.rendre(registre.obtenir("ateliers.lettre").contenu(engagement.lettre.pk).rendre())
    texte = " ".join(textes_pages(lettre))
    assert len(lettre.pages) >= 2  # la lettre du persona, puis la réponse de l'atelier sur une nouvelle page
    assert texte.index("rester chez moi sans être oubliée") < texte.index("Un agent vient chez vous")
    invitations = pdf.rendre(registre.obtenir("ateliers.invitations").contenu(atelier.seminaire.pk).rendre())
    assert len(invitations.pages) == 1 and "Claire M." in " ".join(textes_pages(invitations))
    livret = pdf.rendre(registre.obtenir("ateliers.livret").contenu(atelier.seminaire.pk).rendre())
    assert "Un agent vient chez vous" in " ".join(textes_pages(livret))


@pytest.mark.parametrize("nombre", [10, 100])
def test_requetes_bornees_des_listes_d_engagements(client, fac, vote_ouvert, django_assert_max_num_queries, nombre):
    ateliers = [AtelierFactory(seminaire=vote_ouvert) for _ in range(4)]
    lettres = [LettreEngagementFactory(atelier=atelier) for atelier in ateliers]
    irritant = IrritantFactory(experimentation=vote_ouvert.experimentation)
    for n in range(nombre):
        engagement = EngagementFactory(lettre=lettres[n % 4], numero=n + 1)
        engagement.irritants.add(irritant)
    participant = ParticipantFactory(seminaire=vote_ouvert)
    anonyme = type(client)()
    with django_assert_max_num_queries(6):
        assert anonyme.get(reverse("ateliers:vote", kwargs={"jeton": participant.jeton})).status_code == 200
    with django_assert_max_num_queries(8):
        assert anonyme.get(reverse("ateliers:atelier", args=[vote_ouvert.slug, ateliers[0].pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ateliers:resultats", kwargs={"slug": vote_ouvert.slug})).status_code == 200
    ecran = reverse("ateliers:ecran", kwargs={"slug": vote_ouvert.slug, "jeton": vote_ouvert.jeton_ecran})
    with django_assert_max_num_queries(4):
        assert anonyme.get(ecran + "?vue=vote").status_code == 200
