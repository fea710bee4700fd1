"""Import CSV des participants (rapport ligne par ligne, fichier défectueux : rien ne change), liens, effacement."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ateliers import services
from ateliers.documents import invitations_pdf
from ateliers.enums import TypeParticipant
from ateliers.models import Participant
from documents.registre import obtenir
from tests.ateliers.factories import ParticipantFactory, SeminaireFactory
from tests.comptes.factories import UserFactory, facilitateur
from tests.terrain.factories import StructureFactory

CSV_BON = (
    "nom;type;organisation;courriel\n"
    "Claire Martin;Agent public;CAF du Lot;\n"
    "Paul Durand;association;Secours populaire;paul@example.org\n"
    ";élu;Mairie;\n"
    "Jeanne Roux;astronaute;;\n"
    "Luc Petit;Entreprise;;pas-un-courriel\n"
)


def importer(acteur, seminaire, contenu: str | bytes):
    donnees = contenu.encode() if isinstance(contenu, str) else contenu
    return services.participants_importer(acteur=acteur, seminaire=seminaire, contenu=donnees)


def test_import_ligne_par_ligne(fac, seminaire):
    caf = StructureFactory(nom="CAF du Lot")
    rapport = importer(fac, seminaire, "\ufeff" + CSV_BON)
    assert [p.nom for p in rapport.importes] == ["Claire Martin", "Paul Durand"]
    assert [ligne.numero for ligne in rapport.refusees] == [4, 5, 6]
    raisons = {ligne.numero: " ".join(ligne.raisons) for ligne in rapport.refusees}
    assert "le nom est vide" in raisons[4]
    assert "astronaute" in raisons[5] and "agent public" in raisons[5]
    assert "courriel" in raisons[6]
    claire = Participant.objects.get(nom="Claire Martin")
    assert claire.structure == caf and claire.organisation == "" and claire.type == TypeParticipant.AGENT_PUBLIC
    assert len(claire.jeton) >= 30
    # Le même fichier une deuxième fois n'ajoute personne.
    rapport = importer(fac, seminaire, CSV_BON)
    assert rapport.importes == [] and [nom for _, nom in rapport.deja] == ["Claire Martin", "Paul Durand"]
    assert Participant.objects.count() == 2


def test_import_separateur_virgule_et_colonnes_synonymes(fac, seminaire):
    rapport = importer(fac, seminaire, "Nom,Type,Structure,E-mail\nAnne,usager,,\n")
    assert [p.nom for p in rapport.importes] == ["Anne"]


def test_un_fichier_mal_encode_n_importe_rien(fac, seminaire):
    rapport = importer(fac, seminaire, CSV_BON.replace("Élu", "élu").encode("cp1252"))
    assert "UTF-8" in rapport.erreur
    assert not Participant.objects.exists()


def test_des_colonnes_manquantes_n_importent_rien(fac, seminaire):
    rapport = importer(fac, seminaire, "nom;organisation\nClaire;CAF\n")
    assert rapport.erreur.startswith("Colonne manquante : type.")
    assert not Participant.objects.exists()


def test_la_capacite_du_seminaire_borne_l_import(fac):
    seminaire = SeminaireFactory(capacite=1)
    rapport = importer(fac, seminaire, "nom;type\nA;usager\nB;usager\n")
    assert len(rapport.importes) == 1
    assert "complet" in rapport.refusees[0].raisons[0]


def test_seul_un_facilitateur_importe(seminaire):
    with pytest.raises(PermissionDenied):
        importer(UserFactory(), seminaire, CSV_BON)


def test_la_page_d_import(client, fac, seminaire):
    url = reverse("ateliers:participants_importer", kwargs={"slug": seminaire.slug})
    fichier = SimpleUploadedFile("invites.csv", CSV_BON.encode(), content_type="text/csv")
    html = client.post(url, {"fichier": fichier}).content.decode()
    assert "2 participants importés" in html and "Ligne 5 (Jeanne Roux)" in html
    fichier = SimpleUploadedFile("invites.csv", b"nom\nA\n", content_type="text/csv")
    reponse = client.post(url, {"fichier": fichier})
    assert reponse.status_code == 400 and "Colonne manquante" in reponse.content.decode()


def test_la_gestion_est_reservee_aux_facilitateurs(client, seminaire):
    url = reverse("ateliers:participants", kwargs={"slug": seminaire.slug})
    assert client.get(url).status_code == 302  # vers la connexion
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_revoquer_renouveler_effacer(client, fac, seminaire):
    participant = ParticipantFactory(seminaire=seminaire, email="a@example.org")
    ancien = participant.jeton
    url = reverse("ateliers:participant_action", kwargs={"slug": seminaire.slug, "pk": participant.pk})
    client.post(url, {"action": "revoquer"})
    participant.refresh_from_db()
    assert participant.jeton_revoque_le is not None
    client.post(url, {"action": "renouveler"})
    participant.refresh_from_db()
    assert participant.jeton != ancien and participant.jeton_valide()
    client.post(url, {"action": "effacer"})  # sans la case de confirmation : rien
    assert Participant.objects.filter(pk=participant.pk).exists()
    client.post(url, {"action": "effacer", "confirmer": "1"})
    assert not Participant.objects.filter(pk=participant.pk).exists()


def test_effacer_les_courriels(client, fac, seminaire):
    ParticipantFactory(seminaire=seminaire, email="a@example.org")
    ParticipantFactory(seminaire=seminaire)
    client.post(reverse("ateliers:courriels_effacer", kwargs={"slug": seminaire.slug}))
    assert not Participant.objects.exclude(email="").exists()


def test_les_feuilles_d_invitation_portent_un_qr_code_par_participant(seminaire):
    actifs = ParticipantFactory.create_batch(2, seminaire=seminaire)
    ParticipantFactory(seminaire=seminaire, jeton_revoque_le="2018-02-01T10:00:00Z")
    html = invitations_pdf(str(seminaire.pk)).rendre()
    assert html.count('class="segno"') == 2
    for participant in actifs:
        assert f"/seminaire/invitation/{participant.jeton}/" in html


def test_les_feuilles_d_invitation_sont_reservees_aux_facilitateurs(client, seminaire):
    source = obtenir("ateliers.invitations")
    assert not source.peut_voir(UserFactory(), seminaire.pk)
    assert source.peut_voir(facilitateur(), seminaire.pk)
