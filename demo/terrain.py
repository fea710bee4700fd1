"""Le diagnostic de terrain de Cahors (janvier 2018) : générateur déterministe et écriture en base.

Le document source (DITP, février 2018) donne les chiffres : 30 entretiens collectifs et 10 immersions
en janvier, une centaine d'acteurs (agents, associations, entreprises), des irritants rangés sous trois
axes, et trois personas fil rouge (Sarah, Sébastien, Roseline). Tout le reste est ILLUSTRATIF : qui a été
rencontré, ce qui a été noté, les verbatims sont inventés mais plausibles, situés dans les vraies
communes et les lieux d'accueil du bassin de vie. Aucun nom de personne : un acteur est une fonction dans
une structure, un verbatim porte un profil pseudonyme (tranche d'âge, situation, commune). Ce contenu est
dans `demo/donnees/cahors-2018/` (structures, entretiens, immersions, irritants et modèles de leurs
observations, mots du générateur), lu par `demo/contenu.py` ; ce module n'en garde que la mécanique.

Le générateur est déterministe (graine 2018) et idempotent : chaque objet a une clé naturelle
(structure : nom et commune ; entretien : date, commune et lieu ; immersion : lieu et date ; observation :
`uuid_client` dérivé de son rang ; irritant : titre). Une relance ne crée que ce qui manque et ne touche
pas à ce qui existe, y compris ce qu'un facilitateur a recodé dans la démo.
"""

import datetime
import importlib
import math
import random
import uuid
import zoneinfo

from django.db import transaction

from demo.contenu import Contenu, Formes, Redaction, contenu_lire
from experimentations.models import Experimentation
from irritants.enums import ActionCodage, StatutIrritant
from irritants.models import EvenementCodage, Irritant, Preuve, Theme
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import Acteur, Entretien, Immersion, Observation, Public, Structure, Verbatim
from territoire.enums import SourceLieu, TypeLieuAccueil
from territoire.models import Commune, LieuAccueil, Territoire

GRAINE = 2018
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://carte-blanche.example/demo/cahors-2018")
VILLE_CENTRE = "46042"  # Cahors
DISTANCE_LOIN_KM = 12  # en deçà, « loin de Cahors » ne se dit pas
PART_NON_CODEES = 0.12
FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
EN_LETTRES = {3: "trois", 4: "quatre", 5: "cinq", 6: "six"}  # {n2} : un tirage de 3 à 6, en lettres

D = TypeObservation.DIFFICULTE
ID = TypeObservation.IDEE
JEUNE = TrancheAge.MOINS_25
ADULTE = TrancheAge.DE_25_A_39
MUR = TrancheAge.DE_40_A_59
AGE = TrancheAge.PLUS_75


def uuid_observation(rang: int) -> uuid.UUID:
    """L'identifiant d'envoi de la n-ième observation de la démo : stable d'une relance à l'autre."""
    return uuid.uuid5(NAMESPACE, f"cahors-2018-obs-{rang}")


# --- Le générateur --------------------------------------------------------------------------------------------------
def de_commune(nom: str) -> str:
    """« de Catus », « d'Arcambal », « du Montat », « des Pechs du Vers »."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[0] in "AEIOUYÉÈH":
        return "d'" + nom
    return "de " + nom


def a_commune(nom: str) -> str:
    """« à Catus », « au Montat », « aux Pechs du Vers »."""
    if nom.startswith("Le "):
        return "au " + nom[3:]
    if nom.startswith("Les "):
        return "aux " + nom[4:]
    return "à " + nom


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def _distance_km(c1: Commune, c2: Commune) -> float:
    """Distance à vol d'oiseau entre deux centroïdes (20 km par défaut quand un centroïde manque)."""
    if None in (c1.centroide_latitude, c1.centroide_longitude, c2.centroide_latitude, c2.centroide_longitude):
        return 20.0
    lat1, lon1, lat2, lon2 = map(
        math.radians, (c1.centroide_latitude, c1.centroide_longitude, c2.centroide_latitude, c2.centroide_longitude)
    )
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _a_l_heure(jour: datetime.date, heure: int, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(jour, datetime.time(heure), tzinfo=FUSEAU) + datetime.timedelta(minutes=minutes)


def _publics_du_texte(redaction: Redaction, *textes: str) -> set[str]:
    """Les publics concernés, reconnus aux mots du texte ou du profil (redaction.yaml, mots_des_publics)."""
    for avant, apres in redaction.avant_de_chercher_les_mots:
        textes = [t.replace(avant, apres) for t in textes]
    return {slug for slug, mots in redaction.mots_des_publics.items() if any(mot in t for t in textes for mot in mots)}


class _Planificateur:
    """Construit en mémoire tout le diagnostic, sans rien écrire : la même graine donne le même plan."""

    def __init__(self, territoire: Territoire, contenu: Contenu):
        self.rng = random.Random(GRAINE)
        self.contenu = contenu
        self.irritants = contenu.irritants
        self.redaction = contenu.redaction
        communes = (
            Commune.objects.actuelles().filter(appartenances__territoire=territoire).distinct().order_by("code_insee")
        )
        self.communes = {c.code_insee: c for c in communes}
        self.centre = self.communes.get(VILLE_CENTRE) or next(iter(self.communes.values()), None)
        self.rurales = [c for c in self.communes.values() if c != self.centre]
        self.lointaines = [c for c in self.rurales if self._km(c) >= DISTANCE_LOIN_KM] or self.rurales
        lieux = LieuAccueil.objects.filter(commune__in=self.communes.values()).select_related("commune")
        self.lieux = {(lieu.source, lieu.identifiant_source): lieu for lieu in lieux if lieu.identifiant_source}
        demos = sorted((lieu for lieu in lieux if lieu.source == SourceLieu.DEMO), key=lambda lieu: lieu.pk)
        self.sites_par_type = {}
        for lieu in demos:
            self.sites_par_type.setdefault(lieu.type, lieu)
        self.msaps = [lieu for lieu in demos if lieu.type == TypeLieuAccueil.FRANCE_SERVICES]
        # Les témoignages ne servent qu'une fois : un même verbatim cité deux fois sonnerait faux.
        self.temoignages = {}
        for cle, irritant in self.irritants.items():
            pioche = list(irritant.temoignages)
            self.rng.shuffle(pioche)
            self.temoignages[cle] = pioche
        self.textes = set()

    # Lieux et communes
    def _km(self, commune: Commune) -> int:
        """Distance par la route à Cahors, estimée (vol d'oiseau × 1,3)."""
        return max(5, round(1.3 * _distance_km(commune, self.centre))) if self.centre else 20

    def _commune_concernee(self, autour: Commune, portee_km: float, *, loin: bool) -> Commune:
        candidates = self.lointaines if loin else self.rurales
        if autour in candidates and self.rng.random() < 0.6:
            return autour
        if not loin and self.centre and self.rng.random() < 0.2:
            return self.centre
        poids = [math.sqrt(c.population or 100) * math.exp(-_distance_km(autour, c) / portee_km) for c in candidates]
        return self.rng.choices(candidates, weights=poids)[0]

    def _msap_proche(self, commune: Commune) -> LieuAccueil | None:
        return min(self.msaps, key=lambda lieu: _distance_km(commune, lieu.commune), default=None)

    def _lieu_du_type(self, type_lieu: str, commune: Commune) -> LieuAccueil | None:
        if type_lieu == TypeLieuAccueil.MAIRIE:
            return self.lieux.get((SourceLieu.ANNUAIRE_MAIRIES, commune.code_insee))
        if type_lieu == TypeLieuAccueil.FRANCE_SERVICES:
            return self._msap_proche(commune)
        return self.sites_par_type.get(type_lieu)

    def _formes(self, lieu: LieuAccueil | None) -> Formes:
        """Comment la phrase nomme le lieu (redaction.yaml) ; {de_commune} y est la commune du lieu."""
        if lieu is None:
            return self.redaction.forme_par_defaut
        formes = self.redaction.formes_des_lieux.get(lieu.type, self.redaction.forme_par_defaut)
        de = de_commune(lieu.commune.nom)
        return Formes(
            *(texte.format(de_commune=de) for texte in (formes.service, formes.au_service, formes.du_service))
        )

    # Rédaction
    def _rediger(
        self, gabarits: list[str], commune: Commune, *, site=None, type_lieu=None, services=()
    ) -> tuple[list[str], list[LieuAccueil]]:
        """Remplit les gabarits pour une commune et un lieu d'accueil ; rend les textes et les lieux cités."""
        lieux = []
        cite_un_service = any("_service}" in g or "{service}" in g for g in gabarits)
        if site is not None:
            service = site
            lieux.append(site)
        elif cite_un_service:
            types = [type_lieu] if type_lieu else list(services)
            self.rng.shuffle(types)
            service = next((lieu for t in types if (lieu := self._lieu_du_type(t, commune))), None)
            if service is None:  # ex. une commune sans mairie dans l'annuaire : un autre lieu du même irritant
                service = next((lieu for t in services if (lieu := self._lieu_du_type(t, commune))), None)
            if service is not None:
                lieux.append(service)
        else:
            service = None
        msap = self._msap_proche(commune)
        if msap is not None and any("{msap}" in g for g in gabarits) and msap not in lieux:
            lieux.append(msap)
        km = self._km(commune)
        formes = self._formes(service)
        valeurs = {
            "commune": commune.nom,
            "de_commune": de_commune(commune.nom),
            "a_commune": a_commune(commune.nom),
            "km": km,
            "km2": 2 * km,
            "prix": 5 * round(2 * km * 2 / 5),
            "service": formes.service,
            "au_service": formes.au_service,
            "du_service": formes.du_service,
            "msap": msap.commune.nom if msap else self.redaction.msap_par_defaut,
            "n": self.rng.randint(12, 20),
            "n2": EN_LETTRES[self.rng.randint(3, 6)],
            "semaines": self.rng.randint(4, 8),
        }
        return [g.format_map(valeurs) for g in gabarits], lieux

    def _publics(self, cle: str, *textes: str, tranche_age: str = "") -> list[str]:
        """Les publics que le texte nomme ; à défaut, le premier public de l'irritant."""
        publics = _publics_du_texte(self.redaction, *textes)
        if tranche_age:  # un témoignage : l'âge dit mieux que les mots qui est jeune
            publics.discard("jeunes")
        if tranche_age == JEUNE:
            publics.add("jeunes")
        if tranche_age == AGE:
            publics.add("personnes-agees")
        return sorted(publics) or list(self.irritants[cle].publics[:1])

    def _statut_verbatim(self) -> str:
        tirage = self.rng.random()
        if tirage < 0.7:
            return StatutPublication.PUBLIABLE
        if tirage < 0.93:
            return StatutPublication.INTERNE
        return StatutPublication.RETIRE

    def _depuis_temoignage(self, cle: str, autour: Commune, portee_km: float, site=None) -> dict | None:
        pioche = self.temoignages[cle]
        if site is not None and site.type == TypeLieuAccueil.FRANCE_TRAVAIL:  # en âge de travailler
            pioche = [t for t in pioche if t.tranche_age in (JEUNE, ADULTE, MUR)]
        if not pioche:
            return None
        temoignage = pioche[-1]
        self.temoignages[cle].remove(temoignage)
        irritant = self.irritants[cle]
        commune = self._commune_concernee(autour, portee_km, loin=irritant.loin)
        (texte, verbatim), lieux = self._rediger(
            [temoignage.texte, temoignage.verbatim], commune, site=site, services=irritant.lieux_concernes
        )
        return {
            "texte": _majuscule(texte),
            "type": D,
            "source": SourceObservation.USAGER,
            "communes": [commune],
            "lieux": lieux,
            "publics": self._publics(cle, texte, temoignage.situation, tranche_age=temoignage.tranche_age),
            "verbatim": {
                "texte": verbatim,
                "tranche_age": temoignage.tranche_age,
                "situation": temoignage.situation,
                "commune": commune,
                "statut": self._statut_verbatim(),
            },
        }

    def _depuis_gabarit(self, cle: str, autour: Commune, portee_km: float, *, qui: str, site=None) -> dict | None:
        """Un fait rapporté par un acteur (qui = « les agents de la CAF »…), ou constaté si qui est vide."""
        irritant = self.irritants[cle]
        if qui:
            gabarits = [(fait.type, fait.texte, fait.type_de_lieu) for fait in irritant.faits_rapportes]
            poids = [2 if g[0] == D else 1 for g in gabarits]
        else:
            gabarits = [(D, texte, None) for texte in irritant.constats]
            poids = [1] * len(gabarits)
        redaction = self.redaction
        for _ in range(8):
            type_, gabarit, type_de_lieu = self.rng.choices(gabarits, weights=poids)[0]
            commune = self._commune_concernee(autour, portee_km, loin=irritant.loin)
            (texte,), lieux = self._rediger(
                [gabarit], commune, site=site, type_lieu=type_de_lieu, services=irritant.lieux_concernes
            )
            if type_ == ID:  # une idée est un groupe nominal : « Idée avancée par … : un bus qui … »
                modele = redaction.idee_rapportee if qui else redaction.idee_constatee
                texte = modele.format(qui=qui, texte=texte)
            elif qui and self.rng.random() < 0.75:
                texte = self.rng.choice(redaction.attributions).format(qui=qui) + texte
            texte = _majuscule(texte)
            if texte not in self.textes:
                break
        else:
            return None
        self.textes.add(texte)
        return {
            "texte": texte,
            "type": type_,
            "source": SourceObservation.RAPPORTE if qui else SourceObservation.CONSTAT,
            "communes": [commune],
            "lieux": lieux,
            "publics": self._publics(cle, texte),
            "verbatim": None,
        }

    # Le plan complet
    def planifier(self) -> dict:
        entretiens, immersions, observations = [], [], []
        if not self.rurales:  # pas le bassin de vie de Cahors : rien à situer
            return self._plan([], [], [])
        appels = {cle: structure.dans_une_phrase for cle, structure in self.contenu.structures.items()}
        for prevu in self.contenu.entretiens:
            commune = self.communes.get(prevu.code_insee)
            if commune is None:
                continue
            structures = list(dict.fromkeys(cle for cle, _ in prevu.participants))
            entretiens.append(
                {
                    "prevu": prevu,
                    "commune": commune,
                    "structures": structures,
                    "agent": bool(self.contenu.agent_co_anime_avec & set(structures)),
                }
            )
        for prevue in self.contenu.immersions:
            site = next((self.lieux[ref] for ref in prevue.lieux if ref in self.lieux), None)
            if site is None or any(i["site"] == site and i["prevue"].date == prevue.date for i in immersions):
                continue
            immersions.append({"prevue": prevue, "site": site, "agent": site.type == TypeLieuAccueil.CCAS})

        def ajouter(observation, origine, rang, date, agent, cle):
            if observation is not None:
                observation.update(origine=origine, rang=rang, date=date, agent=agent, irritants=[cle])
                observations.append(observation)

        # Les immersions d'abord : c'est là que l'on recueille la parole des usagers (les témoignages).
        for rang, immersion in enumerate(immersions):
            prevue, site = immersion["prevue"], immersion["site"]
            portee = 20 if site.commune == self.centre else 10
            for _ in range(self.rng.randint(9, 13)):
                # En immersion, on entend les usagers et on constate ; l'agent sur place ne rapporte qu'en dernier
                # recours, quand les témoignages et les constats de ces irritants sont épuisés.
                tirage, observation = self.rng.random(), None
                for _essai in range(4):
                    cle = self.rng.choice(prevue.irritants)
                    if tirage < 0.7:
                        observation = self._depuis_temoignage(cle, site.commune, portee, site=site)
                    if observation is None and tirage < 0.95:
                        observation = self._depuis_gabarit(cle, site.commune, portee, qui="", site=site)
                    if observation is not None:
                        break
                if observation is None:
                    qui = self.redaction.rapporteurs_en_immersion.get(site.type, self.redaction.rapporteur_par_defaut)
                    observation = self._depuis_gabarit(cle, site.commune, portee, qui=qui, site=site)
                ajouter(observation, "immersion", rang, prevue.date, immersion["agent"], cle)

        for rang, entretien in enumerate(entretiens):
            prevu, commune = entretien["prevu"], entretien["commune"]
            portee = 25 if commune == self.centre else 12
            for _ in range(self.rng.randint(5, 7)):
                cle = self.rng.choice(prevu.irritants)
                observation = None
                if self.rng.random() < 0.2:
                    observation = self._depuis_temoignage(cle, commune, portee)
                if observation is None:
                    qui = appels[self.rng.choice(entretien["structures"])]
                    observation = self._depuis_gabarit(cle, commune, portee, qui=qui)
                ajouter(observation, "entretien", rang, prevu.date, entretien["agent"], cle)

        self._coder(observations)
        return self._plan(entretiens, immersions, observations)

    def _plan(self, entretiens: list[dict], immersions: list[dict], observations: list[dict]) -> dict:
        return {
            "communes": self.communes,
            "entretiens": entretiens,
            "immersions": immersions,
            "observations": observations,
            "structures": self.contenu.structures,
            "irritants": self.irritants,
            "redaction": self.redaction,
        }

    def _coder(self, observations: list[dict]) -> None:
        """Rattache la plupart des observations à leur irritant (parfois à un second), en laisse ~12 % à coder."""
        non_codees = set(self.rng.sample(range(len(observations)), k=round(PART_NON_CODEES * len(observations))))
        for n, observation in enumerate(observations, start=1):
            observation["n"] = n
            observation["cree_le"] = _a_l_heure(observation["date"], 18, self.rng.randint(0, 90))
            if n - 1 in non_codees:
                observation["irritants"] = []
                continue
            cle = observation["irritants"][0]
            if self.rng.random() < 0.15:
                voisin = self.rng.choice(self.irritants[cle].voisins)
                observation["irritants"].append(voisin)
            # Codage en fin de diagnostic : à partir du 29 janvier, le lendemain de l'observation au plus tôt.
            jour = max(datetime.date(2018, 1, 29), observation["date"] + datetime.timedelta(days=1))
            observation["code_le"] = _a_l_heure(jour, 10, self.rng.randint(30, 480))


def _irritant_cree_le(rang: int) -> datetime.datetime:
    """Les irritants naissent le 29 janvier au matin, à l'ouverture de la séance de codage."""
    return _a_l_heure(datetime.date(2018, 1, 29), 9, 3 * rang)


@transaction.atomic
def diagnostic_charger(
    *, experimentation: Experimentation, animateur=None, agent=None, contenu: Contenu | None = None
) -> dict[str, int]:
    """Crée le diagnostic de terrain illustratif de Cahors (idempotent) et rend ses chiffres.

    `animateur` (facilitateur) et `agent` sont les comptes de démonstration quand ils existent : ils
    animent, observent, rédigent et codent ; sinon ces champs restent vides. `contenu` : celui de
    `demo/donnees/cahors-2018/`, lu ici s'il n'est pas donné.
    """
    _referentiels_assurer()
    plan = _Planificateur(experimentation.territoire, contenu or contenu_lire()).planifier()
    structures = _structures_enregistrer(plan)
    acteurs = _acteurs_enregistrer(plan, structures)
    entretiens = _entretiens_enregistrer(plan, experimentation, structures, acteurs, animateur, agent)
    immersions = _immersions_enregistrer(plan, experimentation, animateur, agent)
    observations, nouvelles = _observations_enregistrer(
        plan, experimentation, entretiens, immersions, animateur, agent
    )
    _irritants_enregistrer(plan, experimentation, observations, nouvelles, animateur)
    return diagnostic_compter(experimentation)


def _referentiels_assurer() -> None:
    """Recrée les thèmes et publics initiaux s'ils manquent (base vidée depuis les migrations, par exemple).

    Les listes restent celles des migrations de données : une seule source.
    """
    themes = importlib.import_module("irritants.migrations.0003_themes_initiaux").THEMES
    publics = importlib.import_module("terrain.migrations.0002_publics_initiaux").PUBLICS
    prevus = [
        *(
            Theme(slug=slug, nom=nom, description=description, ordre=ordre)
            for ordre, (slug, nom, description) in enumerate(themes, 1)
        ),
        *(Public(slug=slug, nom=nom, ordre=ordre) for ordre, (slug, nom) in enumerate(publics, 1)),
    ]
    for modele in (Theme, Public):
        existants = set(modele.objects.values_list("slug", flat=True)) | set(
            modele.objects.values_list("nom", flat=True)
        )
        modele.objects.bulk_create(
            [o for o in prevus if isinstance(o, modele) and o.slug not in existants and o.nom not in existants]
        )


def diagnostic_compter(experimentation: Experimentation) -> dict[str, int]:
    return {
        "entretiens": experimentation.entretiens.count(),
        "immersions": experimentation.immersions.count(),
        "acteurs": Acteur.objects.filter(entretiens__experimentation=experimentation).distinct().count(),
        "observations": experimentation.observations.count(),
        "verbatims": Verbatim.objects.filter(observation__experimentation=experimentation).count(),
        "irritants": experimentation.irritants.actifs().count(),
    }


def _structures_enregistrer(plan: dict) -> dict[str, Structure]:
    utilisees = {cle for e in plan["entretiens"] for cle in e["structures"]}
    prevues = {
        cle: Structure(nom=s.nom, type=s.type, commune=plan["communes"].get(s.code_insee))
        for cle, s in plan["structures"].items()
        if cle in utilisees
    }
    existantes = {
        (s.nom, s.commune_id): s for s in Structure.objects.filter(nom__in=[s.nom for s in prevues.values()])
    }
    structures = {cle: existantes.get((s.nom, s.commune_id), s) for cle, s in prevues.items()}
    Structure.objects.bulk_create([s for s in structures.values() if s.pk is None])
    return structures


def _acteurs_enregistrer(plan: dict, structures: dict[str, Structure]) -> dict[tuple[str, str], Acteur]:
    existants = {
        (a.structure_id, a.fonction): a for a in Acteur.objects.filter(structure__in=list(structures.values()))
    }
    acteurs = {}
    for entretien in plan["entretiens"]:
        for cle, fonction in entretien["prevu"].participants:
            structure = structures[cle]
            acteurs[(cle, fonction)] = existants.get((structure.pk, fonction)) or Acteur(
                fonction=fonction, structure=structure
            )
    Acteur.objects.bulk_create([a for a in acteurs.values() if a.pk is None])
    return acteurs


def _entretiens_enregistrer(plan, experimentation, structures, acteurs, animateur, agent) -> list[Entretien]:
    existants = {(e.date, e.commune_id, e.lieu): e for e in experimentation.entretiens.all()}
    resultat, nouveaux = [], []
    for entretien in plan["entretiens"]:
        prevu, commune = entretien["prevu"], entretien["commune"]
        objet = existants.get((prevu.date, commune.pk, prevu.lieu))
        if objet is None:
            sujets = list(dict.fromkeys(plan["irritants"][cle].sujet for cle in prevu.irritants))
            noms = [structures[cle].nom for cle in entretien["structures"]]
            objet = Entretien(
                experimentation=experimentation,
                date=prevu.date,
                lieu=prevu.lieu,
                commune=commune,
                nb_participants=len(prevu.participants),
                themes=sujets,
                notes=plan["redaction"].compte_rendu_d_entretien.format(
                    structures=", ".join(noms), sujets=", ".join(sujets)
                ),
            )
            nouveaux.append((objet, entretien))
        resultat.append(objet)
    Entretien.objects.bulk_create([objet for objet, _ in nouveaux])
    lignes_acteurs, lignes_structures, lignes_animateurs = [], [], []
    for objet, entretien in nouveaux:
        for participant in entretien["prevu"].participants:
            lignes_acteurs.append(Entretien.acteurs.through(entretien_id=objet.pk, acteur_id=acteurs[participant].pk))
        for cle in entretien["structures"]:
            lignes_structures.append(
                Entretien.structures.through(entretien_id=objet.pk, structure_id=structures[cle].pk)
            )
        for user in (animateur, agent if entretien["agent"] else None):
            if user is not None:
                lignes_animateurs.append(Entretien.animateurs.through(entretien_id=objet.pk, user_id=user.pk))
    Entretien.acteurs.through.objects.bulk_create(lignes_acteurs)
    Entretien.structures.through.objects.bulk_create(lignes_structures)
    Entretien.animateurs.through.objects.bulk_create(lignes_animateurs)
    return resultat


def _immersions_enregistrer(plan, experimentation, animateur, agent) -> list[Immersion]:
    existantes = {(i.lieu_id, i.date): i for i in experimentation.immersions.all()}
    resultat, nouvelles = [], []
    for immersion in plan["immersions"]:
        prevue, site = immersion["prevue"], immersion["site"]
        objet = existantes.get((site.pk, prevue.date))
        if objet is None:
            objet = Immersion(
                experimentation=experimentation,
                lieu=site,
                date=prevue.date,
                duree_minutes=prevue.duree_minutes,
                attente=prevue.attente,
                canaux=list(prevue.canaux),
                aide=prevue.aide,
                issue=prevue.issue,
            )
            nouvelles.append((objet, immersion))
        resultat.append(objet)
    Immersion.objects.bulk_create([objet for objet, _ in nouvelles])
    Immersion.observateurs.through.objects.bulk_create(
        [
            Immersion.observateurs.through(immersion_id=objet.pk, user_id=user.pk)
            for objet, immersion in nouvelles
            for user in (animateur, agent if immersion["agent"] else None)
            if user is not None
        ]
    )
    return resultat


def _observations_enregistrer(plan, experimentation, entretiens, immersions, animateur, agent):
    """Crée les observations qui manquent (clé : uuid_client) ; rend {rang: pk} et l'ensemble des rangs créés."""
    prevues = {uuid_observation(o["n"]): o for o in plan["observations"]}
    existantes = dict(Observation.objects.filter(uuid_client__in=list(prevues)).values_list("uuid_client", "pk"))
    nouvelles = []
    for uuid_client, prevue in prevues.items():
        if uuid_client in existantes:
            continue
        origine = (entretiens if prevue["origine"] == "entretien" else immersions)[prevue["rang"]]
        nouvelles.append(
            (
                Observation(
                    experimentation=experimentation,
                    entretien=origine if prevue["origine"] == "entretien" else None,
                    immersion=origine if prevue["origine"] == "immersion" else None,
                    date=prevue["date"],
                    texte=prevue["texte"],
                    type=prevue["type"],
                    source=prevue["source"],
                    auteur=agent if prevue["agent"] and agent else animateur,
                    uuid_client=uuid_client,
                ),
                prevue,
            )
        )
    Observation.objects.bulk_create([objet for objet, _ in nouvelles])

    publics = dict(Public.objects.values_list("slug", "pk"))
    communes, lieux, lignes_publics, verbatims = [], [], [], []
    for objet, prevue in nouvelles:
        objet.cree_le = objet.modifie_le = prevue["cree_le"]
        communes += [
            Observation.communes.through(observation_id=objet.pk, commune_id=c.pk) for c in prevue["communes"]
        ]
        lieux += [
            Observation.lieux.through(observation_id=objet.pk, lieuaccueil_id=lieu.pk) for lieu in prevue["lieux"]
        ]
        lignes_publics += [
            Observation.publics.through(observation_id=objet.pk, public_id=publics[slug])
            for slug in prevue["publics"]
            if slug in publics
        ]
        if prevue["verbatim"]:
            verbatims.append(Verbatim(observation=objet, **prevue["verbatim"]))
    Observation.communes.through.objects.bulk_create(communes)
    Observation.lieux.through.objects.bulk_create(lieux)
    Observation.publics.through.objects.bulk_create(lignes_publics)
    Verbatim.objects.bulk_create(verbatims)
    # Les horodatages d'origine (janvier 2018) : auto_now_add les a mis à aujourd'hui.
    Observation.objects.bulk_update([objet for objet, _ in nouvelles], ["cree_le", "modifie_le"])
    for verbatim in verbatims:
        verbatim.cree_le = verbatim.observation.cree_le
    Verbatim.objects.bulk_update(verbatims, ["cree_le"])

    pks = {prevue["n"]: existantes.get(u) for u, prevue in prevues.items()}
    pks |= {prevue["n"]: objet.pk for objet, prevue in nouvelles}
    return pks, {prevue["n"] for _, prevue in nouvelles}


def _irritants_enregistrer(plan, experimentation, observations, nouvelles, animateur) -> None:
    """Crée les irritants qui manquent (clé : titre), leurs preuves et le journal du codage.

    Une preuve n'est écrite que si l'observation ou l'irritant vient d'être créé : une relance ne
    rattache pas de nouveau ce qu'un facilitateur a détaché dans la démo.
    """
    prevus = plan["irritants"]
    themes = {t.slug: t for t in Theme.objects.filter(slug__in={i.theme for i in prevus.values()})}
    existants = {i.titre: i for i in experimentation.irritants.all()}
    irritants, crees = {}, {}
    for cle, prevu in prevus.items():
        if prevu.titre in existants:
            irritants[cle] = existants[prevu.titre]
        elif prevu.theme in themes:
            irritants[cle] = crees[cle] = Irritant(
                experimentation=experimentation,
                titre=prevu.titre,
                description=prevu.description,
                theme=themes[prevu.theme],
                gravite=prevu.gravite,
                statut=StatutIrritant.PUBLIE,
            )
    Irritant.objects.bulk_create(list(crees.values()))

    # Le journal est écrit à l'heure d'origine (fin janvier 2018) ; les irritants de la démo sont publiés.
    evenements = []
    for rang, cle in enumerate(prevus):
        if cle in crees:
            cree_le = _irritant_cree_le(rang)
            evenements.append(
                EvenementCodage(action=ActionCodage.CREATION, irritant=crees[cle], par=animateur, le=cree_le)
            )
            evenements.append(
                EvenementCodage(action=ActionCodage.PUBLICATION, irritant=crees[cle], par=animateur, le=cree_le)
            )
    preuves = []
    for observation in plan["observations"]:
        n = observation["n"]
        for cle in observation["irritants"]:
            if cle not in irritants or (n not in nouvelles and cle not in crees):
                continue
            irritant, pk, code_le = irritants[cle], observations[n], observation["code_le"]
            preuves.append((Preuve(irritant=irritant, observation_id=pk, code_par=animateur), code_le))
            evenements.append(
                EvenementCodage(
                    action=ActionCodage.RATTACHEMENT, irritant=irritant, observation_id=pk, par=animateur, le=code_le
                )
            )
    Preuve.objects.bulk_create([preuve for preuve, _ in preuves])
    EvenementCodage.objects.bulk_create(evenements)

    for rang, cle in enumerate(prevus):
        if cle in crees:
            crees[cle].cree_le = _irritant_cree_le(rang)
    for preuve, code_le in preuves:
        preuve.code_le = code_le
    Irritant.objects.bulk_update(list(crees.values()), ["cree_le"])
    Preuve.objects.bulk_update([preuve for preuve, _ in preuves], ["code_le"])
