"""Ce que les facilitateurs font maintenant depuis le site (et plus seulement dans l'administration) : programmer et
modifier une séance du laboratoire et voir ses inscrits, composer une équipe, ouvrir et fermer le choix des
ateliers et le vote."""

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ateliers import services
from ateliers.enums import EtatInscription, OrigineMembre
from ateliers.models import InscriptionLabo, MembreEquipe, SessionLabo
from tests.ateliers.factories import (
    EquipeFactory,
    InscriptionLaboFactory,
    MembreEquipeFactory,
    ParticipantFactory,
    SeminaireFactory,
    SessionLaboFactory,
)
from tests.comptes.factories import UserFactory


def html(reponse) -> str:
    return unescape(reponse.content.decode())


# --- Le laboratoire ---------------------------------------------------------------------------------------------


def _champs_session(experimentation, **autres):
    champs = {
        "experimentation": experimentation.pk,
        "theme": "Tester le guichet itinérant",
        "description": "Venez essayer la maquette.",
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "heure_debut": "14:00",
        "heure_fin": "16:30",
        "lieu": "",
        "capacite": "12",
    }
    return {**champs, **autres}


def test_le_laboratoire_propose_de_programmer_une_seance_aux_seuls_facilitateurs(client, fac):
    assert "Programmer une séance" in html(client.get("/laboratoire/"))
    client.logout()
    assert "Programmer une séance" not in html(client.get("/laboratoire/"))
    assert client.get("/laboratoire/nouvelle/").status_code == 302  # vers la connexion


def test_programmer_une_seance_par_la_page(client, fac, experimentation):
    equipe = EquipeFactory(engagement__lettre__atelier__seminaire__experimentation=experimentation)
    donnees = _champs_session(experimentation, equipe=equipe.pk, publiee="on")
    reponse = client.post("/laboratoire/nouvelle/", donnees, follow=True)
    session = SessionLabo.objects.get()
    assert reponse.redirect_chain[-1][0] == f"/laboratoire/{session.pk}/modifier/"
    assert "est programmée (publiée : le public peut s'inscrire)" in html(reponse)
    assert session.lieu == "Laboratoire, ancienne mairie de Cahors"  # laissé vide : le lieu par défaut
    assert (session.equipe, session.capacite, session.publiee) == (equipe, 12, True)
    client.logout()
    assert client.get(f"/laboratoire/{session.pk}/").status_code == 200


def test_une_seance_mal_remplie_revient_avec_les_erreurs_en_francais(client, fac, experimentation):
    reponse = client.post("/laboratoire/nouvelle/", _champs_session(experimentation, heure_fin="13:00"))
    assert reponse.status_code == 400
    assert "La session doit finir après son début." in html(reponse)
    assert not SessionLabo.objects.exists()


def test_l_equipe_d_une_autre_experimentation_est_refusee(fac, experimentation):
    autre = EquipeFactory()
    with pytest.raises(ValidationError) as erreur:
        services.session_labo_enregistrer(
            acteur=fac,
            experimentation=experimentation,
            equipe=autre,
            theme="Séance",
            date=timezone.localdate(),
            heure_debut=datetime.time(14),
            heure_fin=datetime.time(15),
            capacite=3,
        )
    assert "autre expérimentation" in erreur.value.message_dict["equipe"][0]


def test_seul_un_facilitateur_programme_une_seance(experimentation):
    agent = UserFactory()
    with pytest.raises(PermissionDenied):
        services.session_labo_enregistrer(acteur=agent, experimentation=experimentation, theme="x")


def test_la_capacite_ne_descend_pas_sous_les_inscrits_et_monter_sert_l_attente(fac):
    session = SessionLaboFactory(capacite=2)
    for nom in ("Alice", "Bruno", "Chloé"):
        services.inscription_labo_creer(session=session, nom=nom, consentement=True)
    assert InscriptionLabo.objects.get(nom="Chloé").etat == EtatInscription.ATTENTE
    with pytest.raises(ValidationError) as erreur:
        services.session_labo_enregistrer(acteur=fac, session=session, capacite=1)
    assert "2 personnes ont déjà une place confirmée" in erreur.value.message_dict["capacite"][0]
    services.session_labo_enregistrer(acteur=fac, session=session, capacite=3)
    assert InscriptionLabo.objects.get(nom="Chloé").etat == EtatInscription.CONFIRMEE


def test_les_inscrits_ne_sont_montres_qu_aux_facilitateurs(client, fac):
    session = SessionLaboFactory(capacite=1)
    InscriptionLaboFactory(session=session, nom="Alice Confirmée")
    InscriptionLaboFactory(session=session, nom="Bruno Attend", etat=EtatInscription.ATTENTE)
    page = html(client.get(f"/laboratoire/{session.pk}/modifier/"))
    assert "Alice Confirmée" in page and "Bruno Attend" in page
    assert "Liste d'attente" in page
    # La page publique de la séance ne nomme personne, même pour un facilitateur (il a un lien vers la liste).
    publique = html(client.get(f"/laboratoire/{session.pk}/"))
    assert "Alice Confirmée" not in publique and "voir les inscrits" in publique
    client.logout()
    assert "Alice Confirmée" not in html(client.get(f"/laboratoire/{session.pk}/"))
    assert client.get(f"/laboratoire/{session.pk}/modifier/").status_code == 302
    client.force_login(UserFactory())
    assert client.get(f"/laboratoire/{session.pk}/modifier/").status_code == 403


def test_modifier_une_seance_par_la_page(client, fac):
    session = SessionLaboFactory(publiee=False)
    donnees = _champs_session(session.experimentation, theme="Nouveau thème", capacite="8")
    reponse = client.post(f"/laboratoire/{session.pk}/modifier/", donnees, follow=True)
    assert "La séance « Nouveau thème » est enregistrée." in html(reponse)
    session.refresh_from_db()
    assert (session.theme, session.capacite, session.publiee) == ("Nouveau thème", 8, False)


def test_une_seance_inconnue_repond_404(client, fac):
    assert client.get("/laboratoire/999999/modifier/").status_code == 404


# --- Composer une équipe ----------------------------------------------------------------------------------------


@pytest.fixture
def equipe():
    return EquipeFactory(publiee=True)


def test_ajouter_un_participant_du_seminaire_par_la_page(client, fac, equipe):
    seminaire = equipe.engagement.lettre.atelier.seminaire
    participant = ParticipantFactory(seminaire=seminaire, nom="Yasmine Participante")
    ParticipantFactory(nom="Quelqu'un d'un autre séminaire")
    page = html(client.get(f"/equipes/{equipe.slug}/"))
    assert "Yasmine Participante" in page and "Quelqu'un d'un autre séminaire" not in page
    reponse = client.post(
        f"/equipes/{equipe.slug}/membres/",
        {"membre-participant": participant.pk, "membre-origine": "participant", "membre-competence": "design"},
        follow=True,
    )
    assert "Yasmine Participante fait maintenant partie de l'équipe." in html(reponse)
    membre = MembreEquipe.objects.get(equipe=equipe)
    assert (membre.nom, membre.participant, membre.origine, membre.competence) == (
        "Yasmine Participante",
        participant,
        OrigineMembre.PARTICIPANT,
        "design",
    )


def test_ajouter_un_nom_libre_et_le_retirer(client, fac, equipe):
    client.post(
        f"/equipes/{equipe.slug}/membres/",
        {"membre-nom": "Paul, usager de la MSAP", "membre-origine": "usager", "membre-fonction": "Retraité"},
    )
    membre = MembreEquipe.objects.get(equipe=equipe)
    assert membre.fonction == "Retraité"
    reponse = client.post(f"/equipes/{equipe.slug}/membres/{membre.pk}/retirer/", follow=True)
    assert "Paul, usager de la MSAP ne fait plus partie de l'équipe." in html(reponse)
    assert not MembreEquipe.objects.exists()


def test_un_membre_sans_nom_ni_participant_est_refuse(client, fac, equipe):
    reponse = client.post(f"/equipes/{equipe.slug}/membres/", {"membre-origine": "usager"}, follow=True)
    assert "Choisissez un participant du séminaire ou écrivez le nom du membre." in html(reponse)
    assert not MembreEquipe.objects.exists()


def test_un_participant_d_un_autre_seminaire_ou_deja_membre_est_refuse(fac, equipe):
    with pytest.raises(ValidationError) as erreur:
        services.membre_ajouter(acteur=fac, equipe=equipe, participant=ParticipantFactory(), origine="participant")
    assert "n'a pas participé au séminaire" in erreur.value.message_dict["participant"][0]
    participant = ParticipantFactory(seminaire=equipe.engagement.lettre.atelier.seminaire, nom="Zoé")
    services.membre_ajouter(acteur=fac, equipe=equipe, participant=participant)
    with pytest.raises(ValidationError) as erreur:
        services.membre_ajouter(acteur=fac, equipe=equipe, participant=participant)
    assert "Zoé fait déjà partie de l'équipe." in erreur.value.message_dict["participant"]


def test_un_membre_compose_son_equipe_sans_donner_de_compte(equipe):
    moi = UserFactory()
    MembreEquipeFactory(equipe=equipe, compte=moi)
    services.membre_ajouter(acteur=moi, equipe=equipe, nom="Nouvelle recrue", origine="agent")
    with pytest.raises(PermissionDenied):
        services.membre_ajouter(acteur=moi, equipe=equipe, nom="Avec compte", origine="agent", compte=UserFactory())
    autre_avec_compte = MembreEquipeFactory(equipe=equipe, compte=UserFactory())
    with pytest.raises(PermissionDenied):
        services.membre_retirer(acteur=moi, membre=autre_avec_compte)
    with pytest.raises(PermissionDenied):
        services.membre_ajouter(acteur=UserFactory(), equipe=equipe, nom="Intrus", origine="agent")


def test_le_public_ne_voit_ni_formulaire_ni_bouton_retirer(client, equipe):
    MembreEquipeFactory(equipe=equipe, nom="Hélène")
    page = html(client.get(f"/equipes/{equipe.slug}/"))
    assert "Hélène" in page
    assert "Ajouter un membre" not in page and "Retirer" not in page
    assert client.post(f"/equipes/{equipe.slug}/membres/", {"membre-nom": "x"}).status_code == 302  # connexion
    assert not MembreEquipe.objects.filter(nom="x").exists()


def test_retirer_le_membre_d_une_autre_equipe_repond_404(client, fac, equipe):
    autre = MembreEquipeFactory()
    assert client.post(f"/equipes/{equipe.slug}/membres/{autre.pk}/retirer/").status_code == 404
    assert MembreEquipe.objects.filter(pk=autre.pk).exists()


# --- Ouvrir et fermer le choix et le vote -----------------------------------------------------------------------


@pytest.fixture
def seminaire_passe():
    """Un séminaire dont le choix et le vote sont fermés depuis longtemps (comme celui de la démo, en 2018)."""
    il_y_a = timezone.now() - datetime.timedelta(days=300)
    return SeminaireFactory(
        choix_ouverture=il_y_a,
        choix_fermeture=il_y_a + datetime.timedelta(days=5),
        vote_ouverture=il_y_a + datetime.timedelta(days=6),
        vote_fermeture=il_y_a + datetime.timedelta(days=6, hours=1),
    )


def test_ouvrir_puis_fermer_le_choix_par_la_page(client, fac, seminaire_passe):
    url = f"/seminaire/{seminaire_passe.slug}/participants/"
    page = html(client.get(url))
    assert "Ouvrir le choix maintenant" in page and "Ouvrir le vote maintenant" in page
    reponse = client.post(f"/seminaire/{seminaire_passe.slug}/ouverture/", {"action": "choix_ouvrir"}, follow=True)
    assert reponse.redirect_chain[-1][0] == url
    assert "Le choix des ateliers est ouvert" in html(reponse) and "Fermer le choix" in html(reponse)
    seminaire_passe.refresh_from_db()
    assert seminaire_passe.choix_ouvert()
    assert seminaire_passe.choix_fermeture > timezone.now() + datetime.timedelta(days=6)
    reponse = client.post(f"/seminaire/{seminaire_passe.slug}/ouverture/", {"action": "choix_fermer"}, follow=True)
    assert "Le choix des ateliers est fermé" in html(reponse)
    seminaire_passe.refresh_from_db()
    assert not seminaire_passe.choix_ouvert()


def test_ouvrir_le_vote_depuis_la_page_du_seminaire(client, fac, seminaire_passe):
    page = f"/seminaire/{seminaire_passe.slug}/"
    assert "Ouvrir le vote maintenant" in html(client.get(page))
    reponse = client.post(
        f"/seminaire/{seminaire_passe.slug}/ouverture/", {"action": "vote_ouvrir", "suite": page}, follow=True
    )
    assert reponse.redirect_chain[-1][0] == page
    assert "Le vote est ouvert" in html(reponse)
    seminaire_passe.refresh_from_db()
    assert seminaire_passe.vote_ouvert()
    services.vote_fermer(acteur=fac, seminaire=seminaire_passe)
    seminaire_passe.refresh_from_db()
    assert not seminaire_passe.vote_ouvert()


def test_ouvrir_deux_fois_ne_change_rien_et_la_suite_est_sur_le_site(client, fac, seminaire_passe):
    services.choix_ouvrir(acteur=fac, seminaire=seminaire_passe)
    reponse = client.post(
        f"/seminaire/{seminaire_passe.slug}/ouverture/",
        {"action": "choix_ouvrir", "suite": "https://ailleurs.example/"},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == f"/seminaire/{seminaire_passe.slug}/participants/"
    assert "était déjà ouvert : rien n'a changé" in html(reponse)
    reponse = client.post(f"/seminaire/{seminaire_passe.slug}/ouverture/", {"action": "n'importe"}, follow=True)
    assert "Action inconnue" in html(reponse)


def test_rouvrir_prolonge_les_liens_expires_mais_pas_les_desactives(fac, seminaire_passe):
    hier = timezone.now() - datetime.timedelta(days=1)
    expire = ParticipantFactory(seminaire=seminaire_passe, jeton_expire_le=hier)
    desactive = ParticipantFactory(seminaire=seminaire_passe, jeton_revoque_le=hier)
    sans_date = ParticipantFactory(seminaire=seminaire_passe)
    resultat = services.choix_ouvrir(acteur=fac, seminaire=seminaire_passe)
    assert (resultat.liens_prolonges, resultat.liens_desactives) == (1, 1)
    for participant in (expire, desactive, sans_date):
        participant.refresh_from_db()
    assert expire.jeton_valide() and expire.jeton_expire_le == resultat.seminaire.choix_fermeture
    assert not desactive.jeton_valide()
    assert sans_date.jeton_expire_le is None


def test_rouvrir_permet_de_choisir_par_son_lien(client, fac, seminaire_passe):
    from tests.ateliers.factories import AtelierFactory

    atelier = AtelierFactory(seminaire=seminaire_passe, capacite=2)
    participant = ParticipantFactory(seminaire=seminaire_passe)
    services.choix_ouvrir(acteur=fac, seminaire=seminaire_passe)
    client.logout()
    reponse = client.post(participant.get_invitation_url(), {"atelier": atelier.pk}, follow=True)
    assert f"vous participez à l'atelier de {atelier.persona.prenom}" in html(reponse)
    texte = " ".join(re.sub(r"<[^>]+>", "", html(reponse)).split())
    assert "1 place restante sur 2" in texte


def test_seul_un_facilitateur_ouvre_le_choix(client, seminaire_passe):
    with pytest.raises(PermissionDenied):
        services.choix_ouvrir(acteur=UserFactory(), seminaire=seminaire_passe)
    client.force_login(UserFactory())
    reponse = client.post(f"/seminaire/{seminaire_passe.slug}/ouverture/", {"action": "choix_ouvrir"})
    assert reponse.status_code == 403
    seminaire_passe.refresh_from_db()
    assert not seminaire_passe.choix_ouvert()


def test_la_page_des_participants_donne_le_lien_complet_de_chacun(client, fac, seminaire_passe):
    participant = ParticipantFactory(seminaire=seminaire_passe)
    page = html(client.get(f"/seminaire/{seminaire_passe.slug}/participants/"))
    assert f'data-lien="http://testserver/seminaire/invitation/{participant.jeton}/"' in page
    assert "js/copier-lien.js" in page
