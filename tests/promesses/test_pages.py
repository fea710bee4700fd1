import csv
import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from promesses import services
from promesses.enums import StatutPromesse
from promesses.models import Promesse
from tests.comptes.factories import UserFactory
from tests.html import elements
from tests.promesses.factories import jeu_de_donnees

TABLEAU = "/promesses/"


@pytest.fixture
def jeu(reference):
    reference(datetime.date(2018, 10, 1))
    return jeu_de_donnees(4)


def texte(reponse) -> str:
    return reponse.content.decode()


class TestTableau:
    def test_les_adresses_sont_stables(self):
        assert reverse("promesses:tableau") == "/promesses/"
        assert reverse("promesses:detail", args=[7]) == "/promesses/7/"
        assert reverse("promesses:export_csv") == "/promesses/export.csv"
        assert reverse("promesses:export_json") == "/promesses/export.json"
        assert reverse("promesses:flux") == "/promesses/flux/"

    def test_vue_d_ensemble_pour_un_visiteur_anonyme(self, client, jeu):
        experimentation, promesses = jeu
        reponse = client.get(TABLEAU)
        assert reponse.status_code == 200
        page = texte(reponse)
        assert "{{" not in page and "{%" not in page
        assert "<script>" not in page  # pas de script en ligne (CSP stricte)
        assert "91" in page and "avant l'échéance du 31 décembre 2018" in page
        assert "50.0" in page or "50,0" in page  # avancement moyen
        # La promesse retenue vient d'abord, avec son équipe et ses cycles publiés seulement.
        retenues = page.index("Les trois promesses retenues")
        assert retenues < page.index("persona par persona")
        assert "Tester un minibus" in page and "Cycle non publié" not in page
        assert "7 usagers rencontrés" in page
        # La courbe : SVG côté serveur et tableau équivalent.
        assert elements(reponse, "svg") and elements(reponse, "polyline")
        # Des nombres SVG jamais localisés (« 168,0 » n'est pas une longueur).
        assert not re.search(r'(cx|cy|x|y|y1|y2)="\d+,\d', page)
        assert "avril 2018" in page and "mai 2018" in page

    def test_echeance_passee_montre_le_resultat_final(self, client, jeu, reference):
        reference(datetime.date(2026, 11, 30))
        page = texte(client.get(TABLEAU))
        assert "Échéance passée" in page and "Résultat final" in page

    def test_replay_mois_par_mois(self, client, jeu):
        page = texte(client.get(TABLEAU, {"mois": "2018-04"}))
        assert "Situation au 30 avril 2018" in page
        assert "20.0" in page or "20,0" in page
        assert "mai 2018</th>" not in page  # la courbe s'arrête au mois rejoué
        assert client.get(TABLEAU, {"mois": "avril"}).status_code == 404

    def test_filtres(self, client, jeu):
        experimentation, promesses = jeu
        page = texte(client.get(TABLEAU, {"persona": "roseline"}))
        assert "2 promesses correspondent aux filtres" in page
        page = texte(client.get(TABLEAU, {"statut": "tenue"}))
        assert "Aucune promesse ne correspond" in page
        porteur = promesses[1].engagement.porteur
        assert promesses[1].engagement.titre in texte(client.get(TABLEAU, {"porteur": porteur}))
        commune = promesses[0].engagement.lettre.atelier.persona.commune.code_insee
        assert client.get(TABLEAU, {"commune": commune}).status_code == 200

    def test_les_filtres_en_htmx_ne_remplacent_que_les_resultats(self, client, jeu):
        """Le formulaire de filtres vise #resultats (htmx) : la réponse est le seul partiel des cartes, jamais la
        page entière (en-tête, menu et pied de page s'emboîtaient dans les résultats)."""
        partiel = client.get(TABLEAU, {"persona": "roseline"}, headers={"HX-Request": "true"})
        assert partiel.status_code == 200
        contenu = texte(partiel)
        assert "2 promesses correspondent aux filtres" in contenu
        assert "<header" not in contenu and "<footer" not in contenu and "<html" not in contenu
        assert "HX-Request" in partiel["Vary"]
        # La même adresse sans htmx (lien partagé, retour arrière) : la page entière, pas le partiel gardé en cache.
        page = client.get(TABLEAU, {"persona": "roseline"})
        assert "<header" in texte(page) and "2 promesses correspondent aux filtres" in texte(page)
        assert client.get(TABLEAU, {"theme": "accessibilite-mobilite"}).status_code == 200

    @pytest.mark.parametrize("nombre", [10, 120])
    def test_requetes_constantes(self, client, reference, django_assert_max_num_queries, nombre):
        jeu_de_donnees(nombre)
        with django_assert_max_num_queries(16):
            assert client.get(TABLEAU).status_code == 200
        promesse = Promesse.objects.last()
        with django_assert_max_num_queries(14):
            assert client.get(promesse.get_absolute_url()).status_code == 200
        for adresse in ("/promesses/export.csv", "/promesses/export.json", "/promesses/export-points.csv"):
            with django_assert_max_num_queries(8):
                assert client.get(adresse).status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get("/api/promesses/").status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get("/api/points-avancement/").status_code == 200
        for adresse in ("/promesses/flux/", f"/promesses/{promesse.pk}/flux/", "/promesses/donnees/"):
            with django_assert_max_num_queries(6):
                assert client.get(adresse).status_code == 200


class TestDetail:
    def test_la_chaine_persona_lettre_irritants_engagement(self, client, jeu):
        experimentation, promesses = jeu
        promesse = promesses[0]
        page = texte(client.get(promesse.get_absolute_url()))
        assert promesse.engagement.titre in page
        assert "Roseline" in page and "rester chez moi sans être oubliée" in page
        irritant = promesse.engagement.irritants.get()
        assert irritant.titre in page
        assert "1 observation, 1 verbatim publiable" in page
        assert "Secret interne" not in page
        assert "lettre d'engagement" in page.lower()
        assert "de 0&nbsp;% à <strong>50&nbsp;%</strong>" in page

    def test_une_promesse_inconnue_ou_d_un_persona_brouillon(self, client, jeu):
        experimentation, promesses = jeu
        assert client.get("/promesses/999999/").status_code == 404
        persona = promesses[0].engagement.lettre.atelier.persona
        persona.statut = "brouillon"
        persona.save()
        assert client.get(promesses[0].get_absolute_url()).status_code == 404
        seminaire = promesses[1].engagement.lettre.atelier.seminaire
        seminaire.publie = False
        seminaire.save()
        assert client.get(promesses[1].get_absolute_url()).status_code == 404


class TestExports:
    def test_csv_neutralise_les_formules(self, client, jeu):
        experimentation, promesses = jeu
        engagement = promesses[0].engagement
        engagement.titre = '=HYPERLINK("http://mal")'
        engagement.save()
        reponse = client.get("/promesses/export.csv")
        contenu = reponse.content.decode("utf-8-sig")
        lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=";"))
        assert len(lignes) == 4
        assert {ligne["id"] for ligne in lignes} == {str(p.pk) for p in promesses}
        assert any(ligne["titre"].startswith("'=") for ligne in lignes)
        assert lignes[0]["irritants"] and lignes[0]["statut"] == "en_cours"

    def test_le_csv_garde_son_nom_de_fichier_quand_il_vient_du_cache(self, client, jeu):
        premiere, seconde = client.get("/promesses/export.csv"), client.get("/promesses/export.csv")
        assert premiere["Content-Disposition"].startswith("attachment")
        assert seconde["Content-Disposition"] == premiere["Content-Disposition"]
        assert seconde.content == premiere.content

    def test_json_avec_licence_et_points(self, client, jeu):
        donnees = json.loads(client.get("/promesses/export.json").content)
        assert "Licence Ouverte" in donnees["licence"]
        assert len(donnees["promesses"]) == 4 and len(donnees["points_avancement"]) == 4
        assert set(donnees["promesses"][0]) >= {"id", "titre", "statut", "avancement", "url"}

    def test_documentation_des_colonnes(self, client, jeu):
        page = texte(client.get("/promesses/donnees/"))
        assert "derniere_mise_a_jour" in page and "Licence Ouverte" in page

    def test_api_et_schema(self, client, jeu):
        donnees = client.get("/api/promesses/", {"persona": "roseline"}).json()
        assert donnees["count"] == 2
        assert client.get("/api/points-avancement/").json()["count"] == 4
        schema = client.get("/api/schema/").content.decode()
        assert "/api/promesses/" in schema and "/api/points-avancement/" in schema


class TestFlux:
    def test_flux_atom_de_l_experimentation_et_de_la_promesse(self, client, jeu):
        experimentation, promesses = jeu
        services.point_avancement_ajouter(
            acteur=AnonymousUser(),
            promesse=promesses[1],
            jeton=promesses[1].jeton,
            avancement=70,
            statut=StatutPromesse.EN_COURS,
            commentaire="Minibus commandé",
        )
        for adresse in (
            "/promesses/flux/",
            f"/promesses/flux/{experimentation.slug}/",
            f"/promesses/{promesses[1].pk}/flux/",
        ):
            reponse = client.get(adresse)
            assert reponse["Content-Type"].startswith("application/atom+xml")
            assert "Minibus commandé" in texte(reponse)


class TestMiseAJour:
    def test_le_porteur_par_son_lien_et_le_tableau_le_montre_aussitot(
        self, client, jeu, django_capture_on_commit_callbacks
    ):
        experimentation, promesses = jeu
        promesse = promesses[1]
        assert "Minibus en service" not in texte(client.get(promesse.get_absolute_url()))  # mis en cache
        reponse = client.get(f"/promesses/lien/{promesse.jeton}/")
        assert reponse.status_code == 200 and reponse["Referrer-Policy"] == "same-origin"
        avant = texte(client.get(TABLEAU))
        assert "62,5" not in avant and "62.5" not in avant
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.post(
                f"/promesses/lien/{promesse.jeton}/",
                {"avancement": 100, "statut": "tenue", "commentaire": "Minibus en service", "date": "2018-09-30"},
            )
        assert reponse.status_code == 302
        client.cookies.clear()  # le message posé en session : on revient en visiteur anonyme
        assert "Minibus en service" in texte(client.get(promesse.get_absolute_url()))
        apres = texte(client.get(TABLEAU))
        assert "62,5" in apres or "62.5" in apres  # (3 × 50 + 100) / 4

    def test_erreurs_du_formulaire(self, client, jeu):
        promesse = jeu[1][1]
        reponse = client.post(f"/promesses/lien/{promesse.jeton}/", {"avancement": 80, "statut": "tenue"})
        assert reponse.status_code == 200 and "100 %" in texte(reponse)
        reponse = client.post(f"/promesses/lien/{promesse.jeton}/", {"avancement": 10, "statut": "abandonnee"})
        assert "raison" in texte(reponse)

    def test_un_lien_faux_ou_revoque_repond_404(self, client, jeu):
        promesse = jeu[1][1]
        assert client.get("/promesses/lien/nimporte-quoi/").status_code == 404
        Promesse.objects.filter(pk=promesse.pk).update(
            jeton_revoque_le=datetime.datetime(2018, 6, 1, tzinfo=datetime.UTC)
        )
        assert client.get(f"/promesses/lien/{promesse.jeton}/").status_code == 404

    def test_par_un_compte(self, client, jeu):
        promesse = jeu[1][1]
        porteur = UserFactory()
        client.force_login(porteur)
        assert client.get(f"/promesses/{promesse.pk}/mettre-a-jour/").status_code == 403
        assert "Ajouter un point d'avancement" not in texte(client.get(promesse.get_absolute_url()))
        promesse.comptes_porteurs.add(porteur)
        assert "Ajouter un point d'avancement" in texte(client.get(promesse.get_absolute_url()))
        reponse = client.post(f"/promesses/{promesse.pk}/mettre-a-jour/", {"avancement": 60, "statut": "en_cours"})
        assert reponse.status_code == 302
        assert promesse.points.filter(auteur=porteur, avancement=60).exists()

    def test_import_csv_par_un_facilitateur(self, client, fac, jeu):
        from django.core.files.uploadedfile import SimpleUploadedFile

        promesse = jeu[1][0]
        fichier = SimpleUploadedFile(
            "maj.csv", f"promesse_id;avancement;statut\n{promesse.pk};80;en_cours\nx;1;tenue\n".encode()
        )
        page = texte(client.post("/promesses/import/", {"fichier": fichier}))
        assert "rien n&#x27;a été importé" in page or "rien n'a été importé" in page
        fichier = SimpleUploadedFile("maj.csv", f"promesse_id;avancement;statut\n{promesse.pk};80;en_cours\n".encode())
        client.post("/promesses/import/", {"fichier": fichier})
        promesse.refresh_from_db()
        assert promesse.avancement == 80


def test_l_api_est_en_lecture_seule_et_l_historique_inalterable(client, jeu):
    from commun.journal import JournalInalterable

    promesse = jeu[1][0]
    assert client.post("/api/promesses/", {}, content_type="application/json").status_code in (401, 403, 405)
    assert client.delete(f"/api/promesses/{promesse.pk}/").status_code in (401, 403, 405)
    point = promesse.points.get()
    point.commentaire = "réécrit"
    with pytest.raises(JournalInalterable):
        point.save()


@pytest.mark.parametrize(
    "adresse",
    ["/promesses/", "/promesses/export.csv", "/promesses/export.json", "/promesses/flux/", "/promesses/donnees/"],
)
def test_les_pages_publiques_sont_gardees_en_cache(client, jeu, django_assert_num_queries, adresse):
    premiere = client.get(adresse)
    assert premiere.status_code == 200
    with django_assert_num_queries(0):
        seconde = client.get(adresse)
    assert seconde.content == premiere.content and seconde["ETag"]


def test_la_page_d_une_promesse_est_gardee_en_cache(client, jeu, django_assert_num_queries):
    adresse = jeu[1][0].get_absolute_url()
    client.get(adresse)
    with django_assert_num_queries(0):
        assert client.get(adresse).status_code == 200
