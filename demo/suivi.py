"""Le suivi des promesses de la démo (`suivi.yaml`), de février à décembre 2018 : contacts, jalons, points
d'avancement, et les instantanés quotidiens qu'en tire ce chargeur (la courbe du tableau de bord).

CONTENU ILLUSTRATIF. Les promesses elles-mêmes naissent des engagements du séminaire (`demo/seminaire.py`, annoncés
par `ateliers.signals.engagement_enregistre`). Idempotent : si les promesses de l'expérimentation ont déjà des points
d'avancement, rien n'est touché. Chaque point passe par `full_clean()` (tenue = 100 %, abandon motivé…).
"""

import dataclasses
import datetime
import zoneinfo
from pathlib import Path

from demo import schemas
from demo.chargeur import Releve
from demo.contenu import DOSSIER_CAHORS
from promesses.models import InstantanePromesse, Jalon, PointAvancement, Promesse, statut_effectif
from promesses.temps import date_reference

FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
FICHIER = "suivi.yaml"


@dataclasses.dataclass
class SuiviPrevu:
    promesses: list[dict]


def suivi_lire(dossier: Path | None = None) -> SuiviPrevu:
    """Lit et vérifie `suivi.yaml` (schéma, une entrée par promesse, dates des points croissantes)."""
    releve = Releve()
    lecture = releve.lire(FICHIER, schemas.SUIVI, dossier=dossier or DOSSIER_CAHORS)
    releve.lever()
    releve.doublons(lecture, lecture.donnees, lambda e: (e["persona"], e["numero"]), "cette promesse")
    for n, entree in enumerate(lecture.donnees):
        dates = [point["date"] for point in entree["points"]]
        if dates != sorted(dates):
            releve.noter(lecture, n, "points", message="les points d'avancement vont du plus ancien au plus récent.")
    releve.lever()
    return SuiviPrevu(promesses=lecture.donnees)


def _jour(texte: str) -> datetime.date:
    return datetime.date.fromisoformat(texte)


def suivi_charger(*, experimentation, prevu: SuiviPrevu | None = None) -> dict:
    prevu = prevu or suivi_lire()
    promesses = {
        (p.engagement.lettre.atelier.persona.slug, p.engagement.numero): p
        for p in Promesse.objects.suivies()
        .filter(engagement__lettre__atelier__seminaire__experimentation=experimentation)
        .select_related("engagement__lettre__atelier__persona", "engagement__lettre__atelier__seminaire")
    }
    if not promesses or PointAvancement.objects.filter(promesse__in=promesses.values()).exists():
        return {"promesses": 0, "points": 0, "instantanes": 0}
    reference = date_reference()
    jalons, points, instantanes = [], [], []
    for entree in prevu.promesses:
        promesse = promesses.get((entree["persona"], entree["numero"]))
        if promesse is None:
            raise ValueError(f"{FICHIER} : pas d'engagement n° {entree['numero']} pour « {entree['persona']} ».")
        promesse.contact_nom = entree.get("contact", "")
        for jalon in entree.get("jalons", []):
            fait_le = _jour(jalon["fait_le"]) if jalon.get("fait_le") else None
            jalons.append(
                Jalon(promesse=promesse, titre=jalon["titre"], echeance=_jour(jalon["echeance"]), fait=bool(fait_le))
            )
            jalons[-1].fait_le = fait_le
        avant, statut_avant = 0, promesse.statut
        historique = []
        for point in entree["points"]:
            date = _jour(point["date"])
            objet = PointAvancement(
                promesse=promesse,
                date=date,
                avancement=point["avancement"],
                statut=point["statut"],
                commentaire=point["commentaire"],
                avancement_avant=avant,
                statut_avant=statut_avant,
                auteur_nom=promesse.engagement.porteur,
                par_lien_personnel=True,
                cree_le=datetime.datetime.combine(date, datetime.time(18), tzinfo=FUSEAU),
            )
            objet.full_clean()
            points.append(objet)
            historique.append(objet)
            avant, statut_avant = objet.avancement, objet.statut
        dernier = historique[-1]
        promesse.avancement, promesse.statut_declare, promesse.derniere_mise_a_jour = (
            dernier.avancement,
            dernier.statut,
            dernier.date,
        )
        promesse.statut = statut_effectif(dernier.statut, promesse.engagement.echeance, reference)
        promesse.full_clean()
        instantanes.extend(_instantanes(promesse, historique, experimentation, reference))
    Jalon.objects.bulk_create(jalons)
    PointAvancement.objects.bulk_create(points)
    InstantanePromesse.objects.bulk_create(instantanes, batch_size=5000)
    Promesse.objects.bulk_update(
        promesses.values(), ["contact_nom", "avancement", "statut_declare", "derniere_mise_a_jour", "statut"]
    )
    return {"promesses": len(prevu.promesses), "points": len(points), "instantanes": len(instantanes)}


def _instantanes(promesse, historique, experimentation, reference) -> list[InstantanePromesse]:
    """Un instantané par jour, du lendemain du séminaire au 31 décembre 2018 (ou à la date de référence)."""
    jour = promesse.engagement.lettre.atelier.seminaire.date + datetime.timedelta(days=1)
    fin = min(experimentation.date_echeance_promesses, reference)
    resultat, i, avancement, declare = [], 0, 0, "a_lancer"
    while jour <= fin:
        while i < len(historique) and historique[i].date <= jour:
            avancement, declare = historique[i].avancement, historique[i].statut
            i += 1
        statut = statut_effectif(declare, promesse.engagement.echeance, jour)
        resultat.append(InstantanePromesse(promesse=promesse, date=jour, avancement=avancement, statut=statut))
        jour += datetime.timedelta(days=1)
    return resultat
