"""Les huit personas de Cahors et leurs lettres d'interpellation : lus dans `demo/donnees/cahors-2018/`, écrits.

Le document source (DITP, février 2018) dit que les irritants ont été restitués par 8 personas, chacun auteur
d'une lettre d'interpellation, et nomme les trois du fil rouge : Sarah (jeune mère, aide à domicile en CDD),
Sébastien (demandeur d'emploi de très longue durée) et Roseline (femme âgée en perte d'autonomie). Le reste
est une RECONSTITUTION ILLUSTRATIVE : les cinq autres personas, les portraits et les lettres sont écrits pour la
démo ; leurs nombres, eux, sont les vrais décomptes des observations de la démo, car chaque persona se fonde
sur des irritants de `irritants.yaml`.

- `personas.yaml` : un persona par entrée (identité, commune, irritants, publics, citation) ;
- `personas/<slug>.md` : le portrait en Markdown, avec ses sections `## Besoins`, `## Attentes`, `## Freins` ;
- `lettres/<slug>.md` : la lettre (objet, destinataire, date, irritants cités dans l'en-tête ; le corps).

`personas_lire` valide et vérifie les renvois (irritants, publics, communes du bassin de vie, fil rouge, témoignage
de la citation, notes de la lettre) et rend des enregistrements figés ; `personas_charger` les écrit, de façon
idempotente : un persona déjà en base (même identifiant) n'est ni recréé ni modifié.
"""

import dataclasses
import datetime
import importlib
import json
import re
import zoneinfo
from pathlib import Path

from django.db import transaction

from commun import versions
from demo import schemas
from demo.chargeur import DonneesInvalides, Lecture, Probleme, Releve
from demo.contenu import DOSSIER_CAHORS, Contenu, contenu_lire
from personas.enums import ActionPersona, StatutPersona
from personas.models import (
    APPEL_DE_NOTE,
    JournalPersona,
    LettreInterpellation,
    LettreIrritant,
    Persona,
    PersonaIrritant,
    VersionLettre,
)
from personas.services import lettre_instantane
from terrain.models import Public, Verbatim
from territoire.importers.territoires import TERRITOIRE_CAHORS
from territoire.models import Commune

FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
SECTIONS = {"Besoins": "besoins", "Attentes": "attentes", "Freins": "freins"}
_SECTION = re.compile(r"^## +(.+?) *$")
# Les personas naissent à la fin du diagnostic, sont publiés la veille du séminaire du 7 février 2018.
CREES_LE = datetime.datetime(2018, 2, 1, 9, 30, tzinfo=FUSEAU)
PUBLIES_LE = datetime.datetime(2018, 2, 6, 17, 0, tzinfo=FUSEAU)


@dataclasses.dataclass(frozen=True)
class LettrePrevue:
    objet: str
    destinataire: tuple[str, ...]
    date: datetime.date
    appel: str
    corps: str
    politesse: str
    irritants: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class PersonaPrevu:
    slug: str
    prenom: str
    age: int
    situation_familiale: str
    situation_professionnelle: str
    code_insee: str
    mobilite: str
    autonomie_numerique: str
    publics: tuple[str, ...]
    irritants: tuple[str, ...]
    fil_rouge: bool
    publie: bool
    ordre: int
    citation_verbatim: tuple[str, str] | None  # (clé de l'irritant, situation du témoignage)
    citation_redigee: str
    description_image: str
    portrait: str
    besoins: str
    attentes: str
    freins: str
    lettre: LettrePrevue
    ou: Probleme  # où le persona est écrit (fichier, ligne), pour situer une erreur au chargement


def _publics_connus() -> set[str]:
    return {slug for slug, _nom in importlib.import_module("terrain.migrations.0002_publics_initiaux").PUBLICS}


def _communes_du_bassin() -> set[str]:
    return {commune["code_insee"] for commune in json.loads(TERRITOIRE_CAHORS.read_text(encoding="utf-8"))["communes"]}


def _sections(corps: str) -> tuple[str, dict[str, str]]:
    """Le portrait (avant la première section) et chaque section `## Titre` → son texte."""
    courant, morceaux = None, {None: []}
    for ligne in corps.splitlines():
        if correspondance := _SECTION.match(ligne):
            courant = correspondance.group(1)
            morceaux[courant] = []
        else:
            morceaux[courant].append(ligne)
    textes = {titre: "\n".join(lignes).strip() for titre, lignes in morceaux.items()}
    return textes.pop(None), textes


def personas_lire(dossier: Path | None = None, contenu: Contenu | None = None) -> tuple[PersonaPrevu, ...]:
    """Lit et vérifie les personas d'un dossier (celui de Cahors par défaut) ; lève DonneesInvalides avec toutes
    les erreurs trouvées (fichier, ligne, champ, raison)."""
    dossier = dossier or DOSSIER_CAHORS
    contenu = contenu or contenu_lire(dossier)
    releve = Releve()
    lecture = releve.lire("personas.yaml", schemas.PERSONAS, dossier=dossier)
    releve.lever()
    donnees = lecture.donnees
    releve.doublons(lecture, donnees, lambda p: p["slug"], "ce slug")
    releve.doublons(lecture, donnees, lambda p: p["prenom"], "ce prénom")
    slugs = {p["slug"] for p in donnees}
    for sous_dossier in ("personas", "lettres"):
        for fichier in sorted((dossier / sous_dossier).glob("*.md")):
            if fichier.stem not in slugs:
                releve.problemes.append(
                    Probleme(fichier, None, (), "aucun persona de personas.yaml n'a ce slug (le nom du fichier).")
                )
    portraits, lettres = {}, {}
    for n, persona in enumerate(donnees):
        fichiers = (("personas", schemas.PORTRAIT, portraits), ("lettres", schemas.LETTRE, lettres))
        for sous_dossier, schema, lus in fichiers:
            if (dossier / sous_dossier / f"{persona['slug']}.md").exists():
                lus[persona["slug"]] = releve.lire(f"{sous_dossier}/{persona['slug']}.md", schema, dossier=dossier)
            else:
                releve.noter(lecture, n, "slug", message=f"il manque le fichier {sous_dossier}/{persona['slug']}.md.")
    releve.lever()
    prevus = _Verificateur(lecture, portraits, lettres, contenu, releve).construire()
    releve.lever()
    return prevus


class _Verificateur:
    def __init__(self, lecture: Lecture, portraits: dict, lettres: dict, contenu: Contenu, releve: Releve):
        self.lecture, self.portraits, self.lettres, self.contenu, self.releve = (
            lecture,
            portraits,
            lettres,
            contenu,
            releve,
        )
        self.noter = releve.noter

    def construire(self) -> tuple[PersonaPrevu, ...]:
        lecture, contenu = self.lecture, self.contenu
        publics, communes = _publics_connus(), _communes_du_bassin()
        fil_rouge_attendu = {p.prenom for p in contenu.experimentation.personas_fil_rouge}
        fil_rouge = {p["prenom"] for p in lecture.donnees if p["fil_rouge"]}
        if fil_rouge != fil_rouge_attendu:
            self.noter(
                lecture,
                message="les personas fil rouge (fil_rouge: true) doivent être ceux de experimentation.yaml : "
                f"{', '.join(sorted(fil_rouge_attendu))} (ici : {', '.join(sorted(fil_rouge)) or 'aucun'}).",
            )
        prevus = []
        for n, p in enumerate(lecture.donnees):
            for m, cle in enumerate(p["irritants"]):
                if cle not in contenu.irritants:
                    message = f"« {cle} » n'est pas un irritant de irritants.yaml."
                    self.noter(lecture, n, "irritants", m, message=message)
            for m, slug in enumerate(p["publics"]):
                if slug not in publics:
                    self.noter(
                        lecture,
                        n,
                        "publics",
                        m,
                        message=f"« {slug} » n'est pas un public (possibles : {', '.join(sorted(publics))}).",
                    )
            if p["commune"] not in communes:
                self.noter(lecture, n, "commune", message=f"{p['commune']} n'est pas une commune du bassin de vie.")
            citation = self.citation(n, p)
            portrait, sections = self.portrait(p["slug"])
            prevus.append(
                PersonaPrevu(
                    slug=p["slug"],
                    prenom=p["prenom"],
                    age=p["age"],
                    situation_familiale=p["situation_familiale"],
                    situation_professionnelle=p["situation_professionnelle"],
                    code_insee=p["commune"],
                    mobilite=p["mobilite"],
                    autonomie_numerique=p["autonomie_numerique"],
                    publics=tuple(p["publics"]),
                    irritants=tuple(p["irritants"]),
                    fil_rouge=p["fil_rouge"],
                    publie=p["publie"],
                    ordre=n + 1,
                    citation_verbatim=citation,
                    citation_redigee=p.get("citation_redigee", ""),
                    description_image=p.get("description_image", ""),
                    portrait=portrait,
                    besoins=sections.get("besoins", ""),
                    attentes=sections.get("attentes", ""),
                    freins=sections.get("freins", ""),
                    lettre=self.lettre(p),
                    ou=lecture.probleme(n, message=""),
                )
            )
        return tuple(prevus)

    def citation(self, n: int, p: dict) -> tuple[str, str] | None:
        if "citation_verbatim" in p and "citation_redigee" in p:
            self.noter(
                self.lecture, n, "citation_redigee", message="citation_verbatim ou citation_redigee, pas les deux."
            )
        if "citation_verbatim" not in p:
            return None
        cle, situation = p["citation_verbatim"]["irritant"], p["citation_verbatim"]["situation"]
        if cle not in p["irritants"]:
            self.noter(
                self.lecture,
                n,
                "citation_verbatim",
                "irritant",
                message=f"« {cle} » n'est pas un des irritants de ce persona : la citation vient de ses preuves.",
            )
        elif cle in self.contenu.irritants:
            situations = {t.situation for t in self.contenu.irritants[cle].temoignages}
            if situation not in situations:
                self.noter(
                    self.lecture,
                    n,
                    "citation_verbatim",
                    "situation",
                    message=f"aucun témoignage de observations/{cle}.yaml n'a la situation « {situation} ».",
                )
        return cle, situation

    def portrait(self, slug: str) -> tuple[str, dict[str, str]]:
        lecture = self.portraits[slug]
        if lecture.donnees["persona"] != slug:
            self.noter(lecture, "persona", message=f"ce fichier est celui du persona « {slug} » (son nom).")
        portrait, sections = _sections(lecture.corps or "")
        if not portrait:
            self.noter(lecture, message="le portrait (le texte avant « ## Besoins ») est vide.")
        for titre in SECTIONS:
            if not sections.get(titre):
                self.noter(lecture, message=f"il manque la section « ## {titre} » (ou elle est vide).")
        for titre in sorted(set(sections) - set(SECTIONS)):
            possibles = ", ".join(SECTIONS)
            self.noter(lecture, message=f"section inconnue « ## {titre} » (sections possibles : {possibles}).")
        return portrait, {SECTIONS[titre]: texte for titre, texte in sections.items() if titre in SECTIONS}

    def lettre(self, p: dict) -> LettrePrevue:
        lecture = self.lettres[p["slug"]]
        d = lecture.donnees
        if d["persona"] != p["slug"]:
            self.noter(lecture, "persona", message=f"ce fichier est la lettre du persona « {p['slug']} » (son nom).")
        for m, cle in enumerate(d["irritants"]):
            if cle not in p["irritants"]:
                self.noter(
                    lecture, "irritants", m, message=f"« {cle} » n'est pas un irritant de ce persona (personas.yaml)."
                )
        corps = lecture.corps or ""
        if not corps.strip():
            self.noter(lecture, message="le corps de la lettre est vide.")
        for numero in sorted({int(n) for n in APPEL_DE_NOTE.findall(corps)}):
            if not 1 <= numero <= len(d["irritants"]):
                self.noter(
                    lecture,
                    message=f"la note [^{numero}] renvoie au {numero}e irritant cité, mais la lettre en cite "
                    f"{len(d['irritants'])}.",
                )
        return LettrePrevue(
            objet=d["objet"],
            destinataire=tuple(d["destinataire"]),
            date=datetime.date.fromisoformat(d["date"]),
            appel=d.get("appel", "Madame, Monsieur,"),
            corps=corps,
            politesse=d["politesse"],
            irritants=tuple(d["irritants"]),
        )


# --- Écriture en base ----------------------------------------------------------------------------------------------


def _erreur(prevu: PersonaPrevu, message: str) -> DonneesInvalides:
    return DonneesInvalides([dataclasses.replace(prevu.ou, message=message)])


@transaction.atomic
def personas_charger(*, experimentation, animateur=None, contenu: Contenu | None = None, prevus=None) -> dict:
    """Crée les personas de la démo qui manquent, avec leur lettre (version n° 1) et leur journal ; rend les chiffres.

    Idempotent : un persona dont l'identifiant existe déjà n'est pas touché (ni ce qu'un facilitateur y a changé).
    """
    contenu = contenu or contenu_lire()
    prevus = prevus if prevus is not None else personas_lire(contenu.dossier, contenu)
    titres = {cle: irritant.titre for cle, irritant in contenu.irritants.items()}
    irritants = {i.titre: i for i in experimentation.irritants.all()}
    publics = {public.slug: public for public in Public.objects.all()}
    existants = set(Persona.objects.filter(slug__in=[p.slug for p in prevus]).values_list("slug", flat=True))
    par = animateur if getattr(animateur, "is_authenticated", False) else None
    for prevu in prevus:
        if prevu.slug in existants:
            continue
        manquants = [cle for cle in prevu.irritants if titres.get(cle) not in irritants]
        if manquants:
            raise _erreur(prevu, f"irritants absents de la base : {', '.join(manquants)}.")
        fondements = [irritants[titres[cle]] for cle in prevu.irritants]
        commune = Commune.objects.actuelles().filter(code_insee=prevu.code_insee).first()
        if commune is None:
            raise _erreur(prevu, f"la commune {prevu.code_insee} n'est pas importée.")
        verbatim = None
        if prevu.citation_verbatim:
            cle, situation = prevu.citation_verbatim
            verbatim = (
                Verbatim.objects.publiables()
                .filter(observation__preuves__irritant=irritants[titres[cle]], situation=situation)
                .order_by("pk")
                .first()
            )
            if verbatim is None:
                raise _erreur(
                    prevu, f"aucun verbatim publiable « {situation} » dans les preuves de l'irritant « {cle} »."
                )
        persona = Persona(
            experimentation=experimentation,
            slug=prevu.slug,
            prenom=prevu.prenom,
            age=prevu.age,
            situation_familiale=prevu.situation_familiale,
            situation_professionnelle=prevu.situation_professionnelle,
            commune=commune,
            mobilite=prevu.mobilite,
            autonomie_numerique=prevu.autonomie_numerique,
            portrait=prevu.portrait,
            besoins=prevu.besoins,
            attentes=prevu.attentes,
            freins=prevu.freins,
            citation_verbatim=verbatim,
            citation_redigee=prevu.citation_redigee,
            fil_rouge=prevu.fil_rouge,
            ordre=prevu.ordre,
            statut=StatutPersona.PUBLIE if prevu.publie else StatutPersona.BROUILLON,
            image_description=prevu.description_image,
        )
        persona.full_clean()
        persona.save()
        persona.publics.set([publics[slug] for slug in prevu.publics if slug in publics])
        PersonaIrritant.objects.bulk_create(
            PersonaIrritant(persona=persona, irritant=irritant, ordre=n) for n, irritant in enumerate(fondements, 1)
        )
        cree_le = CREES_LE + datetime.timedelta(minutes=7 * prevu.ordre)
        JournalPersona.objects.create(action=ActionPersona.CREATION, persona=persona, par=par, le=cree_le)
        if prevu.publie:
            JournalPersona.objects.create(action=ActionPersona.PUBLICATION, persona=persona, par=par, le=PUBLIES_LE)
        _lettre_charger(persona, prevu, irritants, titres, par)
        Persona.objects.filter(pk=persona.pk).update(cree_le=cree_le, modifie_le=PUBLIES_LE)
    return personas_compter(experimentation)


def _lettre_charger(persona: Persona, prevu: PersonaPrevu, irritants: dict, titres: dict, par) -> None:
    prevue = prevu.lettre
    lettre = LettreInterpellation(
        persona=persona,
        objet=prevue.objet,
        destinataire="\n".join(prevue.destinataire),
        date_lettre=prevue.date,
        appel=prevue.appel,
        corps=prevue.corps,
        politesse=prevue.politesse,
    )
    lettre.full_clean()
    lettre.save()
    cites = [irritants[titres[cle]] for cle in prevue.irritants]
    LettreIrritant.objects.bulk_create(
        LettreIrritant(lettre=lettre, irritant=irritant, ordre=rang) for rang, irritant in enumerate(cites, 1)
    )
    ecrite_le = datetime.datetime.combine(prevue.date, datetime.time(18, 0), tzinfo=FUSEAU)
    versions.version_ajouter(
        VersionLettre, objet=lettre, contenu=lettre_instantane(lettre, cites), par=par, le=ecrite_le
    )
    LettreInterpellation.objects.filter(pk=lettre.pk).update(cree_le=ecrite_le, modifie_le=ecrite_le)


def personas_compter(experimentation) -> dict[str, int]:
    personas = Persona.objects.filter(experimentation=experimentation)
    return {
        "personas": personas.count(),
        "publies": personas.publies().count(),
        "lettres": LettreInterpellation.objects.filter(persona__experimentation=experimentation).count(),
    }
