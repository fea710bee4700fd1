"""Les huit personas de la démo : des fichiers valides dont chaque renvoi se résout, un chargement idempotent, et des
nombres qui sont les vrais décomptes des observations de la démo."""

import io
import re
import shutil

import pytest
from django.core.management import call_command

from demo.chargeur import DonneesInvalides
from demo.contenu import DOSSIER_CAHORS, contenu_lire
from demo.personas import personas_lire
from documents import registre
from irritants.models import Preuve
from personas.documents import SOURCE_DOSSIER
from personas.models import (
    APPEL_DE_NOTE,
    JournalPersona,
    LettreInterpellation,
    LettreIrritant,
    Persona,
    PersonaIrritant,
    VersionLettre,
)
from personas.selectors import persona_vue
from terrain.enums import StatutPublication


@pytest.fixture(scope="module")
def prevus():
    return personas_lire()


def test_huit_personas_dont_les_trois_du_fil_rouge_tels_que_le_document_les_nomme(prevus):
    assert len(prevus) == 8
    fil_rouge = {p.prenom: p for p in prevus if p.fil_rouge}
    assert set(fil_rouge) == {"Sarah", "Sébastien", "Roseline"}
    assert "mère" in fil_rouge["Sarah"].situation_familiale
    assert "aide à domicile en CDD" in fil_rouge["Sarah"].situation_professionnelle
    assert "demandeur d'emploi depuis quatre ans" in fil_rouge["Sébastien"].situation_professionnelle
    assert fil_rouge["Roseline"].age >= 75 and "seule" in fil_rouge["Roseline"].situation_familiale
    for prevu in prevus:
        assert prevu.portrait and prevu.besoins and prevu.attentes and prevu.freins, prevu.slug
        assert prevu.lettre.corps and set(prevu.lettre.irritants) <= set(prevu.irritants), prevu.slug
        notes = {int(n) for n in APPEL_DE_NOTE.findall(prevu.lettre.corps)}
        attendues = set(range(1, len(prevu.lettre.irritants) + 1))
        assert notes == attendues, f"{prevu.slug} : chaque irritant cité a sa note"


# --- Un fichier cassé ----------------------------------------------------------------------------------------------
@pytest.fixture
def copie(tmp_path):
    dossier = tmp_path / "cahors-2018"
    shutil.copytree(DOSSIER_CAHORS, dossier)
    return dossier


def remplacer(fichier, avant: str, apres: str) -> int:
    """Remplace la première ligne égale à `avant` ; rend son numéro (à partir de 1)."""
    lignes = fichier.read_text(encoding="utf-8").split("\n")
    n = lignes.index(avant)
    lignes[n] = apres
    fichier.write_text("\n".join(lignes), encoding="utf-8")
    return n + 1


CASSES = {
    "irritant inconnu": (
        "personas.yaml",
        "  irritants: [isolement, non-recours, illectronisme, distance, telephone]",
        "  irritants: [isolement, non-recours, illectronisme, distance, telefone]",
        "« telefone » n'est pas un irritant de irritants.yaml",
    ),
    "public inconnu": (
        "personas.yaml",
        "  publics: [jeunes, sans-vehicule]",
        "  publics: [jeune, sans-vehicule]",
        "« jeune » n'est pas un public",
    ),
    "commune hors du bassin": (
        "personas.yaml",
        '  commune: "46148"',
        '  commune: "46102"',
        "46102 n'est pas une commune du bassin de vie",
    ),
    "témoignage introuvable": (
        "personas.yaml",
        "    situation: veuve, vit seule, perte d'autonomie",
        "    situation: veuve, vit seule",
        "aucun témoignage de observations/isolement.yaml n'a la situation « veuve, vit seule »",
    ),
    "note orpheline": (
        "lettres/lucas.md",
        "sans travail pas de permis[^2].",
        "sans travail pas de permis[^7].",
        "la note [^7] renvoie au 7e irritant cité, mais la lettre en cite 3",
    ),
    "section manquante": ("personas/julie.md", "## Freins", "## Difficultés", "il manque la section « ## Freins »"),
}


@pytest.mark.parametrize("cas", CASSES, ids=str)
def test_un_fichier_de_persona_casse_est_refuse_avec_sa_raison(copie, cas):
    nom, avant, apres, raison = CASSES[cas]
    ligne = remplacer(copie / nom, avant, apres)
    with pytest.raises(DonneesInvalides) as erreur:
        personas_lire(copie, contenu_lire(copie))
    message = str(erreur.value)
    assert raison in message, message
    if nom == "personas.yaml":
        assert f"{copie / nom}, ligne {ligne}" in message, message


def test_un_persona_sans_sa_lettre_est_signale(copie):
    (copie / "lettres" / "nadia.md").rename(copie / "lettres" / "nadja.md")
    with pytest.raises(DonneesInvalides) as erreur:
        personas_lire(copie, contenu_lire(copie))
    message = str(erreur.value)
    assert "il manque le fichier lettres/nadia.md" in message
    assert f"{copie / 'lettres' / 'nadja.md'} : aucun persona" in message


# --- Le chargement ---------------------------------------------------------------------------------------------------
def compter() -> dict[str, int]:
    modeles = [Persona, PersonaIrritant, Persona.publics.through, LettreInterpellation, LettreIrritant]
    return {modele.__name__: modele.objects.count() for modele in [*modeles, JournalPersona, VersionLettre]}


def test_la_demo_charge_les_personas_une_fois_et_leurs_nombres_sont_reels(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("importer_territoire", verbosity=0)
    sortie = io.StringIO()
    call_command("charger_demo", stdout=sortie)
    apres_premier = compter()
    horodatages = list(Persona.objects.order_by("pk").values_list("modifie_le", flat=True))
    call_command("charger_demo", stdout=io.StringIO())

    assert compter() == apres_premier, "un second chargement ne change rien"
    assert list(Persona.objects.order_by("pk").values_list("modifie_le", flat=True)) == horodatages
    assert apres_premier["Persona"] == apres_premier["LettreInterpellation"] == apres_premier["VersionLettre"] == 8
    assert "Personas (reconstitutions illustratives) : 8 personas dont 8 publiés, 8 lettres d'interpellation." in (
        sortie.getvalue()
    )
    roseline = Persona.objects.get(slug="roseline")
    assert roseline.est_publie and roseline.fil_rouge
    assert roseline.citation_verbatim.statut == StatutPublication.PUBLIABLE
    assert list(roseline.journal.order_by("le").values_list("action", flat=True)) == ["creation", "publication"]
    assert roseline.journal.first().par.username == "animatrice"

    vue = persona_vue("roseline", voir_tout=False)
    ids = list(roseline.fondements.values_list("irritant_id", flat=True))
    distinctes = Preuve.objects.filter(irritant_id__in=ids).values("observation").distinct().count()
    assert vue.totaux.nb_observations == distinctes
    for irritant in vue.irritants:
        assert irritant.nb_observations == Preuve.objects.filter(irritant=irritant).count() > 0

    # Le dossier PDF des personas publiés tient les huit lettres (son HTML : la mise en page est testée ailleurs).
    dossier = registre.obtenir(SOURCE_DOSSIER).contenu(roseline.experimentation_id).rendre()
    assert dossier.count('class="lettre lettre-dossier"') == 8
    for prevu in personas_lire():
        assert prevu.lettre.objet in dossier.replace("&#x27;", "'"), prevu.slug

    # Le README annonce ces chiffres.
    texte = " ".join((settings.BASE_DIR / "README.md").read_text(encoding="utf-8").split())
    annonce = re.search(r"(\d+) personas, chacun avec sa lettre d'interpellation", texte)
    assert annonce and int(annonce.group(1)) == Persona.objects.count()
