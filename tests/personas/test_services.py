"""Règles des personas (clean) et services : création, modification, publication journalisée, citation publiable,
portrait vérifié par son contenu, lettre versionnée et restaurée."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commun.journal import JournalInalterable
from irritants.enums import StatutIrritant
from personas import avatars, services
from personas.enums import ActionPersona, AutonomieNumerique, Mobilite, StatutPersona
from personas.models import JournalPersona, Persona, VersionLettre
from terrain.enums import StatutPublication
from tests.comptes.factories import agent
from tests.experimentations.factories import ExperimentationFactory
from tests.irritants.factories import IrritantFactory, PreuveFactory
from tests.personas.factories import LettreFactory, PersonaFactory, commune_du_territoire
from tests.terrain.factories import ObservationFactory, VerbatimFactory
from tests.territoire.factories import CommuneFactory


@pytest.fixture
def experimentation():
    return ExperimentationFactory(slug="cahors-2018")


def champs(experimentation, **autres) -> dict:
    return {
        "prenom": "Roseline",
        "age": 83,
        "situation_familiale": "veuve, vit seule",
        "situation_professionnelle": "retraitée",
        "commune": commune_du_territoire(experimentation),
        "mobilite": Mobilite.PROCHES,
        "autonomie_numerique": AutonomieNumerique.ELOIGNEE,
        "portrait": "Roseline vit seule.",
        "besoins": "- Rester chez elle.",
        "attentes": "- Qu'on vienne la voir.",
        "freins": "- L'isolement.",
        **autres,
    }


def verbatim_de(irritant, **kwargs):
    observation = ObservationFactory(experimentation=irritant.experimentation)
    PreuveFactory(irritant=irritant, observation=observation)
    return VerbatimFactory(observation=observation, **kwargs)


# --- Les règles du modèle --------------------------------------------------------------------------------------


def test_la_commune_doit_etre_dans_le_territoire(experimentation):
    persona = PersonaFactory.build(experimentation=experimentation, commune=CommuneFactory(), slug="roseline")
    with pytest.raises(ValidationError) as erreur:
        persona.full_clean()
    assert "n'est pas dans le territoire de l'expérimentation" in erreur.value.message_dict["commune"][0]


@pytest.mark.parametrize("slug", ["nouveau", "dossier"])
def test_un_slug_reserve_par_les_adresses_est_refuse(experimentation, slug):
    persona = PersonaFactory.build(experimentation=experimentation, slug=slug)
    with pytest.raises(ValidationError) as erreur:
        persona.full_clean()
    assert "réservé par les adresses du site" in erreur.value.message_dict["slug"][0]


@pytest.mark.parametrize("statut", [StatutPublication.INTERNE, StatutPublication.RETIRE])
def test_la_citation_doit_etre_un_verbatim_publiable(experimentation, statut):
    irritant = IrritantFactory(experimentation=experimentation)
    persona = PersonaFactory.build(
        experimentation=experimentation, slug="roseline", citation_verbatim=verbatim_de(irritant, statut=statut)
    )
    with pytest.raises(ValidationError) as erreur:
        persona.full_clean()
    assert "n'est pas publiable" in erreur.value.message_dict["citation_verbatim"][0]


def test_la_citation_vient_de_la_meme_experimentation_et_n_est_pas_double(experimentation):
    ailleurs = verbatim_de(IrritantFactory())
    persona = PersonaFactory.build(experimentation=experimentation, slug="roseline", citation_verbatim=ailleurs)
    with pytest.raises(ValidationError) as erreur:
        persona.full_clean()
    assert "autre expérimentation" in erreur.value.message_dict["citation_verbatim"][0]

    publiable = verbatim_de(IrritantFactory(experimentation=experimentation))
    double = PersonaFactory.build(
        experimentation=experimentation, slug="sarah", citation_verbatim=publiable, citation_redigee="Une phrase."
    )
    with pytest.raises(ValidationError, match="pas les deux"):
        double.full_clean()


def test_un_verbatim_devenu_non_publiable_ne_s_affiche_plus_au_public(experimentation):
    verbatim = verbatim_de(IrritantFactory(experimentation=experimentation), texte="Je ne vois personne.")
    persona = PersonaFactory(experimentation=experimentation, citation_verbatim=verbatim)
    assert persona.citation().texte == "Je ne vois personne."

    verbatim.statut = StatutPublication.RETIRE
    verbatim.save()
    persona = Persona.objects.select_related("citation_verbatim").get(pk=persona.pk)

    assert persona.citation() is None
    signalee = persona.citation(voir_tout=True)
    assert signalee.texte == "Je ne vois personne." and not signalee.publiable


def test_une_citation_redigee_est_marquee_comme_telle(experimentation):
    persona = PersonaFactory(experimentation=experimentation, citation_redigee="Une heure au téléphone, c'est long.")
    citation = persona.citation()
    assert citation.redigee and citation.texte == "Une heure au téléphone, c'est long."


def test_un_persona_ne_change_pas_d_experimentation(experimentation):
    persona = PersonaFactory(experimentation=experimentation)
    persona.experimentation = ExperimentationFactory()
    persona.commune = commune_du_territoire(persona.experimentation)
    with pytest.raises(ValidationError) as erreur:
        persona.full_clean()
    assert "ne change pas d'expérimentation" in erreur.value.message_dict["experimentation"][0]


def test_initiales_et_couleurs_des_avatars_lisibles():
    assert Persona(prenom="Roseline").initiales == "R"
    assert Persona(prenom="jean-pierre").initiales == "JP"
    for couleur in avatars.PALETTE:
        assert avatars.contraste(couleur, avatars.TEXTE) >= 4.5, couleur


# --- Créer, modifier, publier ----------------------------------------------------------------------------------


def test_creer_un_persona_le_journalise_en_brouillon(experimentation, camille):
    premier, second = IrritantFactory.create_batch(2, experimentation=experimentation)

    persona = services.persona_creer(
        acteur=camille, experimentation=experimentation, irritants=[second, premier, second], **champs(experimentation)
    )

    assert persona.statut == StatutPersona.BROUILLON
    assert persona.slug == "roseline"
    assert list(persona.fondements.values_list("irritant_id", flat=True)) == [second.pk, premier.pk]
    assert [(ligne.action, ligne.par) for ligne in persona.journal.all()] == [(ActionPersona.CREATION, camille)]
    homonyme = services.persona_creer(
        acteur=camille, experimentation=experimentation, irritants=[premier], **champs(experimentation)
    )
    assert homonyme.slug == "roseline-cahors-2018"


def test_seul_un_facilitateur_cree_un_persona(experimentation):
    with pytest.raises(PermissionDenied, match="Seuls les facilitateurs"):
        services.persona_creer(
            acteur=agent(),
            experimentation=experimentation,
            irritants=[IrritantFactory(experimentation=experimentation)],
            **champs(experimentation),
        )
    assert not Persona.objects.exists()


@pytest.mark.parametrize(
    ("irritant", "message"),
    [
        (lambda e: None, "Choisissez au moins un irritant"),
        (lambda e: IrritantFactory(), "appartient à une autre expérimentation"),
        (lambda e: IrritantFactory(experimentation=e, statut=StatutIrritant.RETIRE), "a été retiré"),
        (
            lambda e: IrritantFactory(experimentation=e, fusionne_dans=IrritantFactory(experimentation=e)),
            "a été fusionné",
        ),
    ],
    ids=["aucun", "autre-experimentation", "retire", "fusionne"],
)
def test_les_irritants_d_un_persona_sont_verifies(experimentation, camille, irritant, message):
    choisi = irritant(experimentation)
    with pytest.raises(ValidationError) as erreur:
        services.persona_creer(
            acteur=camille,
            experimentation=experimentation,
            irritants=[choisi] if choisi else [],
            **champs(experimentation),
        )
    assert message in erreur.value.message_dict["irritants"][0]
    assert not Persona.objects.exists()


def test_modifier_journalise_ce_qui_a_change(experimentation, camille):
    irritant = IrritantFactory(experimentation=experimentation)
    persona = PersonaFactory(experimentation=experimentation, irritants=[irritant])

    persona, changes = services.persona_modifier(acteur=camille, persona=persona, age=84, prenom="Roseline")

    assert changes == ["âge"]
    assert persona.journal.get().detail == "Modifié : âge"
    _persona, rien = services.persona_modifier(acteur=camille, persona=persona, age=84)
    assert rien == [] and persona.journal.count() == 1, "sans changement, rien n'est écrit"


def test_publier_est_journalise_et_idempotent(experimentation, camille):
    persona = PersonaFactory(experimentation=experimentation, brouillon=True, irritants=[IrritantFactory()])
    persona.fondements.update(irritant=IrritantFactory(experimentation=experimentation))

    services.persona_publier(acteur=camille, persona=persona)
    services.persona_publier(acteur=camille, persona=persona)
    services.persona_depublier(acteur=camille, persona=persona)

    persona.refresh_from_db()
    assert persona.statut == StatutPersona.BROUILLON
    assert list(persona.journal.order_by("pk").values_list("action", flat=True)) == [
        ActionPersona.PUBLICATION,
        ActionPersona.DEPUBLICATION,
    ]
    with pytest.raises(PermissionDenied, match="Seuls les facilitateurs publient"):
        services.persona_publier(acteur=agent(), persona=persona)


def test_un_persona_sans_irritant_publie_ne_se_publie_pas(experimentation, camille):
    persona = PersonaFactory(
        experimentation=experimentation,
        brouillon=True,
        irritants=[IrritantFactory(experimentation=experimentation, brouillon=True)],
    )
    with pytest.raises(ValidationError, match="Publiez d'abord au moins un des irritants"):
        services.persona_publier(acteur=camille, persona=persona)
    persona.refresh_from_db()
    assert persona.statut == StatutPersona.BROUILLON and not persona.journal.exists()


def test_le_journal_ne_se_modifie_ni_ne_se_supprime(experimentation, camille):
    persona = services.persona_creer(
        acteur=camille,
        experimentation=experimentation,
        irritants=[IrritantFactory(experimentation=experimentation)],
        **champs(experimentation),
    )
    ligne = persona.journal.get()
    ligne.detail = "réécrit"
    with pytest.raises(JournalInalterable):
        ligne.save()
    with pytest.raises(JournalInalterable):
        JournalPersona.objects.all().delete()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        persona.delete()


# --- Le portrait illustré --------------------------------------------------------------------------------------


def image_jpeg(exif: dict) -> SimpleUploadedFile:
    tampon = io.BytesIO()
    image = Image.new("RGB", (1200, 900), "#000091")
    informations = Image.Exif()
    for cle, valeur in exif.items():
        informations[cle] = valeur
    image.save(tampon, format="JPEG", exif=informations)
    with Image.open(io.BytesIO(tampon.getvalue())) as envoyee:
        assert envoyee.getexif(), "l'image envoyée porte bien des métadonnées"
    return SimpleUploadedFile("portrait.jpg", tampon.getvalue(), content_type="image/jpeg")


def test_le_portrait_est_reencode_sans_metadonnees_et_reduit(experimentation, camille):
    persona = services.persona_creer(
        acteur=camille,
        experimentation=experimentation,
        irritants=[IrritantFactory(experimentation=experimentation)],
        image=image_jpeg({0x010F: "Appareil de Roseline"}),  # 0x010F : fabricant de l'appareil (EXIF)
        **champs(experimentation),
    )

    with Image.open(persona.image.open("rb")) as enregistree:
        assert enregistree.format == "JPEG"
        assert max(enregistree.size) == 800
        assert not enregistree.getexif(), "aucune métadonnée EXIF n'est gardée"


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b"<script>alert(1)</script>", "n'est pas une image lisible"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "n'est pas une image lisible"),
        (b"GIF89a" + b"\x00" * 2048, "n'est pas une image lisible"),
    ],
    ids=["html-deguise", "png-tronque", "gif-vide"],
)
def test_un_fichier_qui_n_est_pas_une_image_est_refuse_par_son_contenu(experimentation, camille, contenu, message):
    faux = SimpleUploadedFile("portrait.png", contenu, content_type="image/png")
    with pytest.raises(ValidationError) as erreur:
        services.persona_creer(
            acteur=camille,
            experimentation=experimentation,
            irritants=[IrritantFactory(experimentation=experimentation)],
            image=faux,
            **champs(experimentation),
        )
    assert message in erreur.value.message_dict["image"][0]
    assert not Persona.objects.exists()


def test_une_image_trop_lourde_est_refusee_avec_son_poids(experimentation, camille):
    lourde = SimpleUploadedFile("portrait.jpg", b"\xff\xd8" + b"0" * (3 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError) as erreur:
        services.persona_creer(
            acteur=camille,
            experimentation=experimentation,
            irritants=[IrritantFactory(experimentation=experimentation)],
            image=lourde,
            **champs(experimentation),
        )
    assert "L'image pèse 3,0 Mo : 2 Mo au plus" in erreur.value.message_dict["image"][0]


# --- La lettre, ses versions et leur restauration ----------------------------------------------------------------


def lettre_champs(**autres) -> dict:
    return {
        "objet": "rester chez moi",
        "destinataire": "Mesdames et Messieurs",
        "date_lettre": datetime.date(2018, 2, 5),
        "appel": "Madame, Monsieur,",
        "corps": "Je vis seule[^1].",
        "politesse": "Salutations.",
        **autres,
    }


def test_chaque_enregistrement_de_la_lettre_garde_une_version(experimentation, camille):
    isolement, distance = IrritantFactory.create_batch(2, experimentation=experimentation)
    persona = PersonaFactory(experimentation=experimentation, irritants=[isolement, distance])

    lettre, v1, cree1 = services.lettre_enregistrer(
        acteur=camille, persona=persona, irritants=[isolement], **lettre_champs()
    )
    _lettre, meme, cree_bis = services.lettre_enregistrer(
        acteur=camille, persona=persona, irritants=[isolement], **lettre_champs()
    )
    _lettre, v2, cree2 = services.lettre_enregistrer(
        acteur=camille,
        persona=persona,
        irritants=[isolement, distance],
        **lettre_champs(corps="Je vis seule[^1], loin de tout[^2]."),
    )

    assert (cree1, cree_bis, cree2) == (True, False, True)
    assert meme == v1, "un enregistrement sans changement n'écrit pas de version"
    assert (v1.numero, v2.numero) == (1, 2)
    assert v1.resume == "Première version"
    assert v2.resume == "Modifié : Corps de la lettre, Irritants cités"
    assert v2.par == camille
    assert v2.contenu["irritants"] == [
        {"id": isolement.pk, "libelle": isolement.titre},
        {"id": distance.pk, "libelle": distance.titre},
    ]
    assert list(lettre.citations.values_list("irritant_id", flat=True)) == [isolement.pk, distance.pk]


def test_restaurer_une_version_en_ajoute_une_et_ne_perd_rien(experimentation, camille):
    isolement = IrritantFactory(experimentation=experimentation)
    persona = PersonaFactory(experimentation=experimentation, irritants=[isolement])
    lettre, _v1, _ = services.lettre_enregistrer(
        acteur=camille, persona=persona, irritants=[isolement], **lettre_champs(corps="Première rédaction[^1].")
    )
    services.lettre_enregistrer(
        acteur=camille, persona=persona, irritants=[], **lettre_champs(corps="Seconde rédaction.")
    )

    v3, cree = services.lettre_restaurer(acteur=camille, lettre=lettre, numero=1)

    lettre.refresh_from_db()
    assert cree and v3.numero == 3 and v3.restauree_depuis == 1
    assert v3.resume == "Restauration de la version n° 1"
    assert lettre.corps == "Première rédaction[^1]."
    assert list(lettre.citations.values_list("irritant_id", flat=True)) == [isolement.pk]
    assert list(VersionLettre.objects.filter(lettre=lettre).order_by("numero").values_list("numero", flat=True)) == [
        1,
        2,
        3,
    ]
    _meme, rien = services.lettre_restaurer(acteur=camille, lettre=lettre, numero=3)
    assert not rien, "restaurer l'état actuel n'écrit rien"
    with pytest.raises(ValidationError, match="pas de version n° 9"):
        services.lettre_restaurer(acteur=camille, lettre=lettre, numero=9)


def test_une_note_sans_irritant_cite_est_refusee(experimentation, camille):
    isolement = IrritantFactory(experimentation=experimentation)
    persona = PersonaFactory(experimentation=experimentation, irritants=[isolement])
    with pytest.raises(ValidationError) as erreur:
        services.lettre_enregistrer(
            acteur=camille, persona=persona, irritants=[isolement], **lettre_champs(corps="Ici[^1] et là[^3].")
        )
    assert (
        "La note [^3] renvoie à un irritant cité qui n'existe pas : la lettre n'en cite que 1."
        in (erreur.value.message_dict["corps"][0])
    )
    assert not VersionLettre.objects.exists()


def test_la_date_de_la_lettre_tombe_dans_l_experimentation(experimentation, camille):
    persona = PersonaFactory(experimentation=experimentation)
    with pytest.raises(ValidationError) as erreur:
        services.lettre_enregistrer(
            acteur=camille,
            persona=persona,
            irritants=[],
            **lettre_champs(corps="Texte.", date_lettre=datetime.date(2016, 1, 1)),
        )
    assert "en dehors de l'expérimentation" in erreur.value.message_dict["date_lettre"][0]


def test_les_versions_d_une_lettre_ne_se_modifient_pas(experimentation, camille):
    lettre = LettreFactory(persona=PersonaFactory(experimentation=experimentation), corps="Texte.")
    _lettre, version, _ = services.lettre_enregistrer(
        acteur=camille, persona=lettre.persona, irritants=[], **lettre_champs(corps="Autre texte.")
    )
    version.resume = "falsifié"
    with pytest.raises(JournalInalterable):
        version.save()
    with pytest.raises(PermissionDenied):
        services.lettre_enregistrer(acteur=agent(), persona=lettre.persona, irritants=[], **lettre_champs())
