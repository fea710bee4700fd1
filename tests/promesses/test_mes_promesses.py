"""« Mes promesses » (le porteur connecté et ses promesses), le lien de l'en-tête, les rappels groupés par
destinataire, et ce que montre la page du lien personnel des autres promesses du même porteur."""

import datetime

import pytest
import time_machine
from django.core import mail

from promesses import services
from promesses.enums import StatutPromesse
from promesses.models import Promesse, RappelEnvoye
from tests.comptes.factories import UserFactory, agent, facilitateur
from tests.promesses.factories import jeu_de_donnees, promesse
from tests.terrain.factories import StructureFactory

MES_PROMESSES = "/promesses/mes-promesses/"


def texte(reponse) -> str:
    return reponse.content.decode()


@pytest.fixture
def jeu(reference):
    reference(datetime.date(2018, 10, 1))
    return jeu_de_donnees(4)


class TestMesPromesses:
    def test_l_adresse_demande_une_connexion(self, client):
        reponse = client.get(MES_PROMESSES)
        assert reponse.status_code == 302 and "/comptes/login/" in reponse["Location"]

    def test_le_porteur_voit_les_siennes_et_seulement_elles(self, client, jeu):
        _, promesses = jeu
        porteur = agent()
        for p in promesses[:2]:
            p.comptes_porteurs.add(porteur)
        # 2 mai : dernier point il y a 152 jours (rappel dû) ; échéance le 31 décembre, dans 91 jours.
        client.force_login(porteur)
        reponse = client.get(MES_PROMESSES)
        assert reponse.status_code == 200
        page = texte(reponse)
        assert promesses[0].engagement.titre in page and promesses[1].engagement.titre in page
        assert promesses[2].engagement.titre not in page and promesses[3].engagement.titre not in page
        assert "Roseline" in page and "Sébastien" in page  # les personas
        assert "En cours" in page and "50 %" in page
        assert "31 décembre 2018 (91 jours avant l&#x27;échéance)" in page
        assert "il y a 152 jours" in page
        assert "Mise à jour attendue" in page and "Aucun point d&#x27;avancement depuis 30 jours" in page
        for p in promesses[:2]:
            assert f'href="/promesses/{p.pk}/mettre-a-jour/"' in page
        assert "voir toutes les promesses" not in page  # pas facilitateur

    def test_pas_de_rappel_du_pour_une_promesse_close_ou_a_jour(self, client, jeu):
        _, promesses = jeu
        porteur = UserFactory()
        promesses[0].comptes_porteurs.add(porteur)
        services.point_avancement_ajouter(
            acteur=porteur, promesse=promesses[0], avancement=60, statut=StatutPromesse.EN_COURS
        )
        client.force_login(porteur)
        page = texte(client.get(MES_PROMESSES))
        assert "aucun rappel dû" in page and "Mise à jour attendue" not in page
        assert "il y a 0 jour" in page

    def test_un_compte_sans_promesse(self, client, jeu):
        client.force_login(UserFactory())
        page = texte(client.get(MES_PROMESSES))
        assert "ne porte aucune promesse" in page

    def test_un_facilitateur_porteur_voit_les_siennes_et_un_lien_vers_toutes(self, client, jeu):
        _, promesses = jeu
        fac = facilitateur()
        promesses[3].comptes_porteurs.add(fac)
        client.force_login(fac)
        page = texte(client.get(MES_PROMESSES))
        assert promesses[3].engagement.titre in page
        assert promesses[0].engagement.titre not in page  # il peut tout mettre à jour, mais ne porte que celle-ci
        assert "voir toutes les promesses" in page

    def test_une_promesse_retiree_ou_non_publique(self, client, jeu):
        """Retirée de sa lettre, une promesse quitte le suivi ; non publique, son porteur la met à jour quand même."""
        from django.utils import timezone

        from personas.enums import StatutPersona

        _, promesses = jeu
        porteur = UserFactory()
        for p in promesses[:2]:
            p.comptes_porteurs.add(porteur)
        promesses[0].engagement.__class__.objects.filter(pk=promesses[0].engagement_id).update(
            retire_le=timezone.now()
        )
        persona = promesses[1].engagement.lettre.atelier.persona
        persona.__class__.objects.filter(pk=persona.pk).update(statut=StatutPersona.BROUILLON)
        client.force_login(porteur)
        page = texte(client.get(MES_PROMESSES))
        assert promesses[0].engagement.titre not in page
        assert promesses[1].engagement.titre in page

    def test_un_titre_est_echappe(self, client, reference):
        porteur = UserFactory()
        p = promesse(titre="<script>alert(1)</script>")
        p.comptes_porteurs.add(porteur)
        client.force_login(porteur)
        page = texte(client.get(MES_PROMESSES))
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page

    @pytest.mark.parametrize("nombre", [3, 30])
    def test_requetes_bornees(self, client, reference, django_assert_max_num_queries, nombre):
        _, promesses = jeu_de_donnees(nombre)
        porteur = agent()
        for p in promesses:
            p.comptes_porteurs.add(porteur)
        client.force_login(porteur)
        client.get("/")  # la session et le cache de l'en-tête sont chauds
        # Session, utilisateur, rôles, promesses (avec engagement, persona et structure), lien de l'en-tête.
        with django_assert_max_num_queries(6):
            reponse = client.get(MES_PROMESSES)
        assert reponse.status_code == 200
        assert texte(reponse).count("Mettre à jour<span") == nombre


class TestLienDeLEnTete:
    def test_visible_pour_un_compte_qui_porte_une_promesse(self, client, jeu):
        _, promesses = jeu
        porteur = UserFactory()
        client.force_login(porteur)
        assert MES_PROMESSES not in texte(client.get("/promesses/donnees/"))
        promesses[0].comptes_porteurs.add(porteur)  # la génération « promesses » avance : l'en-tête le voit
        assert MES_PROMESSES in texte(client.get("/promesses/donnees/"))
        promesses[0].comptes_porteurs.remove(porteur)
        assert MES_PROMESSES not in texte(client.get("/promesses/donnees/"))

    def test_ni_pour_un_visiteur_ni_pour_un_facilitateur_sans_promesse(self, client, jeu):
        assert MES_PROMESSES not in texte(client.get("/promesses/donnees/"))
        client.force_login(facilitateur())
        assert MES_PROMESSES not in texte(client.get("/promesses/donnees/"))

    def test_aucune_requete_de_plus_une_fois_en_cache(self, client, jeu, django_assert_max_num_queries):
        _, promesses = jeu
        porteur = UserFactory()
        promesses[0].comptes_porteurs.add(porteur)
        client.force_login(porteur)
        client.get("/promesses/donnees/")
        with django_assert_max_num_queries(2):  # session et utilisateur
            assert MES_PROMESSES in texte(client.get("/promesses/donnees/"))

    def test_depuis_la_page_de_mise_a_jour(self, client, jeu):
        _, promesses = jeu
        porteur = UserFactory()
        promesses[0].comptes_porteurs.add(porteur)
        client.force_login(porteur)
        page = texte(client.get(f"/promesses/{promesses[0].pk}/mettre-a-jour/"))
        assert page.count(f'href="{MES_PROMESSES}"') == 2  # l'en-tête et la page
        assert "Toutes les promesses</a>" not in page
        fac = facilitateur()
        client.force_login(fac)
        page = texte(client.get(f"/promesses/{promesses[0].pk}/mettre-a-jour/"))
        assert "Toutes les promesses</a>" in page


class TestLienPersonnel:
    @pytest.fixture
    def meme_porteur(self, jeu):
        """Trois promesses publiques de la même structure, dont une non publique ; une d'une autre structure."""
        from personas.enums import StatutPersona

        _, promesses = jeu
        structure = StructureFactory(nom="Mairie de Cahors")
        for p in promesses[:3]:
            p.engagement.__class__.objects.filter(pk=p.engagement_id).update(porteur_structure=structure)
        cachee = promesse(porteur_structure=structure, titre="Une promesse encore en brouillon")
        persona = cachee.engagement.lettre.atelier.persona
        persona.__class__.objects.filter(pk=persona.pk).update(statut=StatutPersona.BROUILLON)
        return [Promesse.objects.get(pk=p.pk) for p in promesses], cachee

    def test_les_autres_promesses_sans_leur_jeton(self, client, meme_porteur):
        promesses, cachee = meme_porteur
        page = texte(client.get(f"/promesses/lien/{promesses[0].jeton}/"))
        assert "Les autres promesses de Mairie de Cahors" in page
        for autre in promesses[1:3]:
            assert autre.engagement.titre in page
            assert f'href="/promesses/{autre.pk}/"' in page
        # Aucun autre jeton, ni la promesse non publique, ni celle d'une autre structure.
        for autre in [*promesses[1:], cachee]:
            assert autre.jeton not in page
        assert cachee.engagement.titre not in page and promesses[3].engagement.titre not in page
        assert f'href="{MES_PROMESSES}"' in page

    def test_un_facilitateur_porteur_connecte_n_y_voit_pas_plus(self, client, meme_porteur):
        """Connecté, le compte ne change rien à ce que montre le lien ; on lui dit que le point sera signé du
        porteur, et où mettre à jour avec son compte."""
        promesses, cachee = meme_porteur
        fac = facilitateur()
        for p in promesses:
            p.comptes_porteurs.add(fac)
        client.force_login(fac)
        page = texte(client.get(f"/promesses/lien/{promesses[0].jeton}/"))
        for autre in [*promesses[1:], cachee]:
            assert autre.jeton not in page
        assert cachee.engagement.titre not in page and promesses[3].engagement.titre not in page
        assert "le point sera signé du porteur, pas de votre compte" in page
        assert f'href="/promesses/{promesses[0].pk}/mettre-a-jour/"' in page
        reponse = client.post(
            f"/promesses/lien/{promesses[0].jeton}/", {"avancement": 70, "statut": StatutPromesse.EN_COURS}
        )
        assert reponse.status_code == 302
        point = promesses[0].points.order_by("-pk").first()
        assert point.par_lien_personnel and point.auteur is None and point.auteur_nom == "Mairie de Cahors"

    def test_sans_compte_pas_d_avertissement(self, client, meme_porteur):
        promesses, _ = meme_porteur
        client.force_login(UserFactory())  # connecté, mais ni porteur ni facilitateur
        page = texte(client.get(f"/promesses/lien/{promesses[0].jeton}/"))
        assert "pas de votre compte" not in page

    def test_un_porteur_libre_n_a_pas_d_autres_promesses(self, client, reference):
        une = promesse(porteur_structure=None, porteur_libre="Association Lien")
        autre = promesse(porteur_structure=None, porteur_libre="Association Lien", lettre=une.engagement.lettre)
        page = texte(client.get(f"/promesses/lien/{une.jeton}/"))
        assert autre.engagement.titre not in page and autre.jeton not in page
        assert "Ce lien ne vaut que pour cette promesse" in page


class TestRappelsGroupes:
    def _porteur_de_trois(self):
        promesses = [
            promesse(echeance=datetime.date(2018, 12, 31)),
            promesse(echeance=datetime.date(2018, 12, 20)),
            promesse(echeance=datetime.date(2019, 6, 30)),
        ]
        Promesse.objects.filter(pk__in=[p.pk for p in promesses]).update(contact_email="porteur@exemple.fr")
        autre = promesse(echeance=datetime.date(2018, 12, 24))
        Promesse.objects.filter(pk=autre.pk).update(contact_email="Autre@Exemple.fr")
        return promesses, autre

    def test_un_courriel_par_destinataire_qui_liste_ses_promesses(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        settings.URL_PUBLIQUE = "https://carte-blanche.example"
        with time_machine.travel(datetime.datetime(2018, 10, 1, 6, tzinfo=datetime.UTC), tick=False):
            promesses, autre = self._porteur_de_trois()
        with time_machine.travel(datetime.datetime(2018, 12, 10, 6, tzinfo=datetime.UTC), tick=False):
            bilan = services.suivi_quotidien()
            # Sans nouvelles depuis 70 jours : les quatre ; échéance dans 30 jours : trois d'entre elles.
            assert (bilan.rappels, bilan.courriels) == (7, 2) and len(mail.outbox) == 2
            porteur = next(m for m in mail.outbox if m.to == ["porteur@exemple.fr"])
            assert porteur.subject == "[Carte Blanche] 3 promesses à mettre à jour"
            corps = porteur.body
            for p in promesses:
                assert p.engagement.titre in corps
                assert f"https://carte-blanche.example/promesses/lien/{p.jeton}/" in corps
                assert f"https://carte-blanche.example/promesses/{p.pk}/mettre-a-jour/" in corps
            assert autre.jeton not in corps and autre.engagement.titre not in corps
            # La plus proche échéance d'abord.
            assert corps.index(promesses[1].engagement.titre) < corps.index(promesses[0].engagement.titre)
            assert corps.index(promesses[0].engagement.titre) < corps.index(promesses[2].engagement.titre)
            assert "« Mes promesses » : https://carte-blanche.example/promesses/mes-promesses/" in corps
            seul = next(m for m in mail.outbox if m.to == ["Autre@Exemple.fr"])
            assert autre.engagement.titre in seul.subject and "30 jours" in seul.subject
            assert promesses[0].jeton not in seul.body
            # Rejouée le même jour : rien de plus.
            second = services.suivi_quotidien()
            assert (second.rappels, second.courriels) == (0, 0) and len(mail.outbox) == 2
            assert RappelEnvoye.objects.count() == 7
            assert set(RappelEnvoye.objects.values_list("destinataire", flat=True)) == {
                "porteur@exemple.fr",
                "Autre@Exemple.fr",
            }

    def test_une_adresse_a_la_casse_differente_reste_un_seul_destinataire(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 12, 10, 6, tzinfo=datetime.UTC), tick=False):
            une, deux = promesse(), promesse()
            Promesse.objects.filter(pk=une.pk).update(contact_email="porteur@exemple.fr")
            Promesse.objects.filter(pk=deux.pk).update(contact_email="Porteur@Exemple.fr")
            assert services.suivi_quotidien().courriels == 1
        assert len(mail.outbox) == 1 and "2 promesses" in mail.outbox[0].subject

    def test_un_lien_revoque_n_est_pas_envoye(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 12, 10, 6, tzinfo=datetime.UTC), tick=False):
            p = promesse()
            Promesse.objects.filter(pk=p.pk).update(
                contact_email="porteur@exemple.fr",
                jeton_revoque_le=datetime.datetime(2018, 11, 1, tzinfo=datetime.UTC),
            )
            services.suivi_quotidien()
        assert p.jeton not in mail.outbox[0].body
        assert f"/promesses/{p.pk}/mettre-a-jour/" in mail.outbox[0].body

    def test_une_promesse_deja_relancee_ne_revient_pas_dans_le_courriel_d_une_autre(self, settings):
        settings.PROMESSES_DATE_REFERENCE = None
        with time_machine.travel(datetime.datetime(2018, 10, 1, 6, tzinfo=datetime.UTC), tick=False):
            ancienne = promesse(echeance=datetime.date(2019, 6, 30))
            Promesse.objects.filter(pk=ancienne.pk).update(contact_email="porteur@exemple.fr")
        with time_machine.travel(datetime.datetime(2018, 11, 1, 6, tzinfo=datetime.UTC), tick=False):
            assert services.suivi_quotidien().courriels == 1  # sans nouvelles depuis 31 jours
        with time_machine.travel(datetime.datetime(2018, 11, 3, 6, tzinfo=datetime.UTC), tick=False):
            nouvelle = promesse(echeance=datetime.date(2018, 11, 20))
            Promesse.objects.filter(pk=nouvelle.pk).update(contact_email="porteur@exemple.fr")
            bilan = services.suivi_quotidien()
        assert (bilan.rappels, bilan.courriels) == (1, 1)
        assert nouvelle.engagement.titre in mail.outbox[1].subject
        assert ancienne.engagement.titre not in mail.outbox[1].body
