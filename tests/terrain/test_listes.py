"""Listes du terrain : observations (filtres, droits, htmx), entretiens et immersions, administration."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from terrain.enums import SourceObservation, TypeObservation
from tests.comptes.factories import agent
from tests.experimentations.factories import ExperimentationFactory
from tests.html import attribut, element, elements, fil_ariane, references_orphelines, texte_de
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.terrain.factories import (
    ActeurFactory,
    EntretienFactory,
    ImmersionFactory,
    ObservationFactory,
    PublicFactory,
    StructureFactory,
    VerbatimFactory,
)
from tests.territoire.factories import CommuneDelegueeFactory, CommuneFactory, LieuAccueilFactory

URL = reverse("observations:liste")


def html_de(reponse) -> str:
    return unescape(reponse.content.decode())


def textes(reponse) -> set[str]:
    return {o.texte for o in reponse.context["page_obj"].object_list}


# Droits


def test_la_liste_demande_une_connexion(client):
    reponse = client.get(URL)
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("login"))


def test_un_participant_sans_role_de_terrain_est_refuse(client):
    from comptes.enums import Role
    from tests.comptes.factories import UserFactory

    client.force_login(UserFactory(role=Role.PARTICIPANT))
    assert client.get(URL).status_code == 403


def test_un_agent_ne_voit_que_ses_observations(client, experimentation):
    moi, autre = agent(), agent()
    ObservationFactory(experimentation=experimentation, auteur=moi, texte="La mienne")
    ObservationFactory(experimentation=experimentation, auteur=autre, texte="Celle d'un collègue")
    client.force_login(moi)

    reponse = client.get(URL)

    assert reponse.status_code == 200
    assert textes(reponse) == {"La mienne"}
    html = html_de(reponse)
    assert "Mes observations" in html
    assert "Celle d'un collègue" not in html
    assert 'name="auteur"' not in html  # pas de filtre par auteur pour un agent
    assert "Exporter en CSV" not in html
    # Même en forçant le filtre par auteur dans l'adresse, rien d'autre n'apparaît.
    assert textes(client.get(URL, {"auteur": autre.pk})) == {"La mienne"}


def test_un_facilitateur_voit_tout_avec_le_formulaire_complet(client, fac, experimentation):
    ObservationFactory(experimentation=experimentation, auteur=agent(), texte="Observation A")
    ObservationFactory(experimentation=experimentation, auteur=agent(), texte="Observation B")

    reponse = client.get(URL)

    assert reponse.status_code == 200
    assert textes(reponse) == {"Observation A", "Observation B"}
    html = html_de(reponse)
    for parametre in (
        "experimentation", "date_min", "date_max", "commune", "lieu", "type", "source", "public", "auteur",
        "origine", "entretien", "immersion", "irritant", "avec_verbatim", "non_codees", "q",
    ):  # fmt: skip
        assert f'name="{parametre}"' in html, parametre
    assert "Exporter en CSV" in html
    assert "2 observations" in html


def test_les_filtres_sont_rendus_par_django_dsfr(client, fac):
    reponse = client.get(URL)

    formulaire = element(reponse, "form", {"method": "get"})
    # Une liste déroulante DSFR : son groupe, son libellé, la liste ; sans mention « (facultatif) »
    # ni astérisque, puisque tous les filtres sont facultatifs.
    (nature,) = [
        g for g in elements(formulaire, "div", classe="fr-select-group") if elements(g, attributs={"id": "id_type"})
    ]
    assert texte_de(element(nature, "label", {"for": "id_type"}, classe="fr-label")) == "Nature"
    assert element(nature, "select", {"name": "type"}, classe="fr-select")
    assert "facultatif" not in texte_de(formulaire) and not elements(formulaire, classe="fr-required-marker")
    # L'aide de la recherche est liée au champ.
    recherche = element(formulaire, "input", {"id": "id_q"}, classe="fr-input")
    assert attribut(recherche, "aria-describedby") == "id_q_helptext"
    assert texte_de(element(formulaire, attributs={"id": "id_q_helptext"})) == "Dans l'observation et ses verbatims."


def test_un_filtre_en_erreur_est_annonce_sur_son_champ(client, fac):
    reponse = client.get(URL, {"q": "x" * 201, "date_min": "2018-13-45"})

    assert reponse.status_code == 400
    recherche = element(reponse, "input", {"id": "id_q"})
    assert attribut(recherche, "aria-invalid") == "true"
    # L'aide et l'erreur sont toutes deux lues avec le champ, et chaque identifiant cité existe.
    assert attribut(recherche, "aria-describedby") == "id_q_helptext id_q-desc-error"
    erreur = element(reponse, attributs={"id": "id_q-desc-error"})
    assert "au plus 200 caractères" in texte_de(element(erreur, "li", classe="fr-error-text"))
    assert elements(reponse, "div", classe="fr-input-group--error")
    assert attribut(element(reponse, "input", {"id": "id_date_min"}), "aria-describedby") == "id_date_min-desc-error"
    assert references_orphelines(reponse) == []


# Chaque filtre restreint la liste


def test_filtre_experimentation_et_dates(client, fac, experimentation):
    autre = ExperimentationFactory(slug="autre-territoire")
    ObservationFactory(experimentation=experimentation, date=datetime.date(2018, 1, 10), texte="Janvier")
    ObservationFactory(experimentation=experimentation, date=datetime.date(2018, 3, 10), texte="Mars")
    ObservationFactory(experimentation=autre, date=datetime.date(2018, 1, 10), texte="Ailleurs")

    assert textes(client.get(URL, {"experimentation": "cahors-2018"})) == {"Janvier", "Mars"}
    assert textes(client.get(URL, {"date_min": "2018-02-01"})) == {"Mars"}
    assert textes(client.get(URL, {"date_max": "2018-02-01"})) == {"Janvier", "Ailleurs"}
    assert textes(client.get(URL, {"date_min": "2018-01-01", "date_max": "2018-01-31"})) == {"Janvier", "Ailleurs"}


def test_filtre_commune_par_code_insee_et_communes_deleguees(client, fac, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    deleguee = CommuneDelegueeFactory(code_insee="46999", nom="Ancienne commune", parent=cahors)
    pradines = CommuneFactory(code_insee="46224", nom="Pradines")
    ObservationFactory(experimentation=experimentation, communes=[cahors], texte="À Cahors")
    ObservationFactory(experimentation=experimentation, communes=[deleguee], texte="Dans la déléguée")
    ObservationFactory(experimentation=experimentation, communes=[pradines, cahors], texte="Les deux")
    ObservationFactory(experimentation=experimentation, communes=[pradines], texte="À Pradines")

    reponse = client.get(URL, {"commune": "46042"})
    assert textes(reponse) == {"À Cahors", "Dans la déléguée", "Les deux"}
    assert reponse.context["page_obj"].paginator.count == 3  # pas de doublon
    assert textes(client.get(URL, {"commune": "46224"})) == {"Les deux", "À Pradines"}
    assert '<option value="46042" selected>Cahors (46042)</option>' in html_de(reponse)


def test_filtre_lieu_comprend_les_observations_de_l_immersion_sur_place(client, fac, experimentation):
    caf, msap = LieuAccueilFactory(nom="CAF du Lot"), LieuAccueilFactory(nom="MSAP de Catus")
    immersion = ImmersionFactory(experimentation=experimentation, lieu=caf)
    ObservationFactory(experimentation=experimentation, lieux=[caf], texte="Notée pour la CAF")
    ObservationFactory(experimentation=experimentation, immersion=immersion, texte="Pendant l'immersion")
    ObservationFactory(experimentation=experimentation, lieux=[msap], texte="À la MSAP")

    assert textes(client.get(URL, {"lieu": caf.pk})) == {"Notée pour la CAF", "Pendant l'immersion"}
    assert textes(client.get(URL, {"lieu": msap.pk})) == {"À la MSAP"}


def test_filtres_nature_source_public_auteur(client, fac, experimentation):
    seniors = PublicFactory(slug="personnes-agees-test", nom="Personnes âgées (test)")
    camille = agent(first_name="Camille", last_name="Agent")
    ObservationFactory(
        experimentation=experimentation,
        type=TypeObservation.BESOIN,
        source=SourceObservation.RAPPORTE,
        publics=[seniors],
        auteur=camille,
        texte="Besoin rapporté",
    )
    ObservationFactory(experimentation=experimentation, texte="Difficulté vécue")

    assert textes(client.get(URL, {"type": "besoin"})) == {"Besoin rapporté"}
    assert textes(client.get(URL, {"source": "usager"})) == {"Difficulté vécue"}
    assert textes(client.get(URL, {"public": "personnes-agees-test"})) == {"Besoin rapporté"}
    reponse = client.get(URL, {"auteur": camille.pk})
    assert textes(reponse) == {"Besoin rapporté"}
    assert "Camille Agent" in html_de(reponse)


def test_filtres_origine_entretien_immersion(client, fac, experimentation):
    entretien = EntretienFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    ObservationFactory(experimentation=experimentation, entretien=entretien, texte="En entretien")
    ObservationFactory(experimentation=experimentation, immersion=immersion, texte="En immersion")
    ObservationFactory(experimentation=experimentation, texte="Sur le terrain")

    assert textes(client.get(URL, {"origine": "entretien"})) == {"En entretien"}
    assert textes(client.get(URL, {"origine": "immersion"})) == {"En immersion"}
    assert textes(client.get(URL, {"origine": "terrain"})) == {"Sur le terrain"}
    assert textes(client.get(URL, {"entretien": entretien.pk})) == {"En entretien"}
    assert textes(client.get(URL, {"immersion": immersion.pk})) == {"En immersion"}


def test_filtres_irritant_non_codees_et_verbatim(client, fac, experimentation):
    irritant = IrritantFactory(experimentation=experimentation, titre="Se déplacer sans voiture")
    codee = PreuveFactory(irritant=irritant, observation__texte="Codée").observation
    PreuveFactory(irritant=IrritantFactory(experimentation=experimentation), observation=codee)  # deux irritants
    VerbatimFactory(observation=ObservationFactory(experimentation=experimentation, texte="Avec verbatim"))
    ObservationFactory(experimentation=experimentation, texte="Nue")

    assert textes(client.get(URL, {"irritant": irritant.pk})) == {"Codée"}
    assert textes(client.get(URL, {"non_codees": "true"})) == {"Avec verbatim", "Nue"}
    reponse = client.get(URL, {"non_codees": "false"})
    assert textes(reponse) == {"Codée"}
    assert reponse.context["page_obj"].paginator.count == 1
    assert textes(client.get(URL, {"avec_verbatim": "true"})) == {"Avec verbatim"}
    assert textes(client.get(URL, {"avec_verbatim": "false"})) == {"Codée", "Nue"}
    assert "Se déplacer sans voiture" in html_de(client.get(URL))


def test_recherche_dans_le_texte_et_les_verbatims_sans_casse(client, fac, experimentation):
    ObservationFactory(experimentation=experimentation, texte="Le BUS ne passe pas")
    VerbatimFactory(
        observation=ObservationFactory(experimentation=experimentation, texte="Transport"),
        texte="Le bus, je ne le prends plus.",
    )
    VerbatimFactory(observation=ObservationFactory(experimentation=experimentation, texte="Autre"), texte="Rien")

    reponse = client.get(URL, {"q": "bus"})

    assert textes(reponse) == {"Le BUS ne passe pas", "Transport"}
    assert reponse.context["page_obj"].paginator.count == 2


# Entrées invalides : erreurs en français, jamais de 500


@pytest.mark.parametrize(
    ("parametres", "message"),
    [
        ({"date_min": "2018-13-45"}, "Saisissez une date valide."),
        ({"commune": "99999"}, "Aucune commune connue ne porte le code INSEE « 99999 »."),
        ({"commune": "Cahors"}, "Le code INSEE d'une commune compte 5 caractères"),
        ({"q": "x" * 201}, "au plus 200 caractères"),
        ({"type": "inconnu"}, "Sélectionnez un choix valide"),
        ({"experimentation": "nulle-part"}, "Sélectionnez un choix valide"),
        ({"irritant": "abc"}, "Saisissez un nombre entier."),
        ({"date_min": "2018-03-01", "date_max": "2018-01-01"}, "La date de fin précède la date de début."),
    ],
)
def test_un_filtre_invalide_repond_400_avec_un_message_en_francais(client, fac, experimentation, parametres, message):
    ObservationFactory(experimentation=experimentation, texte="Ne doit pas apparaître")

    reponse = client.get(URL, parametres)

    assert reponse.status_code == 400
    html = html_de(reponse)
    assert message in html
    assert "Certains filtres ne sont pas valides" in html
    assert "Ne doit pas apparaître" not in html
    assert "<title>Erreur" in html


def test_htmx_renvoie_seulement_les_resultats(client, fac, experimentation):
    ObservationFactory(experimentation=experimentation, type=TypeObservation.IDEE, texte="Une idée")
    ObservationFactory(experimentation=experimentation, texte="Une difficulté")

    reponse = client.get(URL, {"type": "idee"}, headers={"HX-Request": "true"})

    assert reponse.status_code == 200
    html = html_de(reponse)
    assert "<html" not in html and "<form" not in html
    assert "Une idée" in html and "Une difficulté" not in html
    # Le lien d'export suit les filtres envoyés par htmx.
    assert f"{reverse('observations:export')}?type=idee" in html


def test_page_entiere_et_partiel_htmx_ne_se_melangent_pas_dans_le_cache(client, fac):
    assert "HX-Request" in client.get(URL)["Vary"]
    assert "HX-Request" in client.get(URL, headers={"HX-Request": "true"})["Vary"]
    # Retour arrière sans copie en cache : htmx redemande la page entière.
    restauration = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restauration.content.decode()


def test_htmx_avec_un_filtre_invalide_montre_l_erreur(client, fac):
    reponse = client.get(URL, {"date_max": "2018-02-30"}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200  # htmx n'insère pas une réponse 4xx : l'erreur doit s'afficher
    assert "Saisissez une date valide." in html_de(reponse)


def test_pagination_par_50_garde_les_filtres(client, fac, experimentation):
    ObservationFactory.create_batch(60, experimentation=experimentation, type=TypeObservation.IDEE)
    ObservationFactory(experimentation=experimentation, type=TypeObservation.BESOIN)

    premiere = client.get(URL, {"type": "idee"})
    seconde = client.get(URL, {"type": "idee", "page": 2})

    assert len(premiere.context["page_obj"].object_list) == 50
    assert len(seconde.context["page_obj"].object_list) == 10
    # La pagination de django-dsfr : ses liens gardent les filtres, seul `page` change.
    pagination = element(premiere, "nav", {"aria-label": "Pagination"}, classe="fr-pagination")
    liens = {texte_de(a): a for a in elements(pagination, "a")}
    assert {attribut(liens[nom], "href") for nom in ("Page suivante", "2", "Dernière page")} == {"?type=idee&page=2"}
    # Sur la première page, « Première page » et « Page précédente » sont inactifs, et annoncés comme tels.
    for inactif in (liens["Première page"], liens["Page précédente"]):
        assert attribut(inactif, "href") is None and attribut(inactif, "aria-disabled") == "true"
    assert attribut(element(pagination, "a", {"aria-current": "page"}), "title") == "Page 1"


def test_une_seule_page_sans_pagination(client, fac, experimentation):
    ObservationFactory.create_batch(3, experimentation=experimentation)

    assert not elements(client.get(URL), "nav", classe="fr-pagination")


def _observations_completes(nombre, experimentation):
    """`nombre` observations avec communes, lieux, publics, verbatims et irritants : le pire cas pour les requêtes."""
    commune = CommuneFactory()
    lieu = LieuAccueilFactory(commune=commune)
    public = PublicFactory()
    irritant = IrritantFactory(experimentation=experimentation)
    auteurs = [agent(), agent()]
    for i in range(nombre):
        observation = ObservationFactory(
            experimentation=experimentation, communes=[commune], lieux=[lieu], publics=[public], auteur=auteurs[i % 2]
        )
        VerbatimFactory(observation=observation)
        PreuveFactory(irritant=irritant, observation=observation)
    return commune


MAX_REQUETES_LISTE = 20


@pytest.mark.parametrize("nombre", [10, 500])
def test_la_liste_des_observations_fait_un_nombre_borne_de_requetes(
    client, fac, experimentation, django_assert_max_num_queries, nombre
):
    commune = _observations_completes(nombre, experimentation)

    with django_assert_max_num_queries(MAX_REQUETES_LISTE):
        reponse = client.get(URL, {"commune": commune.code_insee, "avec_verbatim": "true"})

    assert reponse.status_code == 200
    assert reponse.context["page_obj"].paginator.count == nombre


# Entretiens et immersions


def test_entretiens_et_immersions_sont_reserves_aux_facilitateurs(client, experimentation):
    entretien = EntretienFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    client.force_login(agent())
    for url in (
        reverse("terrain:entretiens"),
        reverse("terrain:entretien", args=[entretien.pk]),
        reverse("terrain:immersions"),
        reverse("terrain:immersion", args=[immersion.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_liste_des_entretiens_filtrable_par_date_et_commune(client, fac, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    EntretienFactory(experimentation=experimentation, commune=cahors, date=datetime.date(2018, 1, 10))
    EntretienFactory(experimentation=experimentation, date=datetime.date(2018, 1, 20))

    url = reverse("terrain:entretiens")
    assert client.get(url).context["page_obj"].paginator.count == 2
    reponse = client.get(url, {"commune": "46042"})
    assert [e.commune.nom for e in reponse.context["page_obj"]] == ["Cahors"]
    assert client.get(url, {"date_min": "2018-01-15"}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"commune": "00000"}).status_code == 400


def test_liste_des_immersions_filtrable_par_lieu_et_commune(client, fac, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    caf = LieuAccueilFactory(commune=cahors, nom="CAF du Lot")
    ImmersionFactory(experimentation=experimentation, lieu=caf)
    ImmersionFactory(experimentation=experimentation)

    url = reverse("terrain:immersions")
    assert client.get(url).context["page_obj"].paginator.count == 2
    assert [i.lieu.nom for i in client.get(url, {"commune": "46042"}).context["page_obj"]] == ["CAF du Lot"]
    assert [i.lieu.nom for i in client.get(url, {"lieu": caf.pk}).context["page_obj"]] == ["CAF du Lot"]
    assert client.get(url, {"date_min": "2018-13-45"}).status_code == 400


def test_les_listes_d_entretiens_et_d_immersions_ont_leur_fil_d_ariane(client, fac):
    terrain = reverse("terrain:accueil")

    assert fil_ariane(client.get(reverse("terrain:entretiens"))) == [
        ("Accueil", "/"),
        ("Terrain", terrain),
        ("Entretiens collectifs", None),
    ]
    assert fil_ariane(client.get(reverse("terrain:immersions"))) == [
        ("Accueil", "/"),
        ("Terrain", terrain),
        ("Immersions", None),
    ]


def test_la_pagination_des_entretiens_remplace_les_resultats_avec_htmx(client, fac, experimentation):
    EntretienFactory.create_batch(51, experimentation=experimentation)
    url = reverse("terrain:entretiens")

    page = client.get(url, {"date_min": "2018-01-01"})
    suivante = client.get(url, {"date_min": "2018-01-01", "page": 2}, headers={"HX-Request": "true"})

    # Les liens de django-dsfr sont « boostés » par htmx vers le bloc des résultats, l'adresse suit.
    boost = element(page, "div", {"hx-boost": "true", "hx-target": "#resultats", "hx-push-url": "true"})
    suivant = [a for a in elements(boost, "a") if texte_de(a) == "Page suivante"]
    assert [attribut(a, "href") for a in suivant] == ["?date_min=2018-01-01&page=2"]
    assert elements(page, attributs={"id": "resultats"})
    assert "<html" not in suivante.content.decode()
    assert "page 2 sur 2" in texte_de(element(suivante, "p", {"role": "status"}))


@pytest.mark.parametrize("nombre", [10, 500])
def test_les_listes_d_entretiens_et_d_immersions_font_un_nombre_borne_de_requetes(
    client, fac, experimentation, django_assert_max_num_queries, nombre
):
    commune = CommuneFactory()
    structure = StructureFactory(commune=commune)
    lieu = LieuAccueilFactory(commune=commune)
    observateur = agent()
    for _ in range(nombre):
        entretien = EntretienFactory(experimentation=experimentation, commune=commune)
        entretien.structures.add(structure)
        immersion = ImmersionFactory(experimentation=experimentation, lieu=lieu)
        immersion.observateurs.add(observateur)
    ObservationFactory(experimentation=experimentation, entretien=entretien)

    with django_assert_max_num_queries(MAX_REQUETES_LISTE):
        reponse = client.get(reverse("terrain:entretiens"), {"commune": commune.code_insee})
    assert reponse.context["page_obj"].paginator.count == nombre
    with django_assert_max_num_queries(MAX_REQUETES_LISTE):
        reponse = client.get(reverse("terrain:immersions"), {"commune": commune.code_insee})
    assert reponse.context["page_obj"].paginator.count == nombre


def test_fiche_d_un_entretien(client, fac, experimentation):
    cahors = CommuneFactory(code_insee="46042", nom="Cahors")
    entretien = EntretienFactory(
        experimentation=experimentation,
        commune=cahors,
        date=datetime.date(2018, 1, 15),
        nb_participants=7,
        themes=["mobilité", "accès au numérique"],
        notes="Les élus parlent du bus du marché.",
    )
    structure = StructureFactory(nom="Secours populaire du Lot")
    entretien.structures.add(structure)
    entretien.acteurs.add(ActeurFactory(fonction="Assistante sociale", structure=structure))
    entretien.animateurs.add(fac)
    ObservationFactory(experimentation=experimentation, entretien=entretien, texte="Pas de bus le samedi")

    reponse = client.get(reverse("terrain:entretien", args=[entretien.pk]))

    assert reponse.status_code == 200
    html = html_de(reponse)
    for attendu in (
        "Entretien collectif du 15 janvier 2018 à Cahors",
        "7",
        "mobilité",
        "accès au numérique",
        "Secours populaire du Lot",
        "Assistante sociale — Secours populaire du Lot",
        "Les élus parlent du bus du marché.",
        "Claire Facilitatrice",
        "Pas de bus le samedi",
        f"?entretien={entretien.pk}",
    ):
        assert attendu in html, attendu
    assert fil_ariane(reponse) == [
        ("Accueil", "/"),
        ("Terrain", reverse("terrain:accueil")),
        ("Entretiens collectifs", reverse("terrain:entretiens")),
        ("Entretien du 15/01/2018", None),
    ]
    assert client.get(reverse("terrain:entretien", args=[999999])).status_code == 404


def test_fiche_d_une_immersion(client, fac, experimentation):
    caf = LieuAccueilFactory(nom="CAF du Lot, accueil de Cahors", commune=CommuneFactory(nom="Cahors"))
    immersion = ImmersionFactory(
        experimentation=experimentation,
        lieu=caf,
        date=datetime.date(2018, 1, 18),
        duree_minutes=150,
        attente="Vingt minutes debout.",
        canaux=["guichet", "telephone"],
        aide="Un agent aide à remplir le dossier en ligne.",
        issue="Dossier déposé, réponse sous 15 jours.",
    )
    ObservationFactory(experimentation=experimentation, immersion=immersion, texte="La borne est en panne")

    reponse = client.get(reverse("terrain:immersion", args=[immersion.pk]))

    assert reponse.status_code == 200
    html = html_de(reponse)
    for attendu in (
        "CAF du Lot, accueil de Cahors",
        "Cahors",
        "2 h 30",
        "Vingt minutes debout.",
        "Accueil physique, Téléphone",
        "Un agent aide à remplir le dossier en ligne.",
        "Dossier déposé, réponse sous 15 jours.",
        "La borne est en panne",
    ):
        assert attendu in html, attendu
    assert fil_ariane(reponse)[2:] == [
        ("Immersions", reverse("terrain:immersions")),
        ("Immersion du 18/01/2018", None),
    ]


@pytest.mark.parametrize("nombre", [10, 500])
def test_les_fiches_font_un_nombre_borne_de_requetes(
    client, fac, experimentation, django_assert_max_num_queries, nombre
):
    entretien = EntretienFactory(experimentation=experimentation)
    immersion = ImmersionFactory(experimentation=experimentation)
    public = PublicFactory()
    for i in range(nombre):
        ObservationFactory(
            experimentation=experimentation, publics=[public], **({"entretien": entretien} if i % 2 else {})
        )
        ObservationFactory(experimentation=experimentation, immersion=immersion)

    with django_assert_max_num_queries(MAX_REQUETES_LISTE):
        assert client.get(reverse("terrain:entretien", args=[entretien.pk])).status_code == 200
    with django_assert_max_num_queries(MAX_REQUETES_LISTE):
        assert client.get(reverse("terrain:immersion", args=[immersion.pk])).status_code == 200


# Administration


@pytest.mark.parametrize("nombre", [10, 500])
def test_l_administration_des_observations_et_entretiens_se_charge(
    client, fac, experimentation, django_assert_max_num_queries, nombre
):
    _observations_completes(nombre, experimentation)
    EntretienFactory.create_batch(3, experimentation=experimentation)
    ImmersionFactory.create_batch(3, experimentation=experimentation)

    for modele in ("observation", "entretien", "immersion", "verbatim", "structure", "acteur", "public"):
        with django_assert_max_num_queries(30):
            reponse = client.get(reverse(f"admin:terrain_{modele}_changelist"))
        assert reponse.status_code == 200, modele
    observation = experimentation.observations.first()
    with django_assert_max_num_queries(40):
        assert client.get(reverse("admin:terrain_observation_change", args=[observation.pk])).status_code == 200
    recherche = client.get(reverse("admin:terrain_observation_changelist"), {"q": "CAF"})
    assert recherche.status_code == 200
