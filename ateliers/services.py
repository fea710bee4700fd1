"""Écritures du séminaire et des ateliers : choisir un atelier, importer et gérer les participants.

Le choix d'atelier (`choix_enregistrer`) tient la capacité même quand des centaines de participants valident
dans la même seconde, sur PostgreSQL :

- on verrouille d'abord la ligne du participant (un double envoi attend le premier, puis ne change rien), puis la
  **seule** ligne de l'atelier demandé (`select_for_update`) : c'est sous ce verrou qu'on compte ses places.
  Prendre une place demande le verrou de l'atelier ; en libérer une n'en demande aucun ;
- la liste d'attente d'un atelier est servie sous son verrou, premier arrivé premier servi, avant toute nouvelle
  demande directe (personne ne double la file). Un participant servi libère sa place précédente : l'atelier
  libéré sert sa propre file **après le commit**, dans sa propre transaction (`attente_servir`), si bien
  qu'aucune transaction ne tient deux verrous d'atelier (pas d'interblocage) ;
- les verrous ne portent que sur la ligne nommée (`of=("self",)`) : un `select_related` vers le séminaire ne le
  verrouille pas (sinon tout le séminaire serait sérialisé, et l'attente servie après commit s'interbloquerait
  avec un choix en cours : le test de concurrence l'a montré) ;
- la file saute (`skip_locked`) un participant dont la ligne est verrouillée : il est justement en train de
  changer son choix ; il sera servi au tour suivant s'il attend toujours.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ateliers.enums import TypeParticipant
from ateliers.models import Atelier, Choix, Participant, Seminaire, jeton_nouveau
from commun.permissions import refus
from commun.validateurs import jour
from terrain.models import Structure


class Resultat:
    """Ce qu'a donné une demande de choix."""

    PLACE = "place"
    ATTENTE = "attente"
    DEJA = "deja"
    COMPLET = "complet"


def _exiger(acteur, permission: str, objet=None) -> None:
    if acteur is None or not acteur.has_perm(permission, objet):
        raise PermissionDenied(refus(permission))


def _heure(moment) -> str:
    local = timezone.localtime(moment)
    return f"{jour(local)} à {local:%H:%M}".replace(":", " h ", 1)


def _choix_ouvert_exiger(seminaire: Seminaire, maintenant) -> None:
    if maintenant < seminaire.choix_ouverture:
        raise ValidationError(
            f"Le choix des ateliers ouvre le {_heure(seminaire.choix_ouverture)} : revenez à ce moment-là.",
            code="choix_pas_ouvert",
        )
    if maintenant >= seminaire.choix_fermeture:
        raise ValidationError(
            f"Le choix des ateliers est clos depuis le {_heure(seminaire.choix_fermeture)} : il ne change plus.",
            code="choix_clos",
        )


def _servir_verrouille(atelier: Atelier, *, maintenant) -> list[Choix]:
    """Sert la file d'attente de `atelier`, dont l'appelant tient le verrou : les premiers arrivés prennent les
    places libres. Rend les choix servis ; leurs anciennes places seront servies après le commit."""
    libres = atelier.capacite - Choix.objects.filter(atelier=atelier).count()
    servis = []
    if libres <= 0:
        return servis
    file = (
        Choix.objects.select_for_update(no_key=True, skip_locked=True)
        .filter(atelier_attente=atelier)
        .order_by("attente_depuis", "pk")[:libres]
    )
    for choix in file:
        ancien = choix.atelier_id
        choix.atelier = atelier
        choix.atelier_attente = None
        choix.attente_depuis = None
        choix.save(update_fields=["atelier", "atelier_attente", "attente_depuis", "modifie_le"])
        servis.append(choix)
        if ancien:
            _servir_apres_commit(ancien)
    return servis


def _servir_apres_commit(atelier_id: int) -> None:
    transaction.on_commit(lambda: attente_servir(atelier_id=atelier_id))


@transaction.atomic
def attente_servir(*, atelier_id: int, maintenant=None) -> list[Choix]:
    """Sert la file d'attente d'un atelier où une place s'est libérée (après le commit qui l'a libérée, ou à la
    demande d'un facilitateur). Sans effet après la fermeture du choix : la répartition est alors figée."""
    maintenant = maintenant or timezone.now()
    atelier = (
        Atelier.objects.select_for_update(no_key=True, of=("self",))
        .select_related("seminaire")
        .filter(pk=atelier_id)
        .first()
    )
    if atelier is None or maintenant >= atelier.seminaire.choix_fermeture:
        return []
    return _servir_verrouille(atelier, maintenant=maintenant)


@transaction.atomic
def choix_enregistrer(
    *, participant: Participant, atelier: Atelier, attendre: bool = False, maintenant=None
) -> tuple[Choix, str]:
    """Le participant choisit `atelier`. Rend (choix, résultat) : `Resultat.PLACE` (place obtenue),
    `Resultat.ATTENTE` (atelier complet, file rejointe si `attendre`, en gardant sa place actuelle) ou
    `Resultat.DEJA` (rien n'a changé : déjà dans cet atelier, ou déjà dans sa file) ou `Resultat.COMPLET`
    (atelier complet sans `attendre` : le choix du participant ne change pas ; choix rendu tel quel, ou None).

    Jeton, ouverture et séminaire vérifiés (ValidationError, rien ne change).
    """
    maintenant = maintenant or timezone.now()
    participant = (
        Participant.objects.select_for_update(no_key=True, of=("self",))
        .select_related("seminaire")
        .get(pk=participant.pk)
    )
    if not participant.jeton_valide(maintenant):
        raise ValidationError("Ce lien d'invitation n'est plus valable.", code="jeton_invalide")
    if atelier.seminaire_id != participant.seminaire_id:
        raise ValidationError({"atelier": "Cet atelier appartient à un autre séminaire."})
    _choix_ouvert_exiger(participant.seminaire, maintenant)
    # Le choix du participant est verrouillé avant l'atelier : la file d'un autre atelier ne le modifie pas sous
    # nos pieds (elle saute les lignes verrouillées), et nous n'écrivons jamais un état périmé.
    choix = Choix.objects.select_for_update(no_key=True).filter(participant=participant).first()
    if choix is not None and atelier.pk in (choix.atelier_id, choix.atelier_attente_id):
        return choix, Resultat.DEJA
    atelier = Atelier.objects.select_for_update(no_key=True, of=("self",)).select_related("persona").get(pk=atelier.pk)
    _servir_verrouille(atelier, maintenant=maintenant)
    if choix is not None:
        choix.refresh_from_db()
    occupees = Choix.objects.filter(atelier=atelier).count()
    if occupees < atelier.capacite:
        ancien = choix.atelier_id if choix else None
        choix = choix or Choix(participant=participant)
        choix.atelier = atelier
        choix.atelier_attente = None
        choix.attente_depuis = None
        choix.full_clean(validate_constraints=False, validate_unique=False)
        choix.save()
        if ancien:
            _servir_apres_commit(ancien)
        return choix, Resultat.PLACE
    if not attendre:
        # Pas d'exception : la file servie plus haut doit rester servie (une exception annulerait la transaction).
        return choix, Resultat.COMPLET
    choix = choix or Choix(participant=participant)
    choix.atelier_attente = atelier
    choix.attente_depuis = maintenant
    choix.full_clean(validate_constraints=False, validate_unique=False)
    choix.save()
    return choix, Resultat.ATTENTE


@transaction.atomic
def attente_quitter(*, participant: Participant, maintenant=None) -> Choix | None:
    """Le participant quitte la liste d'attente ; il garde sa place s'il en a une (sinon son choix disparaît)."""
    maintenant = maintenant or timezone.now()
    participant = (
        Participant.objects.select_for_update(no_key=True, of=("self",))
        .select_related("seminaire")
        .get(pk=participant.pk)
    )
    _choix_ouvert_exiger(participant.seminaire, maintenant)
    choix = Choix.objects.select_for_update(no_key=True).filter(participant=participant).first()
    if choix is None or not choix.atelier_attente_id:
        return choix
    if not choix.atelier_id:
        choix.delete()
        return None
    choix.atelier_attente = None
    choix.attente_depuis = None
    choix.save(update_fields=["atelier_attente", "attente_depuis", "modifie_le"])
    return choix


# --- Participants -------------------------------------------------------------------------------------------------

COLONNES_REQUISES = ("nom", "type")
COLONNES_FACULTATIVES = ("organisation", "courriel")
COLONNES_SYNONYMES = {"email": "courriel", "e-mail": "courriel", "mail": "courriel", "structure": "organisation"}
IMPORT_LIGNES_MAX = 2000


def _cle(texte: str) -> str:
    """« Agent public » → « agent public » ; « Élu » → « elu » : pour reconnaître un libellé écrit à la main."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.lower().replace("_", " ").replace("-", " ").split())


TYPES_RECONNUS = {
    **{_cle(valeur): valeur for valeur in TypeParticipant.values},
    **{_cle(str(libelle)): valeur for valeur, libelle in TypeParticipant.choices},
    "agent": TypeParticipant.AGENT_PUBLIC,
    "operateur de service public": TypeParticipant.OPERATEUR,
}


@dataclass
class LigneRefusee:
    numero: int
    nom: str
    raisons: list[str]


@dataclass
class RapportImport:
    """Le compte rendu d'un import : les lignes importées, celles déjà présentes et celles refusées, avec la raison."""

    importes: list[Participant] = field(default_factory=list)
    deja: list[tuple[int, str]] = field(default_factory=list)
    refusees: list[LigneRefusee] = field(default_factory=list)
    erreur: str = ""
    """Un défaut du fichier entier (encodage, colonnes) : rien n'a été importé."""


def _lire_csv(contenu: bytes) -> tuple[list[dict] | None, str]:
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, (
            "Le fichier n'est pas encodé en UTF-8 : rien n'a été importé. Dans votre tableur, enregistrez-le au "
            "format « CSV UTF-8 » puis envoyez-le à nouveau."
        )
    if not texte.strip():
        return None, "Le fichier est vide : rien n'a été importé."
    premiere = texte.splitlines()[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    entetes = {}
    for entete in lecteur.fieldnames or []:
        cle = _cle(entete or "")
        entetes[entete] = COLONNES_SYNONYMES.get(cle, cle)
    manquantes = [colonne for colonne in COLONNES_REQUISES if colonne not in entetes.values()]
    if manquantes:
        return None, (
            f"Colonne{'s' if len(manquantes) > 1 else ''} manquante{'s' if len(manquantes) > 1 else ''} : "
            f"{', '.join(manquantes)}. Rien n'a été importé. La première ligne du fichier doit nommer les colonnes "
            "nom ; type ; organisation ; courriel (les deux dernières sont facultatives)."
        )
    lignes = []
    for ligne in lecteur:
        lignes.append({entetes[cle]: (valeur or "").strip() for cle, valeur in ligne.items() if cle in entetes})
        if len(lignes) > IMPORT_LIGNES_MAX:
            return None, f"Le fichier dépasse {IMPORT_LIGNES_MAX} lignes : rien n'a été importé. Découpez-le."
    return lignes, ""


@transaction.atomic
def participants_importer(*, acteur, seminaire: Seminaire, contenu: bytes) -> RapportImport:
    """Importe les participants d'un CSV (UTF-8, « ; » ou « , »). Les bonnes lignes sont importées, les mauvaises
    listées avec leur raison ; un défaut du fichier entier (encodage, colonnes manquantes) n'importe rien.
    Réimporter le même fichier n'ajoute personne (même nom et même organisation : « déjà inscrit »)."""
    _exiger(acteur, "ateliers.gerer")
    rapport = RapportImport()
    lignes, erreur = _lire_csv(contenu)
    if lignes is None:
        rapport.erreur = erreur
        return rapport
    seminaire = Seminaire.objects.select_for_update().get(pk=seminaire.pk)
    structures = {_cle(nom): pk for pk, nom in Structure.objects.values_list("pk", "nom")}
    existants = {
        (_cle(nom), _cle(organisation or (structure or "")))
        for nom, organisation, structure in Participant.objects.filter(seminaire=seminaire).values_list(
            "nom", "organisation", "structure__nom"
        )
    }
    places = seminaire.capacite - Participant.objects.filter(seminaire=seminaire).count()
    for numero, ligne in enumerate(lignes, 2):
        nom = ligne.get("nom", "")
        organisation = ligne.get("organisation", "")
        raisons = []
        if not nom:
            raisons.append("le nom est vide")
        type_ = TYPES_RECONNUS.get(_cle(ligne.get("type", "")))
        if type_ is None:
            raisons.append(
                f"type « {ligne.get('type', '')} » inconnu (attendu : "
                f"{', '.join(str(libelle).lower() for libelle in TypeParticipant.labels)})"
            )
        participant = Participant(
            seminaire=seminaire,
            nom=nom[:150],
            type=type_ or "",
            email=ligne.get("courriel", ""),
            structure_id=structures.get(_cle(organisation)),
            organisation="" if _cle(organisation) in structures else organisation[:200],
        )
        if not raisons:
            try:
                participant.full_clean(exclude=["seminaire", "structure"])
            except ValidationError as exc:
                raisons += [
                    f"{Participant._meta.get_field(champ).verbose_name} : {' '.join(messages)}"
                    for champ, messages in exc.message_dict.items()
                ]
        if raisons:
            rapport.refusees.append(LigneRefusee(numero=numero, nom=nom, raisons=raisons))
            continue
        cle = (_cle(nom), _cle(organisation))
        if cle in existants:
            rapport.deja.append((numero, nom))
            continue
        if places <= 0:
            rapport.refusees.append(
                LigneRefusee(numero, nom, [f"le séminaire est complet ({seminaire.capacite} participants au plus)"])
            )
            continue
        participant.save()
        existants.add(cle)
        places -= 1
        rapport.importes.append(participant)
    return rapport


@transaction.atomic
def jeton_revoquer(*, acteur, participant: Participant) -> Participant:
    """Désactive le lien du participant (perdu, transmis par erreur). Idempotent."""
    _exiger(acteur, "ateliers.gerer")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.jeton_revoque_le is None:
        participant.jeton_revoque_le = timezone.now()
        participant.save(update_fields=["jeton_revoque_le"])
    return participant


@transaction.atomic
def jeton_renouveler(*, acteur, participant: Participant) -> Participant:
    """Donne au participant un nouveau lien (l'ancien ne marche plus) ; son choix et ses voix restent."""
    _exiger(acteur, "ateliers.gerer")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.jeton = jeton_nouveau()
    participant.jeton_revoque_le = None
    participant.save(update_fields=["jeton", "jeton_revoque_le"])
    return participant


@transaction.atomic
def participant_effacer(*, acteur, participant: Participant) -> None:
    """Efface un participant et ses données (nom, courriel, choix, voix) : le droit à l'effacement. Sa place
    libérée sert la liste d'attente de son atelier après le commit. Les totaux de voix baissent d'autant."""
    _exiger(acteur, "ateliers.gerer")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    choix = Choix.objects.select_for_update().filter(participant=participant).first()
    if choix is not None and choix.atelier_id:
        _servir_apres_commit(choix.atelier_id)
    participant.delete()  # le choix et les voix partent avec lui (CASCADE)


@transaction.atomic
def courriels_effacer(*, acteur, seminaire: Seminaire) -> int:
    """Efface les courriels de tous les participants du séminaire (une fois le séminaire passé). Rend leur nombre."""
    _exiger(acteur, "ateliers.gerer")
    return Participant.objects.filter(seminaire=seminaire).exclude(email="").update(email="")
