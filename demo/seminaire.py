"""Le séminaire du 7 février 2018 et ses suites, lus dans `demo/donnees/cahors-2018/`, écrits en base.

Le document source (DITP, février 2018) donne la date du séminaire, sa cinquantaine de participants, ses ateliers par
persona, son objectif (« choisir 3 promesses pour répondre aux besoins des usagers ») et les trois personas du fil
rouge dont les promesses sont portées, puis deux mois de co-construction. Le reste est une RECONSTITUTION
ILLUSTRATIVE : participants fictifs, lettres d'engagement, voix, équipes, cycles, sessions du laboratoire.

- `seminaire.yaml` : le séminaire, ses ateliers (un par persona) et les promesses retenues ;
- `participants.yaml` : les participants, leur atelier (ou leur liste d'attente) et leurs voix ;
- `engagements.yaml` : la lettre d'engagement de chaque atelier et ses engagements numérotés ;
- `equipes.yaml` : les trois équipes, leurs membres et leurs quatre cycles ;
- `laboratoire.yaml` : les sessions du laboratoire et quelques inscriptions.

`seminaire_lire` valide les fichiers (schémas de `demo/schemas.py`) et leurs renvois (personas, irritants, voix,
promesses retenues, communes) ; `seminaire_charger` écrit, de façon idempotente : si le séminaire existe déjà (même
identifiant), rien n'est touché. Les engagements sont annoncés (`ateliers.signals.engagement_enregistre`) comme s'ils
étaient écrits par les pages : l'app `promesses`, si elle est installée, crée ses promesses.
"""

import dataclasses
import datetime
import secrets
import zoneinfo
from pathlib import Path

from ateliers import signals
from ateliers.models import (
    Atelier,
    Choix,
    Cycle,
    Engagement,
    Equipe,
    InscriptionLabo,
    LettreEngagement,
    Maquette,
    MembreEquipe,
    Participant,
    Piste,
    Seminaire,
    SessionLabo,
    TestTerrain,
    VersionLettreEngagement,
    Vote,
)
from ateliers.services import lettre_instantane
from commun import versions
from demo import schemas
from demo.chargeur import DonneesInvalides, Probleme, Releve
from demo.contenu import DOSSIER_CAHORS, Contenu, contenu_lire
from personas.models import Persona
from terrain.models import Structure
from territoire.models import Commune, LieuAccueil

FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
FICHIERS = {
    "seminaire": ("seminaire.yaml", schemas.SEMINAIRE),
    "participants": ("participants.yaml", schemas.PARTICIPANTS),
    "engagements": ("engagements.yaml", schemas.ENGAGEMENTS),
    "equipes": ("equipes.yaml", schemas.EQUIPES),
    "laboratoire": ("laboratoire.yaml", schemas.LABORATOIRE),
}


@dataclasses.dataclass(frozen=True)
class SeminairePrevu:
    """Les cinq fichiers lus et vérifiés (données brutes, validées)."""

    seminaire: dict
    participants: list
    engagements: list
    equipes: list
    laboratoire: list


def moment(texte: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(texte).replace(tzinfo=FUSEAU)


def seminaire_lire(dossier: Path | None = None, contenu: Contenu | None = None) -> SeminairePrevu:
    """Lit et vérifie les fichiers du séminaire ; lève DonneesInvalides avec toutes les erreurs trouvées."""
    dossier = dossier or DOSSIER_CAHORS
    contenu = contenu or contenu_lire(dossier)
    releve = Releve()
    lus = {cle: releve.lire(nom, schema, dossier=dossier) for cle, (nom, schema) in FICHIERS.items()}
    releve.lever()
    personas = {p["slug"]: p for p in releve.lire("personas.yaml", schemas.PERSONAS, dossier=dossier).donnees}
    seminaire, engagements = lus["seminaire"], lus["engagements"]

    ateliers = [a["persona"] for a in seminaire.donnees["ateliers"]]
    releve.doublons(seminaire, seminaire.donnees["ateliers"], lambda a: a["persona"], "ce persona", "ateliers")
    for n, slug in enumerate(ateliers):
        if slug not in personas:
            releve.noter(
                seminaire, "ateliers", n, "persona", message=f"« {slug} » n'est pas un persona de personas.yaml."
            )
    releve.doublons(engagements, engagements.donnees, lambda lettre: lettre["persona"], "ce persona")
    nombres = {}
    for n, lettre in enumerate(engagements.donnees):
        if lettre["persona"] not in ateliers:
            releve.noter(
                engagements, n, "persona", message=f"« {lettre['persona']} » n'a pas d'atelier (seminaire.yaml)."
            )
            continue
        nombres[lettre["persona"]] = len(lettre["engagements"])
        permis = set(personas[lettre["persona"]]["irritants"])
        for m, engagement in enumerate(lettre["engagements"]):
            for k, cle in enumerate(engagement.get("irritants", [])):
                if cle not in contenu.irritants:
                    releve.noter(
                        engagements, n, "engagements", m, "irritants", k, message=f"« {cle} » n'est pas un irritant."
                    )
                elif cle not in permis:
                    message = f"« {cle} » n'est pas un irritant de {personas[lettre['persona']]['prenom']}."
                    releve.noter(engagements, n, "engagements", m, "irritants", k, message=message)

    def promesse_existe(slug: str, numero: int) -> bool:
        return 1 <= numero <= nombres.get(slug, 0)

    for n, retenue in enumerate(seminaire.donnees["retenues"]):
        if not promesse_existe(retenue["persona"], retenue["numero"]):
            releve.noter(seminaire, "retenues", n, message="aucun engagement de ce numéro dans engagements.yaml.")
    participants = lus["participants"]
    places = {a["persona"]: a["capacite"] for a in seminaire.donnees["ateliers"]}
    if len(participants.donnees) > seminaire.donnees["capacite"]:
        releve.noter(participants, message=f"plus de participants que de places ({seminaire.donnees['capacite']}).")
    for n, participant in enumerate(participants.donnees):
        for champ in ("atelier", "attente"):
            if champ in participant and participant[champ] not in places:
                releve.noter(participants, n, champ, message=f"« {participant[champ]} » n'a pas d'atelier.")
        if participant.get("atelier") in places:
            places[participant["atelier"]] -= 1
            if places[participant["atelier"]] < 0:
                releve.noter(participants, n, "atelier", message="cet atelier est déjà complet : mettez « attente ».")
        if len(participant.get("voix", [])) > seminaire.donnees["votes_par_participant"]:
            releve.noter(participants, n, "voix", message="plus de voix que permis (votes_par_participant).")
        for k, voix in enumerate(participant.get("voix", [])):
            slug, _, numero = voix.rpartition("-")
            if not promesse_existe(slug, int(numero)):
                releve.noter(participants, n, "voix", k, message=f"« {voix} » ne désigne aucun engagement.")
    retenues = {r["persona"] for r in seminaire.donnees["retenues"]}
    equipes = lus["equipes"]
    for n, equipe in enumerate(equipes.donnees):
        if equipe["persona"] not in retenues:
            releve.noter(equipes, n, "persona", message="une équipe porte une promesse retenue (seminaire.yaml).")
        for m, cycle in enumerate(equipe["cycles"]):
            jours = (datetime.date.fromisoformat(cycle["fin"]) - datetime.date.fromisoformat(cycle["debut"])).days + 1
            if not 7 <= jours <= 14:
                releve.noter(equipes, n, "cycles", m, "fin", message=f"un cycle dure 7 à 14 jours (ici {jours}).")
    for n, session in enumerate(lus["laboratoire"].donnees):
        if session.get("equipe") and session["equipe"] not in retenues:
            releve.noter(lus["laboratoire"], n, "equipe", message="aucune équipe pour ce persona (equipes.yaml).")
    releve.lever()
    return SeminairePrevu(
        seminaire=seminaire.donnees,
        participants=participants.donnees,
        engagements=engagements.donnees,
        equipes=equipes.donnees,
        laboratoire=lus["laboratoire"].donnees,
    )


def _erreur(message: str) -> DonneesInvalides:
    return DonneesInvalides([Probleme(DOSSIER_CAHORS / "seminaire.yaml", None, (), message)])


def seminaire_charger(*, experimentation, animateur=None, contenu: Contenu | None = None, prevu=None) -> dict:
    """Crée le séminaire de la démo et ses suites s'il n'existe pas ; rend les chiffres. Idempotent."""
    contenu = contenu or contenu_lire()
    prevu = prevu or seminaire_lire(contenu.dossier, contenu)
    donnees = prevu.seminaire
    existant = Seminaire.objects.filter(slug=donnees["slug"]).first()
    if existant is not None:
        return {"seminaire": existant, "cree": False}
    par = animateur if getattr(animateur, "is_authenticated", False) else None
    seminaire = Seminaire(
        experimentation=experimentation,
        titre=donnees["titre"],
        slug=donnees["slug"],
        date=datetime.date.fromisoformat(donnees["date"]),
        lieu=donnees["lieu"],
        capacite=donnees["capacite"],
        programme=donnees.get("programme", ""),
        choix_ouverture=moment(donnees["choix_ouverture"]),
        choix_fermeture=moment(donnees["choix_fermeture"]),
        vote_ouverture=moment(donnees["vote_ouverture"]),
        vote_fermeture=moment(donnees["vote_fermeture"]),
        votes_par_participant=donnees["votes_par_participant"],
        nombre_retenues=len(donnees["retenues"]),
        publie=True,
    )
    seminaire.full_clean()
    seminaire.save()
    personas = {p.slug: p for p in Persona.objects.filter(experimentation=experimentation)}
    manquants = [a["persona"] for a in donnees["ateliers"] if a["persona"] not in personas]
    if manquants:
        raise _erreur(f"personas absents de la base : {', '.join(manquants)}.")
    ateliers = {}
    for ordre, a in enumerate(donnees["ateliers"], 1):
        atelier = Atelier(
            seminaire=seminaire,
            persona=personas[a["persona"]],
            salle=a["salle"],
            animateur_nom=a["animateur"],
            capacite=a["capacite"],
            ordre=ordre,
        )
        atelier.full_clean()
        atelier.save()
        ateliers[a["persona"]] = atelier

    # Les lettres d'engagement : écrites pendant les ateliers, une version à midi.
    titres_irritants = {cle: irritant.titre for cle, irritant in contenu.irritants.items()}
    irritants = {i.titre: i for i in experimentation.irritants.all()}
    structures = {s.nom: s for s in Structure.objects.all()}
    engagements = {}
    midi = datetime.datetime.combine(seminaire.date, datetime.time(12, 0), tzinfo=FUSEAU)
    for lettre_prevue in prevu.engagements:
        lettre = LettreEngagement.objects.create(
            atelier=ateliers[lettre_prevue["persona"]],
            introduction=lettre_prevue["introduction"],
            signataires=lettre_prevue.get("signataires", ""),
        )
        for numero, e in enumerate(lettre_prevue["engagements"], 1):
            structure = structures.get(e["porteur"])
            engagement = Engagement(
                lettre=lettre,
                numero=numero,
                titre=e["titre"],
                description=e.get("description", ""),
                porteur_structure=structure,
                porteur_libre="" if structure else e["porteur"],
                echeance=datetime.date.fromisoformat(e["echeance"])
                if "echeance" in e
                else experimentation.date_echeance_promesses,
            )
            engagement.full_clean()
            engagement.save()
            engagement.irritants.set(
                [
                    irritants[titres_irritants[c]]
                    for c in e.get("irritants", [])
                    if titres_irritants.get(c) in irritants
                ]
            )
            engagements[f"{lettre_prevue['persona']}-{numero}"] = engagement
        versions.version_ajouter(
            VersionLettreEngagement, objet=lettre, contenu=lettre_instantane(lettre), par=par, le=midi
        )

    # Les participants, leurs choix et leurs voix (un jeton neuf chacun : la démo ne fixe aucun secret).
    nb_voix = 0
    debut_choix = seminaire.choix_ouverture
    for rang, p in enumerate(prevu.participants):
        structure = structures.get(p.get("organisation", ""))
        participant = Participant.objects.create(
            seminaire=seminaire,
            nom=p["nom"],
            type=p["type"],
            structure=structure,
            organisation="" if structure else p.get("organisation", ""),
            jeton=secrets.token_urlsafe(24),
        )
        if "atelier" in p or "attente" in p:
            Choix.objects.create(
                participant=participant,
                atelier=ateliers.get(p.get("atelier")),
                atelier_attente=ateliers.get(p.get("attente")),
                attente_depuis=debut_choix + datetime.timedelta(minutes=rang) if "attente" in p else None,
            )
        Vote.objects.bulk_create(Vote(participant=participant, engagement=engagements[v]) for v in p.get("voix", []))
        nb_voix += len(p.get("voix", []))

    # Les promesses retenues, annoncées (avec toutes les autres) aux apps du dessus.
    for rang, retenue in enumerate(donnees["retenues"], 1):
        engagement = engagements[f"{retenue['persona']}-{retenue['numero']}"]
        engagement.retenu, engagement.ordre_retenu = True, rang
        engagement.save(update_fields=["retenu", "ordre_retenu", "modifie_le"])
    for engagement in engagements.values():
        signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=True)

    equipes = _equipes_charger(prevu, engagements, donnees["retenues"])
    sessions = _laboratoire_charger(prevu, experimentation, equipes)
    return {
        "seminaire": seminaire,
        "cree": True,
        "participants": len(prevu.participants),
        "engagements": len(engagements),
        "voix": nb_voix,
        "equipes": len(equipes),
        "sessions": sessions,
    }


def _equipes_charger(prevu: SeminairePrevu, engagements: dict, retenues: list) -> dict:
    promesse = {r["persona"]: engagements[f"{r['persona']}-{r['numero']}"] for r in retenues}
    communes = {c.code_insee: c for c in Commune.objects.actuelles()}
    equipes = {}
    for e in prevu.equipes:
        equipe = Equipe(
            engagement=promesse[e["persona"]],
            nom=e["nom"],
            slug=e["slug"],
            presentation=e.get("presentation", ""),
            publiee=True,
        )
        equipe.full_clean()
        equipe.save()
        equipes[e["persona"]] = equipe
        MembreEquipe.objects.bulk_create(
            MembreEquipe(
                equipe=equipe,
                nom=m["nom"],
                origine=m["origine"],
                fonction=m.get("fonction", ""),
                competence=m.get("competence", ""),
            )
            for m in e["membres"]
        )
        for c in e["cycles"]:
            cycle = Cycle(
                equipe=equipe,
                numero=c["numero"],
                date_debut=datetime.date.fromisoformat(c["debut"]),
                date_fin=datetime.date.fromisoformat(c["fin"]),
                objectif=c["objectif"],
                decision=c.get("decision", ""),
                decision_motif=c.get("motif", ""),
                publie=True,
            )
            cycle.full_clean()
            cycle.save()
            Piste.objects.bulk_create(Piste(cycle=cycle, titre=titre) for titre in c.get("pistes", []))
            Maquette.objects.bulk_create(
                Maquette(cycle=cycle, titre=m["titre"], description=m["description"]) for m in c.get("maquettes", [])
            )
            for t in c.get("tests", []):
                commune = communes.get(t["commune"])
                if commune is None:
                    raise _erreur(f"la commune {t['commune']} n'est pas importée.")
                lieu = LieuAccueil.objects.filter(commune=commune, type=t["lieu"]).first() if "lieu" in t else None
                test = TestTerrain(
                    cycle=cycle,
                    commune=commune,
                    lieu=lieu,
                    date=datetime.date.fromisoformat(t["date"]),
                    usagers_rencontres=t["usagers"],
                    enseignements=t["enseignements"],
                )
                test.full_clean()
                test.save()
    return equipes


def _laboratoire_charger(prevu: SeminairePrevu, experimentation, equipes: dict) -> int:
    for s in prevu.laboratoire:
        session = SessionLabo(
            experimentation=experimentation,
            equipe=equipes.get(s.get("equipe")),
            theme=s["theme"],
            description=s.get("description", ""),
            date=datetime.date.fromisoformat(s["date"]),
            heure_debut=datetime.time.fromisoformat(s["debut"]),
            heure_fin=datetime.time.fromisoformat(s["fin"]),
            capacite=s["capacite"],
            publiee=True,
        )
        session.full_clean()
        session.save()
        debut = datetime.datetime.combine(session.date, datetime.time(9, 0), tzinfo=FUSEAU) - datetime.timedelta(
            days=5
        )
        for rang, nom in enumerate(s.get("inscriptions", [])):
            InscriptionLabo.objects.create(
                session=session,
                nom=nom,
                consentement=True,
                etat="confirmee" if rang < session.capacite else "attente",
                cree_le=debut + datetime.timedelta(hours=rang),
            )
    return len(prevu.laboratoire)
