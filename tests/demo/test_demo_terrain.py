"""Le diagnostic de terrain illustratif : les chiffres du document source sont vrais dans l'application.

Deux chargements seulement (l'un avec les comptes de démo, l'autre sans) : chaque test de base
repart de zéro, et un chargement complet coûte une importation du territoire.
"""

import datetime
import io
import re

from django.core.management import call_command

from demo import terrain
from demo.contenu import contenu_lire
from experimentations.models import Experimentation
from irritants.enums import ActionCodage
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from terrain.enums import SourceObservation, StatutPublication, TypeObservation, TypeStructure
from terrain.models import Acteur, Entretien, Immersion, Observation, Public, Structure, Verbatim
from territoire.enums import TypeLieuAccueil
from territoire.models import Commune

# Deux mots à majuscule qui se suivent : « Marie Dupont ». Une situation n'en contient jamais.
PRENOM_NOM = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+[ -][A-ZÀ-Ý][a-zà-ÿ]+\b")
CIVILITE = re.compile(r"\b(M\.|Mme|Madame|Monsieur|Mademoiselle) [A-ZÀ-Ý]")
PERSONAS = ("Sarah", "Sébastien", "Sebastien", "Roseline")


def charger(settings, *, comptes: bool) -> tuple[Experimentation, str]:
    settings.DEMO_ACCOUNTS_ENABLED = comptes
    call_command("importer_territoire", verbosity=0)
    sortie = io.StringIO()
    call_command("charger_demo", stdout=sortie)
    return Experimentation.objects.get(slug="cahors-2018"), sortie.getvalue()


def compter() -> dict[str, int]:
    modeles = [Structure, Acteur, Entretien, Immersion, Observation, Verbatim, Irritant, Preuve, EvenementCodage]
    liens = [
        Entretien.acteurs.through,
        Entretien.structures.through,
        Entretien.animateurs.through,
        Immersion.observateurs.through,
        Observation.communes.through,
        Observation.lieux.through,
        Observation.publics.through,
    ]
    return {modele.__name__: modele.objects.count() for modele in modeles + liens}


def est_jour_ouvre_de_janvier_2018(jour: datetime.date) -> bool:
    return (jour.year, jour.month) == (2018, 1) and jour.weekday() < 5 and jour.day != 1


def test_le_diagnostic_reproduit_le_document_source_et_se_recharge_sans_rien_changer(settings):
    experimentation, sortie = charger(settings, comptes=True)
    communes_du_territoire = set(
        Commune.objects.actuelles()
        .filter(appartenances__territoire=experimentation.territoire)
        .values_list("pk", flat=True)
    )

    # 30 entretiens collectifs en janvier 2018, dans des communes du bassin de vie, surtout à Cahors.
    entretiens = list(experimentation.entretiens.select_related("commune").prefetch_related("acteurs", "structures"))
    assert len(entretiens) == 30
    assert all(est_jour_ouvre_de_janvier_2018(e.date) for e in entretiens)
    assert {e.commune_id for e in entretiens} <= communes_du_territoire
    assert sum(e.commune.code_insee == "46042" for e in entretiens) >= 15
    assert len({e.commune_id for e in entretiens}) >= 10
    for entretien in entretiens:
        assert 3 <= entretien.nb_participants <= 5
        assert entretien.nb_participants == len(entretien.acteurs.all())
        assert entretien.structures.all() and entretien.themes
        assert "illustratif" in entretien.notes
    assert 90 <= sum(e.nb_participants for e in entretiens) <= 110

    # 10 immersions dans des lieux d'accueil du territoire : organismes, MSAP et mairies.
    immersions = list(experimentation.immersions.select_related("lieu"))
    assert len(immersions) == 10
    assert all(est_jour_ouvre_de_janvier_2018(i.date) for i in immersions)
    assert {i.lieu.commune_id for i in immersions} <= communes_du_territoire
    assert {i.lieu.type for i in immersions} >= {
        TypeLieuAccueil.CAF,
        TypeLieuAccueil.CPAM,
        TypeLieuAccueil.FRANCE_TRAVAIL,
        TypeLieuAccueil.MSA,
        TypeLieuAccueil.CCAS,
        TypeLieuAccueil.PREFECTURE,
        TypeLieuAccueil.FRANCE_SERVICES,
        TypeLieuAccueil.MAIRIE,
    }

    # Une centaine d'acteurs (une fonction, pas de nom) dans une quarantaine de structures de tous types.
    acteurs = Acteur.objects.filter(entretiens__experimentation=experimentation).distinct()
    assert 90 <= acteurs.count() <= 110
    structures = Structure.objects.filter(entretiens__experimentation=experimentation).distinct()
    assert 35 <= structures.count() <= 50
    assert set(structures.values_list("type", flat=True)) >= set(TypeStructure.values) - {TypeStructure.AUTRE}

    # Quelques centaines d'observations, chacune rattachée à un entretien ou à une immersion du même jour.
    observations = list(experimentation.observations.select_related("entretien", "immersion"))
    assert 200 <= len(observations) <= 400
    for observation in observations:
        origine = observation.entretien or observation.immersion
        assert origine is not None and observation.date == origine.date
    assert Observation.objects.filter(uuid_client=terrain.uuid_observation(1)).exists()
    types = [o.type for o in observations]
    assert types.count(TypeObservation.DIFFICULTE) > len(types) / 2
    assert set(types) == set(TypeObservation.values)
    en_immersion = [o.source for o in observations if o.immersion_id]
    assert sum(s in (SourceObservation.USAGER, SourceObservation.CONSTAT) for s in en_immersion) > 0.8 * len(
        en_immersion
    )
    assert experimentation.observations.filter(communes__isnull=True).count() == 0
    assert experimentation.observations.filter(publics__isnull=True).count() == 0
    assert not Observation.communes.through.objects.exclude(commune_id__in=communes_du_territoire).exists()

    # Les irritants des trois thèmes, dont ceux que le document nomme, chacun adossé à ses observations.
    for theme in Theme.objects.all():
        assert experimentation.irritants.filter(theme=theme).exists(), theme.slug
    assert 12 <= experimentation.irritants.count() <= 16
    for mot in ("voiture", "éloignés", "numériques", "complexes", "droits", "horaires", "âgées", "téléphoniques"):
        assert experimentation.irritants.filter(titre__icontains=mot).exists(), mot
    assert not experimentation.irritants.filter(preuves__isnull=True).exists()
    non_codees = experimentation.observations.filter(preuves__isnull=True).count()
    assert 0.08 * len(observations) <= non_codees <= 0.2 * len(observations)

    # Le journal du codage raconte la création des irritants et chaque rattachement.
    animatrice = experimentation.irritants.first().preuves.first().code_par
    assert animatrice.username == "animatrice"
    assert EvenementCodage.objects.filter(action=ActionCodage.CREATION).count() == Irritant.objects.count()
    assert EvenementCodage.objects.filter(action=ActionCodage.RATTACHEMENT).count() == Preuve.objects.count()
    assert {e.le.date() for e in EvenementCodage.objects.all()} <= {
        datetime.date(2018, 1, 29) + datetime.timedelta(days=n) for n in range(5)
    }

    # L'agent de démonstration a rédigé une part des observations ; l'animatrice, les autres.
    auteurs = set(experimentation.observations.values_list("auteur__username", flat=True))
    assert auteurs == {"animatrice", "agent"}

    # Environ un tiers des observations portent un verbatim, au profil pseudonyme.
    verbatims = list(Verbatim.objects.filter(observation__experimentation=experimentation))
    assert 0.25 * len(observations) <= len(verbatims) <= 0.4 * len(observations)
    assert {v.statut for v in verbatims} <= set(StatutPublication.values)
    assert sum(v.statut == StatutPublication.PUBLIABLE for v in verbatims) > len(verbatims) / 2
    for verbatim in verbatims:
        assert not PRENOM_NOM.search(verbatim.situation), verbatim.situation
        assert not any(nom in verbatim.texte + verbatim.situation for nom in PERSONAS)
        assert not CIVILITE.search(verbatim.texte)
    situations = {v.situation for v in verbatims}
    for persona in contenu_lire().experimentation.personas_fil_rouge:
        assert any(persona.profil in situation for situation in situations), persona.prenom
    assert not any(nom in o.texte for o in observations for nom in PERSONAS)

    assert "30 entretiens, 10 immersions, " in sortie
    assert f"{len(observations)} observations, {len(verbatims)} verbatims" in sortie

    # Relancer ne change rien.
    avant = compter()
    textes = sorted(Observation.objects.values_list("texte", flat=True))
    call_command("charger_demo", stdout=io.StringIO())
    assert compter() == avant
    assert sorted(Observation.objects.values_list("texte", flat=True)) == textes


def test_sans_comptes_de_demo_ni_referentiels_le_meme_diagnostic_sans_auteur(settings):
    # Une base vidée (ex. par un test `transactional_db`) a perdu les thèmes et publics des migrations.
    Theme.objects.all().delete()
    Public.objects.all().delete()
    experimentation, sortie = charger(settings, comptes=False)
    assert Theme.objects.count() == 3 and Public.objects.count() == 8
    assert experimentation.entretiens.count() == 30
    assert experimentation.immersions.count() == 10
    assert not experimentation.observations.filter(auteur__isnull=False).exists()
    assert not Preuve.objects.filter(code_par__isnull=False).exists()
    assert not Entretien.animateurs.through.objects.exists()
    assert "30 entretiens, 10 immersions" in sortie


# --- La mécanique du générateur, sans base (le contenu lui-même : test_donnees.py) -----------------------------------
def test_les_noms_de_communes_s_accordent():
    assert terrain.de_commune("Catus") == "de Catus"
    assert terrain.de_commune("Arcambal") == "d'Arcambal"
    assert terrain.de_commune("Le Montat") == "du Montat"
    assert terrain.de_commune("Les Pechs du Vers") == "des Pechs du Vers"
    assert terrain.a_commune("Le Montat") == "au Montat"
    assert terrain.a_commune("Catus") == "à Catus"


def test_l_identifiant_d_une_observation_est_fixe_d_un_processus_a_l_autre():
    """Les identifiants d'envoi de la démo ne dépendent que du rang : une relance, même ailleurs et dans une version
    plus récente, retrouve les mêmes observations au lieu d'en créer des doublons. Le premier est figé ici."""
    assert str(terrain.uuid_observation(1)) == "c65ac543-a80e-53d4-9137-f95fcde5b783"
    assert len({terrain.uuid_observation(rang) for rang in range(1, 301)}) == 300


def test_les_chiffres_annonces_par_le_readme_sont_ceux_de_la_demo(settings):
    """Le README promet des chiffres précis : la démo chargée les tient, et la commande les affiche."""
    from django.conf import settings as reglages

    texte = " ".join((reglages.BASE_DIR / "README.md").read_text(encoding="utf-8").split())
    annonce = re.search(
        r"La démo charge (\d+) entretiens, (\d+) immersions, (\d+) acteurs, (\d+) observations, (\d+) verbatims et "
        r"(\d+) irritants",
        texte,
    )
    assert annonce, "le README doit annoncer les chiffres de la démo"
    experimentation, sortie = charger(settings, comptes=False)

    chiffres = {
        "entretiens": experimentation.entretiens.count(),
        "immersions": experimentation.immersions.count(),
        "acteurs": Acteur.objects.filter(entretiens__experimentation=experimentation).distinct().count(),
        "observations": experimentation.observations.count(),
        "verbatims": Verbatim.objects.filter(observation__experimentation=experimentation).count(),
        "irritants": experimentation.irritants.count(),
    }
    assert list(chiffres.values()) == [int(nombre) for nombre in annonce.groups()]
    assert ", ".join(f"{nombre} {quoi}" for quoi, nombre in chiffres.items()) in sortie
