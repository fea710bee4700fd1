"""La co-construction (cycles d'une à deux semaines, pistes, maquettes vérifiées par leur contenu, tests terrain) et
le laboratoire (inscription sans compte, liste d'attente, annulation, fichier .ics)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar
from PIL import Image

from ateliers import services
from ateliers.enums import Decision, EtatInscription
from ateliers.models import Cycle, InscriptionLabo
from tests.ateliers.factories import (
    CycleFactory,
    EquipeFactory,
    InscriptionLaboFactory,
    MembreEquipeFactory,
    SessionLaboFactory,
)
from tests.comptes.factories import UserFactory
from tests.territoire.factories import AppartenanceTerritoireFactory


def png() -> bytes:
    sortie = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(sortie, format="PNG")
    return sortie.getvalue()


@pytest.fixture
def equipe():
    return EquipeFactory()


def test_un_cycle_dure_une_a_deux_semaines(fac, equipe):
    debut = datetime.date(2018, 2, 12)
    cycle, cree = services.cycle_enregistrer(
        acteur=fac, equipe=equipe, date_debut=debut, date_fin=debut + datetime.timedelta(days=13), objectif="x"
    )
    assert cree and cycle.numero == 1
    for jours in (5, 14):
        with pytest.raises(ValidationError, match="7 à 14 jours"):
            services.cycle_enregistrer(
                acteur=fac,
                equipe=equipe,
                date_debut=debut,
                date_fin=debut + datetime.timedelta(days=jours),
                objectif="x",
            )
    assert Cycle.objects.count() == 1


def test_un_membre_de_l_equipe_modifie_mais_ne_publie_pas(equipe):
    membre = UserFactory()
    debut = datetime.date(2018, 2, 12)
    champs = {"date_debut": debut, "date_fin": debut + datetime.timedelta(days=6), "objectif": "x"}
    with pytest.raises(PermissionDenied):
        services.cycle_enregistrer(acteur=membre, equipe=equipe, **champs)
    MembreEquipeFactory(equipe=equipe, compte=membre)
    cycle, _ = services.cycle_enregistrer(acteur=membre, equipe=equipe, **champs)
    with pytest.raises(PermissionDenied):
        services.cycle_enregistrer(acteur=membre, equipe=equipe, cycle=cycle, publie=True)


def test_une_maquette_est_verifiee_par_son_contenu(fac, equipe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle = CycleFactory(equipe=equipe)
    faux = SimpleUploadedFile("maquette.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError, match="ni une image"):
        services.maquette_ajouter(acteur=fac, cycle=cycle, titre="Faux", description="x", fichier=faux)
    image = SimpleUploadedFile("maquette.png", png(), content_type="image/png")
    with pytest.raises(ValidationError, match="Décrivez l'image"):
        services.maquette_ajouter(acteur=fac, cycle=cycle, titre="Vraie", description="x", fichier=image)
    image.seek(0)
    maquette = services.maquette_ajouter(
        acteur=fac, cycle=cycle, titre="Vraie", description="x", fichier=image, texte_alternatif="Un écran"
    )
    assert maquette.fichier.name.startswith("ateliers/maquettes/")
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n...\n%%EOF\n", content_type="application/pdf")
    services.maquette_ajouter(acteur=fac, cycle=cycle, titre="Plan", description="x", fichier=pdf)
    tronque = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    with pytest.raises(ValidationError, match="tronqué"):
        services.maquette_ajouter(acteur=fac, cycle=cycle, titre="Plan", description="x", fichier=tronque)


def test_un_test_terrain_pendant_le_cycle(fac, equipe):
    cycle = CycleFactory(equipe=equipe)
    experimentation = equipe.engagement.lettre.atelier.seminaire.experimentation
    commune = AppartenanceTerritoireFactory(territoire=experimentation.territoire).commune
    with pytest.raises(ValidationError, match="pendant le cycle"):
        services.test_terrain_ajouter(
            acteur=fac, cycle=cycle, commune=commune, date=datetime.date(2018, 5, 1), enseignements="x"
        )
    test = services.test_terrain_ajouter(
        acteur=fac, cycle=cycle, commune=commune, date=cycle.date_debut, usagers_rencontres=12, enseignements="x"
    )
    assert test.pk


def test_la_page_d_une_equipe_montre_ses_cycles_publies(client, equipe):
    CycleFactory(equipe=equipe, numero=1, objectif="Cycle publié", decision=Decision.GARDER)
    CycleFactory(equipe=equipe, numero=2, objectif="Cycle en cours", publie=False)
    html = client.get(equipe.get_absolute_url()).content.decode()
    assert "Cycle publié" in html and "Cycle en cours" not in html
    html = client.get(reverse("ateliers:equipes")).content.decode()
    assert "1 cycle sur 4" in html


def test_une_equipe_non_publiee_est_cachee(client):
    equipe = EquipeFactory(publiee=False)
    assert client.get(equipe.get_absolute_url()).status_code == 404


def test_ajouter_un_cycle_par_la_page(client, fac, equipe):
    reponse = client.post(
        reverse("ateliers:cycle_ajouter", args=[equipe.slug]),
        {"date_debut": "2018-02-12", "date_fin": "2018-02-23", "objectif": "Tester"},
        follow=True,
    )
    assert "Cycle n° 1 ajouté" in reponse.content.decode()
    reponse = client.post(
        reverse("ateliers:cycle", args=[equipe.slug, 1]),
        {"quoi": "piste", "piste-titre": "Un bus itinérant"},
        follow=True,
    )
    assert "Un bus itinérant" in reponse.content.decode()


@pytest.mark.parametrize(("nombre",), [(3,), (30,)])
def test_requetes_bornees_co_construction(client, django_assert_max_num_queries, nombre):
    equipe = EquipeFactory()
    for numero in range(1, nombre + 1):
        CycleFactory(equipe=equipe, numero=numero)
        SessionLaboFactory()
    with django_assert_max_num_queries(8):
        assert client.get(equipe.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("ateliers:equipes")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("ateliers:laboratoire")).status_code == 200


# --- Laboratoire -------------------------------------------------------------------------------------------------


def inscrire(session, nom, **kwargs):
    return services.inscription_labo_creer(
        session=session, nom=nom, consentement=kwargs.pop("consentement", True), **kwargs
    )


def test_inscription_liste_d_attente_et_annulation():
    session = SessionLaboFactory(capacite=2)
    a, b, c, d = (inscrire(session, nom) for nom in "ABCD")
    assert [i.etat for i in (a, b, c, d)] == [EtatInscription.CONFIRMEE] * 2 + [EtatInscription.ATTENTE] * 2
    assert services.inscription_position(d) == 2
    services.inscription_labo_annuler(jeton=a.jeton_annulation)
    c.refresh_from_db()
    assert c.etat == EtatInscription.CONFIRMEE
    assert services.inscription_labo_annuler(jeton=a.jeton_annulation).etat == EtatInscription.ANNULEE  # idempotent
    assert InscriptionLabo.objects.filter(etat=EtatInscription.CONFIRMEE).count() == 2


def test_sans_consentement_rien_n_est_garde():
    session = SessionLaboFactory()
    with pytest.raises(ValidationError, match="Cochez la case"):
        inscrire(session, "A", consentement=False)
    assert not InscriptionLabo.objects.exists()


def test_une_session_passee_ou_non_publiee_refuse():
    with pytest.raises(ValidationError, match="commencé"):
        inscrire(SessionLaboFactory(date=datetime.date(2018, 3, 1)), "A")
    with pytest.raises(ValidationError, match="pas ouverte"):
        inscrire(SessionLaboFactory(publiee=False), "A")


def test_le_parcours_public_du_laboratoire(client):
    session = SessionLaboFactory(capacite=1, theme="Tester le guichet itinérant")
    InscriptionLaboFactory(session=session)
    html = client.get(reverse("ateliers:laboratoire")).content.decode()
    assert "Tester le guichet itinérant" in html and "Complet" in html
    reponse = client.post(
        session.get_absolute_url(), {"nom": "Jeanne", "email": "", "consentement": "on"}, follow=True
    )
    html = reponse.content.decode()
    assert "au rang 1" in html
    inscription = InscriptionLabo.objects.get(nom="Jeanne")
    reponse = client.post(reverse("ateliers:inscription", args=[inscription.jeton_annulation]), follow=True)
    assert "est annulée" in reponse.content.decode()
    assert client.get(reverse("ateliers:inscription", args=["inconnu"])).status_code == 404
    reponse = client.post(session.get_absolute_url(), {"nom": "Paul"})
    assert reponse.status_code == 400 and "Cochez la case" in reponse.content.decode()


def test_le_fichier_ics(client):
    session = SessionLaboFactory(theme="Maquette du guichet", date=datetime.date(2030, 3, 14))
    reponse = client.get(reverse("ateliers:session_ics", args=[session.pk]))
    assert reponse["Content-Type"].startswith("text/calendar")
    evenement = next(iter(Calendar.from_ical(reponse.content).walk("VEVENT")))
    assert "Maquette du guichet" in str(evenement["SUMMARY"])
    assert evenement.decoded("DTSTART").date() == datetime.date(2030, 3, 14)
    assert client.get(reverse("ateliers:session_ics", args=[SessionLaboFactory(publiee=False).pk])).status_code == 404


def test_un_facilitateur_publie_un_cycle(client, fac, equipe):
    cycle = CycleFactory(equipe=equipe, publie=False, objectif="Cycle à publier")
    assert "Cycle à publier" not in type(client)().get(equipe.get_absolute_url()).content.decode()
    url = reverse("ateliers:publier", args=["cycle", cycle.pk])
    client.post(url, {"publie": "1", "suite": "https://ailleurs.example/"})
    cycle.refresh_from_db()
    assert cycle.publie
    assert "Cycle à publier" in type(client)().get(equipe.get_absolute_url()).content.decode()
    membre = UserFactory()
    MembreEquipeFactory(equipe=equipe, compte=membre)
    client.force_login(membre)
    assert client.post(url, {"publie": "0"}).status_code == 403
