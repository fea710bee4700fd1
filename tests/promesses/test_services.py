import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ateliers import signals
from ateliers.models import Engagement
from promesses import services
from promesses.enums import StatutPromesse
from promesses.models import InstantanePromesse, PointAvancement, Promesse, RappelEnvoye
from tests.comptes.factories import UserFactory, facilitateur
from tests.promesses.factories import EngagementFactory, promesse

JOUR = datetime.date(2018, 6, 1)


def ajouter(acteur, p, **kwargs):
    valeurs = {"avancement": 40, "statut": StatutPromesse.EN_COURS, "date": JOUR} | kwargs
    return services.point_avancement_ajouter(acteur=acteur, promesse=p, **valeurs)


class TestContratAteliers:
    def test_un_engagement_annonce_cree_sa_promesse_une_seule_fois(self, reference):
        p = promesse()
        signals.engagement_enregistre.send(sender=Engagement, engagement=p.engagement, cree=False)
        assert Promesse.objects.filter(engagement=p.engagement).count() == 1
        assert p.statut == StatutPromesse.A_LANCER
        assert p.titre == p.engagement.titre

    def test_une_echeance_deplacee_dans_le_passe_met_la_promesse_en_retard(self, reference):
        p = promesse()
        engagement = p.engagement
        engagement.echeance = datetime.date(2018, 9, 1)
        engagement.save()
        signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=False)
        p.refresh_from_db()
        assert p.statut == StatutPromesse.EN_RETARD

    def test_un_engagement_retire_quitte_le_suivi(self, reference):
        p = promesse()
        p.engagement.retire_le = timezone.now()
        p.engagement.save()
        signals.engagement_retire.send(sender=Engagement, engagement=p.engagement)
        assert not Promesse.objects.suivies().filter(pk=p.pk).exists()


class TestPointAvancement:
    def test_l_etat_courant_est_celui_du_dernier_point_et_l_historique_reste(self, reference):
        fac = facilitateur()
        p = promesse()
        ajouter(fac, p, avancement=20, date=datetime.date(2018, 3, 1))
        ajouter(fac, p, avancement=60, date=datetime.date(2018, 5, 1), commentaire="Navette en test")
        # Un point antidaté ne devient pas l'état courant.
        ajouter(fac, p, avancement=30, date=datetime.date(2018, 4, 1))
        p.refresh_from_db()
        assert (p.avancement, p.statut, p.derniere_mise_a_jour) == (
            60,
            StatutPromesse.EN_COURS,
            datetime.date(2018, 5, 1),
        )
        assert p.points.count() == 3
        dernier = p.points.get(avancement=30)
        assert (dernier.avancement_avant, dernier.auteur) == (60, fac)

    def test_tenue_veut_dire_100_pour_cent(self, reference):
        with pytest.raises(ValidationError) as exc:
            ajouter(facilitateur(), promesse(), avancement=90, statut=StatutPromesse.TENUE)
        assert "avancement" in exc.value.message_dict
        assert not PointAvancement.objects.exists()

    def test_abandonnee_demande_une_raison(self, reference):
        with pytest.raises(ValidationError) as exc:
            ajouter(facilitateur(), promesse(), statut=StatutPromesse.ABANDONNEE, commentaire="  ")
        assert "commentaire" in exc.value.message_dict

    def test_en_retard_ne_se_declare_pas(self, reference):
        with pytest.raises(ValidationError) as exc:
            ajouter(facilitateur(), promesse(), statut=StatutPromesse.EN_RETARD)
        assert "statut" in exc.value.message_dict

    def test_en_retard_se_calcule_contre_la_date_de_reference(self, reference):
        p = promesse()
        ajouter(facilitateur(), p, avancement=70)
        p.refresh_from_db()
        assert p.statut == StatutPromesse.EN_COURS
        reference(datetime.date(2019, 1, 2))
        ajouter(facilitateur(), p, avancement=80, date=datetime.date(2018, 12, 20))
        p.refresh_from_db()
        assert (p.statut_declare, p.statut) == (StatutPromesse.EN_COURS, StatutPromesse.EN_RETARD)

    def test_une_promesse_close_n_est_jamais_en_retard(self, reference):
        reference(datetime.date(2019, 3, 1))
        p = promesse()
        ajouter(facilitateur(), p, avancement=60, statut=StatutPromesse.PARTIELLEMENT_TENUE)
        p.refresh_from_db()
        assert p.statut == StatutPromesse.PARTIELLEMENT_TENUE

    def test_le_porteur_par_son_lien_personnel(self, reference, django_user_model):
        from django.contrib.auth.models import AnonymousUser

        p = promesse()
        point = ajouter(AnonymousUser(), p, jeton=p.jeton)
        assert point.par_lien_personnel and point.auteur is None
        assert point.auteur_nom == p.engagement.porteur

    def test_un_lien_revoque_ou_faux_ne_marche_plus(self, reference):
        from django.contrib.auth.models import AnonymousUser

        fac = facilitateur()
        p = promesse()
        with pytest.raises(PermissionDenied):
            ajouter(AnonymousUser(), p, jeton="pas-le-bon")
        services.lien_personnel_revoquer(acteur=fac, promesse=p)
        with pytest.raises(PermissionDenied):
            ajouter(AnonymousUser(), p, jeton=p.jeton)
        ancien = p.jeton
        services.lien_personnel_renouveler(acteur=fac, promesse=p)
        assert p.jeton != ancien
        ajouter(AnonymousUser(), p, jeton=p.jeton)
        assert p.points.count() == 1

    def test_un_compte_porteur_met_a_jour_sa_promesse_seulement(self, reference):
        porteur = UserFactory()
        p, autre = promesse(), promesse()
        p.comptes_porteurs.add(porteur)
        ajouter(porteur, p)
        with pytest.raises(PermissionDenied):
            ajouter(porteur, autre)

    def test_la_preuve_est_verifiee_par_son_contenu(self, reference):
        faux_pdf = SimpleUploadedFile("preuve.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")
        with pytest.raises(ValidationError) as exc:
            ajouter(facilitateur(), promesse(), fichier_preuve=faux_pdf)
        assert "fichier_preuve" in exc.value.message_dict
        gros = SimpleUploadedFile("preuve.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024) + b"%%EOF")
        with pytest.raises(ValidationError, match="5 Mo"):
            ajouter(facilitateur(), promesse(), fichier_preuve=gros)
        bon = SimpleUploadedFile("preuve.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n")
        assert ajouter(facilitateur(), promesse(), fichier_preuve=bon).fichier_preuve


class TestImportCsv:
    def test_tout_est_applique_quand_tout_est_bon(self, reference):
        p1, p2 = promesse(), promesse()
        contenu = (
            "promesse_id;date;avancement;statut;commentaire\n"
            f"{p1.pk};2018-06-01;50;En cours;Première navette\n"
            f"{p2.pk};2018-06-02;100;tenue;Fait\n"
        ).encode()
        rapport = services.points_importer_csv(acteur=facilitateur(), contenu=contenu)
        assert rapport.applique, rapport
        assert [p.avancement for p in Promesse.objects.order_by("pk")] == [50, 100]

    def test_une_ligne_fausse_et_rien_n_est_applique(self, reference):
        p1, p2 = promesse(), promesse()
        contenu = (
            "promesse_id;avancement;statut;commentaire\n"
            f"{p1.pk};50;en_cours;ok\n"
            f"{p2.pk};80;tenue;pas 100\n"
            "99999;10;en_cours;\n"
        ).encode()
        rapport = services.points_importer_csv(acteur=facilitateur(), contenu=contenu)
        assert not rapport.applique
        assert [ligne.ok for ligne in rapport.lignes] == [True, False, False]
        assert "100 %" in " ".join(rapport.lignes[1].erreurs)
        assert "99999" in rapport.lignes[2].erreurs[0]
        assert not PointAvancement.objects.exists()
        assert Promesse.objects.get(pk=p1.pk).avancement == 0

    def test_fichier_mal_encode_ou_colonnes_manquantes(self, reference):
        fac = facilitateur()
        assert "UTF-8" in services.points_importer_csv(acteur=fac, contenu="é;à".encode("latin-1")).erreur_fichier
        rapport = services.points_importer_csv(acteur=fac, contenu=b"promesse_id;commentaire\n1;x\n")
        assert "avancement" in rapport.erreur_fichier and not rapport.applique

    def test_reserve_aux_facilitateurs(self, reference):
        with pytest.raises(PermissionDenied):
            services.points_importer_csv(acteur=UserFactory(), contenu=b"promesse_id;avancement;statut\n")


class TestSuiviQuotidien:
    def test_rejoue_le_meme_jour_ne_change_rien(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 12, 10, 6, tzinfo=datetime.UTC), tick=False):
            p = promesse(echeance=datetime.date(2018, 12, 31))
            Promesse.objects.filter(pk=p.pk).update(contact_email="porteur@exemple.fr")
            en_retard = promesse(echeance=datetime.date(2018, 12, 1))
            Promesse.objects.filter(pk=en_retard.pk).update(statut=StatutPromesse.A_LANCER)
            premier = services.suivi_quotidien()
            assert premier.statuts_changes == 1 and premier.instantanes == 2
            # Sans nouvelles (jamais mise à jour depuis sa création, il y a plus de 30 jours ? non : créée
            # aujourd'hui) ; échéance dans 21 jours : un rappel.
            assert premier.rappels == 1 and len(mail.outbox) == 1
            assert "porteur@exemple.fr" in mail.outbox[0].to
            assert p.jeton in mail.outbox[0].body
            second = services.suivi_quotidien()
            assert (second.statuts_changes, second.rappels) == (0, 0)
            assert len(mail.outbox) == 1
            assert InstantanePromesse.objects.count() == 2
            assert RappelEnvoye.objects.count() == 1
        with time_machine.travel(datetime.datetime(2018, 12, 11, 6, tzinfo=datetime.UTC), tick=False):
            services.suivi_quotidien()
            assert InstantanePromesse.objects.count() == 4
            assert len(mail.outbox) == 1  # pas de nouveau rappel du même motif avant une semaine
        assert set(InstantanePromesse.objects.filter(promesse=en_retard).values_list("statut", flat=True)) == {
            StatutPromesse.EN_RETARD
        }

    def test_rappel_sans_nouvelles_depuis_30_jours(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 3, 1, 6, tzinfo=datetime.UTC), tick=False):
            p = promesse()
            services.point_avancement_ajouter(
                acteur=facilitateur(), promesse=p, avancement=10, statut=StatutPromesse.EN_COURS
            )
            Promesse.objects.filter(pk=p.pk).update(contact_email="porteur@exemple.fr")
        with time_machine.travel(datetime.datetime(2018, 3, 30, 6, tzinfo=datetime.UTC), tick=False):
            assert services.suivi_quotidien().rappels == 0
        with time_machine.travel(datetime.datetime(2018, 3, 31, 6, tzinfo=datetime.UTC), tick=False):
            assert services.suivi_quotidien().rappels == 1
        assert "30 jours" in mail.outbox[0].subject

    def test_les_comptes_porteurs_sont_relances_sans_le_lien_personnel(self, settings):
        """« Mes promesses » montre le rappel dû au compte porteur : le courriel lui part aussi, sans le lien
        personnel (réservé au contact qui le détient) ; une adresse commune au contact et à un compte ne reçoit
        qu'un courriel ; une promesse sans contact mais avec un compte porteur est relancée."""
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 12, 10, 6, tzinfo=datetime.UTC), tick=False):
            avec_contact = promesse(echeance=datetime.date(2018, 12, 31))
            Promesse.objects.filter(pk=avec_contact.pk).update(contact_email="contact@exemple.fr")
            avec_contact.comptes_porteurs.add(
                UserFactory(email="compte@exemple.fr"), UserFactory(email="CONTACT@exemple.fr"), UserFactory(email="")
            )
            sans_contact = promesse(echeance=datetime.date(2018, 12, 20))
            sans_contact.comptes_porteurs.add(UserFactory(email="seul@exemple.fr"))
            bilan = services.suivi_quotidien()
            assert bilan.rappels == 2  # un (promesse, motif) par promesse, quel que soit le nombre de destinataires
            par_adresse = {message.to[0].lower(): message.body for message in mail.outbox}
            assert set(par_adresse) == {"contact@exemple.fr", "compte@exemple.fr", "seul@exemple.fr"}
            assert bilan.courriels == 3
            avec_contact.refresh_from_db()
            assert avec_contact.jeton in par_adresse["contact@exemple.fr"]
            assert avec_contact.jeton not in par_adresse["compte@exemple.fr"]
            assert f"/promesses/{avec_contact.pk}/mettre-a-jour/" in par_adresse["compte@exemple.fr"]
            assert "/promesses/mes-promesses/" in par_adresse["seul@exemple.fr"]
            assert services.suivi_quotidien().courriels == 0  # rejouée le même jour : personne n'est relancé
            assert len(mail.outbox) == 3

    def test_la_tache_appelle_le_service(self, reference):
        from promesses.tasks import suivi_quotidien

        promesse()
        assert suivi_quotidien.delay().get()["instantanes"] == 1

    def test_le_planning_de_celery_beat(self, settings):
        assert settings.CELERY_BEAT_SCHEDULE["promesses-suivi-quotidien"]["task"] == "promesses.tasks.suivi_quotidien"


def test_engagement_sans_promesse_avant_le_signal(reference):
    engagement = EngagementFactory()
    assert not Promesse.objects.filter(engagement=engagement).exists()
