"""Le contenu de la démonstration de Cahors, lu depuis `demo/donnees/cahors-2018/` en enregistrements typés.

`contenu_lire()` lit chaque fichier (schéma de `demo/schemas.py`), vérifie les renvois entre fichiers (une
structure citée existe, un irritant a ses observations, un texte n'utilise que des mots entre accolades
connus…) et rend un `Contenu` fait de dataclasses figées. Toutes les erreurs trouvées sont levées ensemble dans
une `DonneesInvalides` qui nomme fichier, ligne et champ. Rien ici n'écrit en base : `demo/services.py` et
`demo/terrain.py` s'en chargent.
"""

import dataclasses
import datetime
import difflib
import string
from pathlib import Path

from demo import schemas
from demo.chargeur import DOSSIER_DONNEES, Lecture, Probleme, Releve
from irritants.enums import Gravite
from territoire.enums import SourceLieu, TypeLieuAccueil

DOSSIER_CAHORS = DOSSIER_DONNEES / "cahors-2018"
# Les fichiers du diagnostic (schémas dans demo/schemas.py), plus observations/<irritant>.yaml. Les personas,
# le séminaire et les promesses auront leurs propres fichiers, lus par leur propre module.
FICHIERS = (
    "experimentation.yaml",
    "lieux-accueil.yaml",
    "comptes.yaml",
    "structures.yaml",
    "entretiens.yaml",
    "immersions.yaml",
    "irritants.yaml",
    "redaction.yaml",
)

# Les mots entre accolades qu'un texte d'observation peut employer ; les distances n'ont de sens que loin de
# Cahors (« à 3 km de Cahors » sonnerait faux).
CHAMPS_DES_OBSERVATIONS = frozenset(
    {"commune", "de_commune", "a_commune", "service", "au_service", "du_service", "msap", "n", "n2", "semaines"}
)
CHAMPS_DE_DISTANCE = frozenset({"km", "km2", "prix"})


# --- Les enregistrements ---------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class PhasePrevue:
    type: str
    nom: str
    date_debut: datetime.date
    date_fin: datetime.date
    description: str


@dataclasses.dataclass(frozen=True)
class PersonaFilRouge:
    prenom: str
    profil: str


@dataclasses.dataclass(frozen=True)
class ExperimentationPrevue:
    slug: str
    nom: str
    commanditaire: str
    question: str
    description: str
    date_lancement: datetime.date
    date_echeance_promesses: datetime.date
    phases: tuple[PhasePrevue, ...]
    personas_fil_rouge: tuple[PersonaFilRouge, ...]

    def champs(self) -> dict:
        """Les arguments de `experimentation_enregistrer` (hors territoire)."""
        champs = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        del champs["personas_fil_rouge"]
        champs["phases"] = [dataclasses.asdict(phase) for phase in self.phases]
        return champs


@dataclasses.dataclass(frozen=True)
class LieuDemo:
    type: str
    nom: str
    code_insee: str
    latitude: float
    longitude: float
    canaux: tuple[str, ...]

    @property
    def identifiant_source(self) -> str:
        return identifiant_lieu_demo(self.type, self.code_insee)


@dataclasses.dataclass(frozen=True)
class CompteDemo:
    identifiant: str
    role: str
    prenom: str
    nom: str
    structure: str


@dataclasses.dataclass(frozen=True)
class StructurePrevue:
    cle: str
    nom: str
    type: str
    code_insee: str
    dans_une_phrase: str


@dataclasses.dataclass(frozen=True)
class EntretienPrevu:
    date: datetime.date
    code_insee: str
    lieu: str
    participants: tuple[tuple[str, str], ...]  # (clé de la structure, fonction)
    irritants: tuple[str, ...]  # les irritants dont on a parlé


@dataclasses.dataclass(frozen=True)
class ImmersionPrevue:
    date: datetime.date
    lieux: tuple[tuple[str, str], ...]  # (source, identifiant dans la source), par ordre de préférence
    duree_minutes: int
    canaux: tuple[str, ...]
    attente: str
    aide: str
    issue: str
    irritants: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class FaitRapporte:
    type: str  # TypeObservation
    texte: str
    type_de_lieu: str | None  # impose le type du lieu d'accueil que {service} désigne


@dataclasses.dataclass(frozen=True)
class Temoignage:
    """Ce qu'un usager a vécu (l'observation) et ses mots (le verbatim), avec un profil sans nom."""

    texte: str
    verbatim: str
    tranche_age: str
    situation: str


@dataclasses.dataclass(frozen=True)
class IrritantPrevu:
    cle: str
    titre: str
    theme: str
    gravite: int  # Gravite
    description: str
    sujet: str
    publics: tuple[str, ...]
    lieux_concernes: tuple[str, ...]
    loin: bool
    voisins: tuple[str, ...]
    faits_rapportes: tuple[FaitRapporte, ...]
    constats: tuple[str, ...]
    temoignages: tuple[Temoignage, ...]


@dataclasses.dataclass(frozen=True)
class Formes:
    """Comment une phrase nomme un lieu d'accueil : {service}, {au_service}, {du_service}."""

    service: str
    au_service: str
    du_service: str


@dataclasses.dataclass(frozen=True)
class Redaction:
    formes_des_lieux: dict[str, Formes]
    forme_par_defaut: Formes
    rapporteurs_en_immersion: dict[str, str]
    rapporteur_par_defaut: str
    attributions: tuple[str, ...]
    idee_rapportee: str
    idee_constatee: str
    compte_rendu_d_entretien: str
    msap_par_defaut: str
    mots_des_publics: dict[str, tuple[str, ...]]
    avant_de_chercher_les_mots: tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class Contenu:
    dossier: Path
    experimentation: ExperimentationPrevue
    lieux: tuple[LieuDemo, ...]
    mot_de_passe: str
    comptes: tuple[CompteDemo, ...]
    structures: dict[str, StructurePrevue]  # dans l'ordre du fichier
    agent_co_anime_avec: frozenset[str]
    entretiens: tuple[EntretienPrevu, ...]
    immersions: tuple[ImmersionPrevue, ...]
    irritants: dict[str, IrritantPrevu]  # dans l'ordre du fichier, qui est celui de leur création
    redaction: Redaction


def identifiant_lieu_demo(type_lieu: str, code_insee: str) -> str:
    return f"demo-{type_lieu}-{code_insee}"


def _date(texte: str) -> datetime.date:
    return datetime.date.fromisoformat(texte)


# --- La lecture --------------------------------------------------------------------------------------------------
def contenu_lire(dossier: Path | None = None) -> Contenu:
    """Lit et vérifie tout le contenu du diagnostic d'un dossier (par défaut celui de Cahors) ; lève
    DonneesInvalides avec toutes les erreurs trouvées."""
    dossier = dossier or DOSSIER_CAHORS
    releve = Releve()
    lectures = {nom: releve.lire(nom, schemas.PAR_FICHIER[nom], dossier=dossier) for nom in FICHIERS}
    irritants = lectures["irritants.yaml"]
    observations = {
        i["cle"]: releve.lire(f"observations/{i['cle']}.yaml", schemas.OBSERVATIONS, dossier=dossier)
        for i in (irritants.donnees if irritants else [])
        if (dossier / "observations" / f"{i['cle']}.yaml").exists()  # sinon, signalé plus bas
    }
    releve.lever()  # des fichiers illisibles : inutile de chercher plus loin
    contenu = _Verificateur(dossier, lectures, observations, releve).construire()
    releve.lever()
    return contenu


class _Verificateur:
    """Construit les enregistrements et note chaque renvoi qui ne se résout pas."""

    def __init__(self, dossier: Path, lectures: dict[str, Lecture], observations: dict[str, Lecture], releve: Releve):
        self.dossier = dossier
        self.lectures = lectures
        self.observations = observations
        self.releve = releve
        self.noter = releve.noter

    def gabarits(self, lecture: Lecture, chemin: tuple, texte: str, permis: frozenset[str], aide: str = "") -> None:
        """Un texte à trous : accolades équilibrées, et seulement des mots entre accolades permis."""
        try:
            champs = {nom for _, nom, _, _ in string.Formatter().parse(texte) if nom is not None}
        except ValueError:
            self.noter(lecture, *chemin, message="accolade non fermée : écrivez {mot} ou retirez l'accolade.")
            return
        inconnus = sorted(champs - permis)
        if inconnus:
            proches = difflib.get_close_matches(inconnus[0], sorted(permis | CHAMPS_DE_DISTANCE), n=1)
            suggestion = f" Vouliez-vous dire {{{proches[0]}}} ?" if proches and proches[0] in permis else ""
            possibles = ", ".join(f"{{{c}}}" for c in sorted(permis))
            verbe = "ne sont pas des mots connus" if len(inconnus) > 1 else "n'est pas un mot connu"
            self.noter(
                lecture,
                *chemin,
                message=f"{', '.join(f'{{{c}}}' for c in inconnus)} {verbe} ici "
                f"(mots possibles : {possibles}){aide}.{suggestion}",
            )

    def construire(self) -> Contenu:
        experimentation = self.experimentation()
        lieux = self.lieux()
        mot_de_passe, comptes = self.comptes()
        structures = self.structures()
        irritants = self.irritants()
        agent_co_anime_avec, entretiens = self.entretiens(structures)
        immersions = self.immersions(lieux)
        redaction = self.redaction()
        return Contenu(
            dossier=self.dossier,
            experimentation=experimentation,
            lieux=lieux,
            mot_de_passe=mot_de_passe,
            comptes=comptes,
            structures=structures,
            agent_co_anime_avec=agent_co_anime_avec,
            entretiens=entretiens,
            immersions=immersions,
            irritants=irritants,
            redaction=redaction,
        )

    def experimentation(self) -> ExperimentationPrevue:
        lecture = self.lectures["experimentation.yaml"]
        d = lecture.donnees
        phases = tuple(
            PhasePrevue(p["type"], p["nom"], _date(p["date_debut"]), _date(p["date_fin"]), p["description"])
            for p in d["phases"]
        )
        for n, phase in enumerate(phases):
            if phase.date_fin < phase.date_debut:
                self.noter(lecture, "phases", n, "date_fin", message="la phase finit avant d'avoir commencé.")
        self.releve.doublons(lecture, d["phases"], lambda p: p["type"], "ce type de phase", "phases")
        return ExperimentationPrevue(
            slug=d["slug"],
            nom=d["nom"],
            commanditaire=d["commanditaire"],
            question=d["question"],
            description=d["description"],
            date_lancement=_date(d["date_lancement"]),
            date_echeance_promesses=_date(d["date_echeance_promesses"]),
            phases=phases,
            personas_fil_rouge=tuple(PersonaFilRouge(p["prenom"], p["profil"]) for p in d["personas_fil_rouge"]),
        )

    def lieux(self) -> tuple[LieuDemo, ...]:
        lecture = self.lectures["lieux-accueil.yaml"]
        self.releve.doublons(
            lecture,
            lecture.donnees,
            lambda lieu: (lieu["type"], lieu["commune"]),
            "un lieu de ce type dans cette commune",
        )
        for n, lieu in enumerate(lecture.donnees):
            if lieu["type"] == TypeLieuAccueil.MAIRIE:
                self.noter(
                    lecture,
                    n,
                    "type",
                    message="les mairies viennent de l'annuaire des mairies (importer_communes), pas de ce fichier.",
                )
        return tuple(
            LieuDemo(
                lieu["type"], lieu["nom"], lieu["commune"], lieu["latitude"], lieu["longitude"], tuple(lieu["canaux"])
            )
            for lieu in lecture.donnees
        )

    def comptes(self) -> tuple[str, tuple[CompteDemo, ...]]:
        lecture = self.lectures["comptes.yaml"]
        comptes = lecture.donnees["comptes"]
        self.releve.doublons(lecture, comptes, lambda c: c["identifiant"], "cet identifiant", "comptes")
        return lecture.donnees["mot_de_passe"], tuple(
            CompteDemo(c["identifiant"], c["role"], c["prenom"], c["nom"], c["structure"]) for c in comptes
        )

    def structures(self) -> dict[str, StructurePrevue]:
        lecture = self.lectures["structures.yaml"]
        self.releve.doublons(lecture, lecture.donnees, lambda s: s["cle"], "cette clé")
        self.releve.doublons(
            lecture, lecture.donnees, lambda s: (s["nom"], s["commune"]), "une structure de ce nom dans cette commune"
        )
        return {
            s["cle"]: StructurePrevue(s["cle"], s["nom"], s["type"], s["commune"], s["dans_une_phrase"])
            for s in lecture.donnees
        }

    def irritants(self) -> dict[str, IrritantPrevu]:
        lecture = self.lectures["irritants.yaml"]
        self.releve.doublons(lecture, lecture.donnees, lambda i: i["cle"], "cette clé")
        self.releve.doublons(lecture, lecture.donnees, lambda i: i["titre"], "un irritant de ce titre")
        cles = {i["cle"] for i in lecture.donnees}
        attendus = {f"{cle}.yaml" for cle in cles}
        for fichier in sorted((self.dossier / "observations").glob("*.yaml")):
            if fichier.name not in attendus:
                self.releve.problemes.append(
                    Probleme(fichier, None, (), "aucun irritant de irritants.yaml n'a cette clé (le nom du fichier).")
                )
        irritants = {}
        for n, i in enumerate(lecture.donnees):
            for m, voisin in enumerate(i["voisins"]):
                if voisin not in cles or voisin == i["cle"]:
                    self.noter(
                        lecture, n, "voisins", m, message=f"« {voisin} » n'est pas un autre irritant du fichier."
                    )
            observations = self.observations.get(i["cle"])
            if observations is None:
                self.noter(lecture, n, "cle", message=f"il manque le fichier observations/{i['cle']}.yaml.")
                continue
            irritants[i["cle"]] = self.irritant(i, observations)
        return irritants

    def irritant(self, i: dict, lecture: Lecture) -> IrritantPrevu:
        loin = i.get("communes_eloignees", False)
        permis = CHAMPS_DES_OBSERVATIONS | (CHAMPS_DE_DISTANCE if loin else frozenset())
        aide = "" if loin else " ; {km}, {km2} et {prix} demandent communes_eloignees: true dans irritants.yaml"
        d = lecture.donnees
        for n, fait in enumerate(d["faits_rapportes"]):
            self.gabarits(lecture, ("faits_rapportes", n, "texte"), fait["texte"], permis, aide)
        for n, constat in enumerate(d["constats"]):
            self.gabarits(lecture, ("constats", n), constat, permis, aide)
        for n, temoignage in enumerate(d["temoignages"]):
            for champ in ("observation", "verbatim"):
                self.gabarits(lecture, ("temoignages", n, champ), temoignage[champ], permis, aide)
        return IrritantPrevu(
            cle=i["cle"],
            titre=i["titre"],
            theme=i["theme"],
            gravite=Gravite[i["gravite"].upper()].value,
            description=i["description"],
            sujet=i["sujet"],
            publics=tuple(i["publics"]),
            lieux_concernes=tuple(i["lieux_concernes"]),
            loin=loin,
            voisins=tuple(i["voisins"]),
            faits_rapportes=tuple(
                FaitRapporte(f["type"], f["texte"], f.get("type_de_lieu")) for f in d["faits_rapportes"]
            ),
            constats=tuple(d["constats"]),
            temoignages=tuple(
                Temoignage(t["observation"], t["verbatim"], t["tranche_age"], t["situation"]) for t in d["temoignages"]
            ),
        )

    def irritants_cites(self, lecture: Lecture, chemin: tuple, cles: list[str]) -> None:
        connus = {i["cle"] for i in self.lectures["irritants.yaml"].donnees}  # même ceux dont un fichier manque
        for m, cle in enumerate(cles):
            if cle not in connus:
                self.noter(lecture, *chemin, m, message=f"« {cle} » n'est pas un irritant de irritants.yaml.")

    def entretiens(self, structures: dict) -> tuple[frozenset[str], tuple[EntretienPrevu, ...]]:
        lecture = self.lectures["entretiens.yaml"]
        d = lecture.donnees
        for m, cle in enumerate(d["agent_co_anime_avec"]):
            if cle not in structures:
                self.noter(
                    lecture, "agent_co_anime_avec", m, message=f"« {cle} » n'est pas une clé de structures.yaml."
                )
        self.releve.doublons(
            lecture,
            d["entretiens"],
            lambda e: (e["date"], e["commune"], e["lieu"]),
            "un entretien à cette date, dans cette commune et ce lieu",
            "entretiens",
        )
        for n, entretien in enumerate(d["entretiens"]):
            for m, participant in enumerate(entretien["participants"]):
                if participant["structure"] not in structures:
                    self.noter(
                        lecture,
                        "entretiens",
                        n,
                        "participants",
                        m,
                        "structure",
                        message=f"« {participant['structure']} » n'est pas une clé de structures.yaml.",
                    )
            self.irritants_cites(lecture, ("entretiens", n, "irritants"), entretien["irritants"])
        return frozenset(d["agent_co_anime_avec"]), tuple(
            EntretienPrevu(
                date=_date(e["date"]),
                code_insee=e["commune"],
                lieu=e["lieu"],
                participants=tuple((p["structure"], p["fonction"]) for p in e["participants"]),
                irritants=tuple(e["irritants"]),
            )
            for e in d["entretiens"]
        )

    def immersions(self, lieux: tuple[LieuDemo, ...]) -> tuple[ImmersionPrevue, ...]:
        lecture = self.lectures["immersions.yaml"]
        demos = {(lieu.type, lieu.code_insee) for lieu in lieux}

        def reference(n: int, champ: str, lieu: dict) -> tuple[str, str]:
            if lieu["type"] == TypeLieuAccueil.MAIRIE:
                return SourceLieu.ANNUAIRE_MAIRIES.value, lieu["commune"]
            if (lieu["type"], lieu["commune"]) not in demos:
                self.noter(
                    lecture,
                    n,
                    champ,
                    message=f"aucun lieu de type « {lieu['type']} » dans la commune {lieu['commune']} "
                    "dans lieux-accueil.yaml.",
                )
            return SourceLieu.DEMO.value, identifiant_lieu_demo(lieu["type"], lieu["commune"])

        immersions = []
        for n, i in enumerate(lecture.donnees):
            self.irritants_cites(lecture, (n, "irritants"), i["irritants"])
            references = [reference(n, "lieu", i["lieu"])]
            if "lieu_de_repli" in i:
                references.append(reference(n, "lieu_de_repli", i["lieu_de_repli"]))
            immersions.append(
                ImmersionPrevue(
                    date=_date(i["date"]),
                    lieux=tuple(references),
                    duree_minutes=i["duree_minutes"],
                    canaux=tuple(i["canaux"]),
                    attente=i["attente"],
                    aide=i["aide"],
                    issue=i["issue"],
                    irritants=tuple(i["irritants"]),
                )
            )
        self.releve.doublons(
            lecture, lecture.donnees, lambda i: (i["date"], repr(i["lieu"])), "une immersion dans ce lieu à cette date"
        )
        return tuple(immersions)

    def redaction(self) -> Redaction:
        lecture = self.lectures["redaction.yaml"]
        d = lecture.donnees
        for type_lieu, formes in d["formes_des_lieux"].items():
            for champ, texte in formes.items():
                self.gabarits(lecture, ("formes_des_lieux", type_lieu, champ), texte, frozenset({"de_commune"}))
        for champ, texte in d["forme_par_defaut"].items():
            self.gabarits(lecture, ("forme_par_defaut", champ), texte, frozenset())
        for n, texte in enumerate(d["attributions"]):
            self.gabarits(lecture, ("attributions", n), texte, frozenset({"qui"}))
        self.gabarits(lecture, ("idee_rapportee",), d["idee_rapportee"], frozenset({"qui", "texte"}))
        self.gabarits(lecture, ("idee_constatee",), d["idee_constatee"], frozenset({"texte"}))
        self.gabarits(
            lecture, ("compte_rendu_d_entretien",), d["compte_rendu_d_entretien"], frozenset({"structures", "sujets"})
        )

        def formes(f: dict) -> Formes:
            return Formes(f["service"], f["au_service"], f["du_service"])

        return Redaction(
            formes_des_lieux={type_lieu: formes(f) for type_lieu, f in d["formes_des_lieux"].items()},
            forme_par_defaut=formes(d["forme_par_defaut"]),
            rapporteurs_en_immersion=dict(d["rapporteurs_en_immersion"]),
            rapporteur_par_defaut=d["rapporteur_par_defaut"],
            attributions=tuple(d["attributions"]),
            idee_rapportee=d["idee_rapportee"],
            idee_constatee=d["idee_constatee"],
            compte_rendu_d_entretien=d["compte_rendu_d_entretien"],
            msap_par_defaut=d["msap_par_defaut"],
            mots_des_publics={slug: tuple(mots) for slug, mots in d["mots_des_publics"].items()},
            avant_de_chercher_les_mots=tuple((r["remplacer"], r["par"]) for r in d["avant_de_chercher_les_mots"]),
        )
