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
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from ateliers import fichiers, signals
from ateliers.documents import SOURCE_LETTRE
from ateliers.enums import EtatInscription, OrigineMembre, TypeParticipant
from ateliers.jetons import participant_par_jeton
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
    jeton_nouveau,
)
from commun import versions
from commun.permissions import refus
from commun.validateurs import jour
from documents import selectors as documents_selectors
from documents import services as documents_services
from terrain.models import Structure

AUTRE_SEMINAIRE = "autre_seminaire"


class Resultat:
    """Ce qu'a donné une demande de choix."""

    PLACE = "place"
    ATTENTE = "attente"
    DEJA = "deja"
    COMPLET = "complet"


def _exiger(acteur, permission: str, objet=None) -> None:
    if acteur is None or not acteur.has_perm(permission, objet):
        raise PermissionDenied(refus(permission))


def heure_lisible(moment) -> str:
    local = timezone.localtime(moment)
    return f"{jour(local)} à {local:%H:%M}".replace(":", " h ", 1)


def _choix_ouvert_exiger(seminaire: Seminaire, maintenant) -> None:
    if maintenant < seminaire.choix_ouverture:
        raise ValidationError(
            f"Le choix des ateliers ouvre le {heure_lisible(seminaire.choix_ouverture)} : revenez à ce moment-là.",
            code="choix_pas_ouvert",
        )
    if maintenant >= seminaire.choix_fermeture:
        raise ValidationError(
            f"Le choix des ateliers est clos depuis le {heure_lisible(seminaire.choix_fermeture)} : "
            "il ne change plus.",
            code="choix_clos",
        )


def _servir_verrouille(atelier: Atelier, *, maintenant) -> tuple[list[Choix], int]:
    """Sert la file d'attente de `atelier`, dont l'appelant tient le verrou : les premiers arrivés prennent les
    places libres. Rend (choix servis, places occupées ensuite) ; les anciennes places des servis seront servies
    après le commit."""
    comptes = Choix.objects.filter(Q(atelier=atelier) | Q(atelier_attente=atelier)).aggregate(
        occupees=Count("pk", filter=Q(atelier=atelier)), en_file=Count("pk", filter=Q(atelier_attente=atelier))
    )
    occupees = comptes["occupees"]
    libres = atelier.capacite - occupees
    servis = []
    if libres <= 0 or not comptes["en_file"]:
        return servis, occupees
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
    return servis, occupees + len(servis)


def _complet_sans_verrou(atelier: Atelier) -> bool:
    """Vrai si l'atelier paraît plein, lu sans verrou : `nb_inscrits` s'il a été lu avec l'atelier
    (`selectors.atelier_a_choisir`), sinon une requête."""
    occupees = getattr(atelier, "nb_inscrits", None)
    if occupees is None:
        occupees = Choix.objects.filter(atelier_id=atelier.pk).count()
    return occupees >= atelier.capacite


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
    return _servir_verrouille(atelier, maintenant=maintenant)[0]


@transaction.atomic
def choix_enregistrer(
    *,
    atelier: Atelier,
    participant: Participant | None = None,
    jeton: str = "",
    attendre: bool = False,
    maintenant=None,
) -> tuple[Choix, str]:
    """Le participant (ou celui de `jeton`) choisit `atelier`. Rend (choix, résultat) : `Resultat.PLACE` (place
    obtenue), `Resultat.ATTENTE` (atelier complet, file rejointe si `attendre`, en gardant sa place actuelle) ou
    `Resultat.DEJA` (rien n'a changé : déjà dans cet atelier, ou déjà dans sa file) ou `Resultat.COMPLET`
    (atelier complet sans `attendre` : le choix du participant ne change pas ; choix rendu tel quel, ou None).

    Jeton, ouverture et séminaire vérifiés (ValidationError, ou `JetonRefuse` pour un `jeton` qui ne vaut rien ;
    rien ne change). Avec `jeton` (l'envoi de la page d'invitation), le participant est lu et verrouillé en une
    seule requête.
    """
    maintenant = maintenant or timezone.now()
    verrou = Participant.objects.select_for_update(no_key=True, of=("self",)).select_related("seminaire")
    if participant is None:
        participant = participant_par_jeton(jeton, maintenant=maintenant, lecture=verrou)
    else:
        participant = verrou.get(pk=participant.pk)
        if not participant.jeton_valide(maintenant):
            raise ValidationError("Ce lien d'invitation n'est plus valable.", code="jeton_invalide")
    if atelier.seminaire_id != participant.seminaire_id:
        raise ValidationError(
            {"atelier": ValidationError("Cet atelier appartient à un autre séminaire.", code=AUTRE_SEMINAIRE)}
        )
    _choix_ouvert_exiger(participant.seminaire, maintenant)
    # Le choix du participant est verrouillé avant l'atelier : la file d'un autre atelier ne le modifie pas sous
    # nos pieds (elle saute les lignes verrouillées), et nous n'écrivons jamais un état périmé.
    choix = Choix.objects.select_for_update(no_key=True).filter(participant=participant).first()
    if choix is not None and atelier.pk in (choix.atelier_id, choix.atelier_attente_id):
        return choix, Resultat.DEJA
    if not attendre and _complet_sans_verrou(atelier):
        # Chemin rapide de la rafale : un atelier complet (file comprise) se refuse sans attendre son verrou. Une
        # place libérée à l'instant peut être manquée (le participant réessaie) ; la capacité, elle, ne dépend que
        # du décompte sous verrou plus bas.
        return choix, Resultat.COMPLET
    # Sous verrou, seuls la capacité et les clés comptent : le persona reste celui de l'appelant.
    atelier = (
        Atelier.objects.select_for_update(no_key=True)
        .only("pk", "seminaire_id", "persona_id", "capacite")
        .get(pk=atelier.pk)
    )
    servis, occupees = _servir_verrouille(atelier, maintenant=maintenant)
    if choix is not None and any(servi.pk == choix.pk for servi in servis):
        choix.refresh_from_db()
        return choix, Resultat.PLACE
    if occupees < atelier.capacite:
        ancien = choix.atelier_id if choix else None
        choix = choix or Choix(participant=participant)
        choix.atelier = atelier
        choix.atelier_attente = None
        choix.attente_depuis = None
        choix.clean()  # les clés étrangères viennent d'être lues verrouillées : pas de requête de validation de plus
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
    choix.clean()
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


# --- Lettres d'engagement ---------------------------------------------------------------------------------------

CHAMPS_ENGAGEMENT = ("titre", "description", "porteur_structure", "porteur_libre", "echeance")


def _atelier_exiger(acteur, atelier: Atelier) -> None:
    _exiger(acteur, "ateliers.ecrire_lettre", atelier)


def lettre_instantane(lettre: LettreEngagement) -> dict:
    """Ce que garde une version : l'introduction, les signataires et la liste des engagements actifs."""
    engagements = Engagement.objects.actifs().filter(lettre=lettre).select_related("porteur_structure")
    return {
        "introduction": lettre.introduction,
        "signataires": lettre.signataires,
        "engagements": [
            {
                "id": e.pk,
                "libelle": f"{e.numero}. {e.titre} — {e.porteur}, échéance {e.echeance:%d/%m/%Y}"
                + (f" — {e.description}" if e.description else ""),
            }
            for e in engagements.order_by("numero", "pk")
        ],
    }


def _versionner(lettre: LettreEngagement, acteur):
    version, cree = versions.version_ajouter(
        VersionLettreEngagement, objet=lettre, contenu=lettre_instantane(lettre), par=acteur
    )
    if cree:
        _apres_changement_de_lettre(lettre)
    return version, cree


def _apres_changement_de_lettre(lettre: LettreEngagement) -> None:
    """Le PDF de la lettre (s'il existe) se refait après le commit ; l'adresse stable sert l'ancien jusque-là."""
    if documents_selectors.document_pour(source=SOURCE_LETTRE, objet_id=lettre.pk) is not None:
        documents_services.document_demander(source=SOURCE_LETTRE, objet_id=lettre.pk)


def _lettre_verrouiller(atelier: Atelier) -> LettreEngagement:
    lettre = LettreEngagement.objects.select_for_update().filter(atelier=atelier).first()
    if lettre is None:
        lettre = LettreEngagement(atelier=atelier)
        lettre.full_clean()
        lettre.save()
    return lettre


@transaction.atomic
def lettre_engagement_enregistrer(
    *, acteur, atelier: Atelier, introduction: str, signataires: str = ""
) -> tuple[LettreEngagement, VersionLettreEngagement, bool]:
    """Crée ou modifie la lettre d'engagement de l'atelier (introduction, signataires) ; écrit une version si son
    contenu a changé. Rend (lettre, version, version créée) : l'enregistrement automatique appelle ce service à
    chaque pause de frappe, sans multiplier les versions quand rien ne change."""
    _atelier_exiger(acteur, atelier)
    lettre = _lettre_verrouiller(atelier)
    lettre.introduction = (introduction or "").strip()
    lettre.signataires = (signataires or "").strip()
    lettre.full_clean()
    lettre.save()
    version, cree = _versionner(lettre, acteur)
    return lettre, version, cree


def _irritants_du_persona(atelier: Atelier, irritants) -> list:
    permis = set(atelier.persona.irritants.values_list("pk", flat=True))
    liste = list(dict.fromkeys(irritants or []))
    etrangers = [irritant for irritant in liste if irritant.pk not in permis]
    if etrangers:
        raise ValidationError(
            {"irritants": f"« {etrangers[0].titre} » n'est pas un irritant de {atelier.persona.prenom}."}
        )
    return liste


@transaction.atomic
def engagement_enregistrer(
    *, acteur, atelier: Atelier, engagement: Engagement | None = None, irritants=None, **champs
) -> tuple[Engagement, bool]:
    """Ajoute un engagement à la lettre de l'atelier (numéro suivant, échéance de l'expérimentation par défaut) ou
    modifie `engagement`. Écrit une version de la lettre et annonce `engagement_enregistre`.
    Rend (engagement, créé)."""
    _atelier_exiger(acteur, atelier)
    inconnus = set(champs) - set(CHAMPS_ENGAGEMENT)
    if inconnus:
        raise TypeError(f"Champs inconnus pour un engagement : {', '.join(sorted(inconnus))}")
    lettre = _lettre_verrouiller(atelier)
    cree = engagement is None
    if cree:
        dernier = Engagement.objects.actifs().filter(lettre=lettre).order_by("-numero").first()
        engagement = Engagement(lettre=lettre, numero=(dernier.numero + 1) if dernier else 1)
    else:
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk, lettre=lettre)
        if engagement.retire_le:
            raise ValidationError("Cet engagement a été retiré : il ne se modifie plus.", code="retire")
    for champ, valeur in champs.items():
        setattr(engagement, champ, valeur)
    engagement.titre = (engagement.titre or "").strip()
    engagement.porteur_libre = (engagement.porteur_libre or "").strip()
    if engagement.porteur_structure_id:
        engagement.porteur_libre = ""
    if not engagement.echeance:
        engagement.echeance = atelier.seminaire.experimentation.date_echeance_promesses
    irritants = _irritants_du_persona(atelier, irritants) if irritants is not None else None
    engagement.full_clean(validate_constraints=False)
    engagement.save()
    if irritants is not None:
        engagement.irritants.set(irritants)
    _versionner(lettre, acteur)
    signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=cree)
    return engagement, cree


@transaction.atomic
def engagement_retirer(*, acteur, engagement: Engagement) -> Engagement:
    """Retire un engagement de sa lettre (la ligne reste) ; les suivants sont renumérotés. Annonce
    `engagement_retire`. Idempotent."""
    engagement = Engagement.objects.select_for_update().select_related("lettre__atelier").get(pk=engagement.pk)
    _atelier_exiger(acteur, engagement.lettre.atelier)
    if engagement.retire_le:
        return engagement
    lettre = _lettre_verrouiller(engagement.lettre.atelier)
    engagement.retire_le = timezone.now()
    engagement.retenu = False
    engagement.ordre_retenu = None
    engagement.save(update_fields=["retire_le", "retenu", "ordre_retenu", "modifie_le"])
    for numero, suivant in enumerate(
        Engagement.objects.actifs().filter(lettre=lettre).order_by("numero", "pk"), start=1
    ):
        if suivant.numero != numero:
            suivant.numero = numero
            suivant.save(update_fields=["numero", "modifie_le"])
    _versionner(lettre, acteur)
    signals.engagement_retire.send(sender=Engagement, engagement=engagement)
    return engagement


@transaction.atomic
def lettre_engagement_restaurer(*, acteur, lettre: LettreEngagement, numero: int):
    """Remet l'introduction et les signataires de la version `numero` (les engagements, qui ont leur propre vie
    et peut-être leur suivi, ne sont pas touchés) ; la restauration est une nouvelle version."""
    lettre = LettreEngagement.objects.select_for_update().select_related("atelier").get(pk=lettre.pk)
    _atelier_exiger(acteur, lettre.atelier)
    version = VersionLettreEngagement.objects.filter(lettre=lettre, numero=numero).first()
    if version is None:
        raise ValidationError(f"La lettre n'a pas de version n° {numero}.", code="version_inconnue")

    def appliquer(contenu: dict) -> dict:
        lettre.introduction = contenu.get("introduction", "")
        lettre.signataires = contenu.get("signataires", "")
        lettre.full_clean()
        lettre.save()
        return lettre_instantane(lettre)

    return versions.version_restaurer(VersionLettreEngagement, version=version, par=acteur, appliquer=appliquer)


# --- Le vote et les promesses retenues ----------------------------------------------------------------------------


def _vote_ouvert_exiger(seminaire: Seminaire, maintenant) -> None:
    if not (seminaire.vote_ouverture and seminaire.vote_fermeture):
        raise ValidationError("Le vote n'est pas encore programmé.", code="vote_absent")
    if maintenant < seminaire.vote_ouverture:
        raise ValidationError(f"Le vote ouvre le {heure_lisible(seminaire.vote_ouverture)}.", code="vote_pas_ouvert")
    if maintenant >= seminaire.vote_fermeture:
        raise ValidationError(
            f"Le vote est clos depuis le {heure_lisible(seminaire.vote_fermeture)} : vos voix ne changent plus.",
            code="vote_clos",
        )


@transaction.atomic
def vote_enregistrer(*, participant: Participant, engagements, maintenant=None) -> tuple[list[Vote], bool]:
    """Les voix du participant sont celles-ci (elles remplacent les précédentes) : au plus `votes_par_participant`,
    des engagements actifs du séminaire, une voix par engagement. Rend (voix, changé) ; un double envoi ne change
    rien. Vote fermé, jeton non valable, engagement étranger ou trop de voix : ValidationError, rien ne change."""
    maintenant = maintenant or timezone.now()
    participant = (
        Participant.objects.select_for_update(of=("self",)).select_related("seminaire").get(pk=participant.pk)
    )
    seminaire = participant.seminaire
    if not participant.jeton_valide(maintenant):
        raise ValidationError("Ce lien d'invitation n'est plus valable.", code="jeton_invalide")
    _vote_ouvert_exiger(seminaire, maintenant)
    choisis = list(dict.fromkeys(engagements))
    if len(choisis) > seminaire.votes_par_participant:
        raise ValidationError(
            {
                "engagements": f"Vous avez {seminaire.votes_par_participant} voix : choisissez au plus "
                f"{seminaire.votes_par_participant} promesses (vous en avez coché {len(choisis)})."
            }
        )
    permis = set(Engagement.objects.actifs().filter(lettre__atelier__seminaire=seminaire).values_list("pk", flat=True))
    if any(engagement.pk not in permis for engagement in choisis):
        raise ValidationError({"engagements": "Une des promesses cochées n'est pas soumise au vote de ce séminaire."})
    actuels = set(Vote.objects.filter(participant=participant).values_list("engagement_id", flat=True))
    voulus = {engagement.pk for engagement in choisis}
    if actuels == voulus:
        return list(Vote.objects.filter(participant=participant)), False
    Vote.objects.filter(participant=participant).exclude(engagement_id__in=voulus).delete()
    Vote.objects.bulk_create([Vote(participant=participant, engagement_id=pk) for pk in voulus - actuels])
    return list(Vote.objects.filter(participant=participant)), True


@transaction.atomic
def promesses_retenir(*, acteur, seminaire: Seminaire, engagements) -> list[Engagement]:
    """Les facilitateurs confirment les promesses retenues (exactement `nombre_retenues`, dans l'ordre donné).
    Chacune reçoit son équipe de co-construction (créée si besoin). Annonce `engagement_enregistre` pour chaque
    engagement dont le statut change."""
    _exiger(acteur, "ateliers.gerer")
    seminaire = Seminaire.objects.select_for_update().get(pk=seminaire.pk)
    choisis = list(dict.fromkeys(engagements))
    if len(choisis) != seminaire.nombre_retenues:
        raise ValidationError(
            {
                "engagements": f"Retenez exactement {seminaire.nombre_retenues} promesses (vous en avez coché "
                f"{len(choisis)})."
            }
        )
    tous = Engagement.objects.actifs().filter(lettre__atelier__seminaire=seminaire).select_for_update(of=("self",))
    par_id = {e.pk: e for e in tous.select_related("lettre__atelier__persona")}
    if any(e.pk not in par_id for e in choisis):
        raise ValidationError({"engagements": "Une des promesses cochées n'appartient pas à ce séminaire."})
    rangs = {e.pk: rang for rang, e in enumerate(choisis, 1)}
    for engagement in par_id.values():
        retenu, rang = engagement.pk in rangs, rangs.get(engagement.pk)
        if (engagement.retenu, engagement.ordre_retenu) == (retenu, rang):
            continue
        engagement.retenu, engagement.ordre_retenu = retenu, rang
        engagement.save(update_fields=["retenu", "ordre_retenu", "modifie_le"])
        signals.engagement_enregistre.send(sender=Engagement, engagement=engagement, cree=False)
    retenus = [par_id[e.pk] for e in choisis]
    for engagement in retenus:
        persona = engagement.lettre.atelier.persona
        if not Equipe.objects.filter(engagement=engagement).exists():
            slug = slugify(f"{persona.slug}-{seminaire.slug}")[:70]
            Equipe.objects.create(engagement=engagement, nom=f"L'équipe de {persona.prenom}", slug=slug)
    return retenus


# --- La co-construction -------------------------------------------------------------------------------------------

CHAMPS_CYCLE = ("date_debut", "date_fin", "objectif", "decision", "decision_motif", "publie")


def _equipe_exiger(acteur, equipe: Equipe) -> None:
    _exiger(acteur, "ateliers.modifier_equipe", equipe)


@transaction.atomic
def cycle_enregistrer(*, acteur, equipe: Equipe, cycle: Cycle | None = None, **champs) -> tuple[Cycle, bool]:
    """Ajoute le cycle suivant de l'équipe ou modifie `cycle` (une à deux semaines : `Cycle.clean`). Publier un
    cycle (le montrer au public) est réservé aux facilitateurs. Rend (cycle, créé)."""
    _equipe_exiger(acteur, equipe)
    inconnus = set(champs) - set(CHAMPS_CYCLE)
    if inconnus:
        raise TypeError(f"Champs inconnus pour un cycle : {', '.join(sorted(inconnus))}")
    equipe = Equipe.objects.select_for_update().get(pk=equipe.pk)
    cree = cycle is None
    if cree:
        dernier = Cycle.objects.filter(equipe=equipe).order_by("-numero").first()
        cycle = Cycle(equipe=equipe, numero=(dernier.numero + 1) if dernier else 1)
    else:
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk, equipe=equipe)
    if "publie" in champs and champs["publie"] != cycle.publie:
        _exiger(acteur, "ateliers.publier")
    for champ, valeur in champs.items():
        setattr(cycle, champ, valeur)
    cycle.full_clean()
    cycle.save()
    return cycle, cree


@transaction.atomic
def piste_ajouter(*, acteur, cycle: Cycle, titre: str, description: str = "") -> Piste:
    _equipe_exiger(acteur, cycle.equipe)
    piste = Piste(cycle=cycle, titre=(titre or "").strip(), description=(description or "").strip())
    piste.full_clean()
    piste.save()
    return piste


@transaction.atomic
def maquette_ajouter(
    *, acteur, cycle: Cycle, titre: str, description: str, fichier=None, texte_alternatif: str = ""
) -> Maquette:
    """Ajoute une maquette ; son fichier (facultatif) est vérifié par son contenu (`ateliers.fichiers`)."""
    _equipe_exiger(acteur, cycle.equipe)
    maquette = Maquette(cycle=cycle, titre=titre, description=description, texte_alternatif=texte_alternatif)
    if fichier:
        maquette.fichier = fichier
        if fichiers.nature_fichier(fichier) == "image" and not texte_alternatif.strip():
            raise ValidationError({"texte_alternatif": "Décrivez l'image pour qui ne la voit pas."})
    maquette.full_clean()
    maquette.save()
    return maquette


@transaction.atomic
def test_terrain_ajouter(*, acteur, cycle: Cycle, **champs) -> TestTerrain:
    _equipe_exiger(acteur, cycle.equipe)
    test = TestTerrain(cycle=cycle, **champs)
    test.full_clean()
    test.save()
    return test


CHAMPS_MEMBRE = ("nom", "origine", "fonction", "competence", "participant", "compte")


@transaction.atomic
def membre_ajouter(*, acteur, equipe: Equipe, **champs) -> MembreEquipe:
    """Ajoute un membre à l'équipe : un participant du séminaire de sa promesse (son nom est repris s'il n'en est
    pas donné) ou une personne nommée librement. Les membres de l'équipe composent l'équipe avec les
    facilitateurs ; seuls les facilitateurs relient un membre à un compte (ce qui lui ouvre les pages de l'équipe)."""
    _exiger(acteur, "ateliers.composer_equipe", equipe)
    inconnus = set(champs) - set(CHAMPS_MEMBRE)
    if inconnus:
        raise TypeError(f"Champs inconnus pour un membre : {', '.join(sorted(inconnus))}")
    if champs.get("compte") is not None:
        _exiger(acteur, "ateliers.gerer")
    equipe = Equipe.objects.select_for_update().select_related("engagement__lettre__atelier").get(pk=equipe.pk)
    participant = champs.get("participant")
    erreurs: dict[str, list[str]] = {}
    if participant is not None:
        if participant.seminaire_id != equipe.engagement.lettre.atelier.seminaire_id:
            erreurs.setdefault("participant", []).append(
                "Cette personne n'a pas participé au séminaire de la promesse de l'équipe."
            )
        elif MembreEquipe.objects.filter(equipe=equipe, participant=participant).exists():
            erreurs.setdefault("participant", []).append(f"{participant.nom} fait déjà partie de l'équipe.")
        if not (champs.get("nom") or "").strip():
            champs["nom"] = participant.nom
        champs.setdefault("origine", OrigineMembre.PARTICIPANT)
        if not champs["origine"]:
            champs["origine"] = OrigineMembre.PARTICIPANT
    champs["nom"] = (champs.get("nom") or "").strip()
    champs["fonction"] = (champs.get("fonction") or "").strip()
    champs["competence"] = champs.get("competence") or ""
    if not champs["nom"]:
        erreurs.setdefault("nom", []).append("Indiquez le nom du membre, ou choisissez un participant du séminaire.")
    if erreurs:
        raise ValidationError(erreurs)
    membre = MembreEquipe(equipe=equipe, **champs)
    membre.full_clean()
    membre.save()
    return membre


@transaction.atomic
def membre_retirer(*, acteur, membre: MembreEquipe) -> None:
    """Retire un membre de l'équipe (la ligne est supprimée : un membre n'est pas un journal). Un membre relié à un
    compte ne se retire que par un facilitateur (il perdrait l'accès aux pages de l'équipe)."""
    membre = MembreEquipe.objects.select_for_update().select_related("equipe").get(pk=membre.pk)
    _exiger(acteur, "ateliers.composer_equipe", membre.equipe)
    if membre.compte_id is not None:
        _exiger(acteur, "ateliers.gerer")
    membre.delete()


@transaction.atomic
def publication_changer(*, acteur, objet, publie: bool):
    """Publie ou retire du public une équipe, un cycle ou une session du laboratoire (facilitateurs).

    Enregistré par `save()` (et non `update()`) : les signaux d'écriture font recalculer les pages publiques
    gardées en cache qui montrent l'objet (l'accueil, les promesses)."""
    _exiger(acteur, "ateliers.publier")
    champ = "publiee" if isinstance(objet, Equipe | SessionLabo) else "publie"
    objet = type(objet).objects.select_for_update().get(pk=objet.pk)
    if getattr(objet, champ) != publie:
        setattr(objet, champ, publie)
        objet.save(update_fields=[champ])
    return objet


# --- Le laboratoire ---------------------------------------------------------------------------------------------


def _servir_session_verrouillee(session: SessionLabo) -> list[InscriptionLabo]:
    libres = session.capacite - InscriptionLabo.objects.filter(session=session, etat=EtatInscription.CONFIRMEE).count()
    servies = []
    if libres <= 0:
        return servies
    for inscription in (
        InscriptionLabo.objects.select_for_update()
        .filter(session=session, etat=EtatInscription.ATTENTE)
        .order_by("cree_le", "pk")[:libres]
    ):
        inscription.etat = EtatInscription.CONFIRMEE
        inscription.save(update_fields=["etat"])
        servies.append(inscription)
    return servies


@transaction.atomic
def inscription_labo_creer(
    *, session: SessionLabo, nom: str, email: str = "", consentement: bool, maintenant=None
) -> InscriptionLabo:
    """Inscrit une personne du public, sans compte : place confirmée s'il en reste, liste d'attente sinon (même
    règle que le séminaire : la ligne de la session est verrouillée pour compter ses places)."""
    maintenant = maintenant or timezone.now()
    session = SessionLabo.objects.select_for_update(no_key=True).get(pk=session.pk)
    if not session.publiee:
        raise ValidationError("Cette session n'est pas ouverte aux inscriptions.", code="non_publiee")
    if session.debut <= maintenant:
        raise ValidationError("Cette session a commencé : les inscriptions sont closes.", code="passee")
    _servir_session_verrouillee(session)
    confirmees = InscriptionLabo.objects.filter(session=session, etat=EtatInscription.CONFIRMEE).count()
    inscription = InscriptionLabo(
        session=session,
        nom=(nom or "").strip(),
        email=(email or "").strip(),
        consentement=bool(consentement),
        etat=EtatInscription.CONFIRMEE if confirmees < session.capacite else EtatInscription.ATTENTE,
        cree_le=maintenant,
    )
    inscription.full_clean()
    inscription.save()
    return inscription


@transaction.atomic
def inscription_labo_annuler(*, jeton: str, maintenant=None) -> InscriptionLabo | None:
    """Annule l'inscription de ce lien (idempotent) ; la place libérée sert la liste d'attente. Efface le courriel
    (la donnée n'a plus d'usage). None : lien inconnu."""
    maintenant = maintenant or timezone.now()
    inscription = InscriptionLabo.objects.select_for_update().filter(jeton_annulation=jeton).first()
    if inscription is None:
        return None
    if inscription.etat == EtatInscription.ANNULEE:
        return inscription
    session = SessionLabo.objects.select_for_update(no_key=True).get(pk=inscription.session_id)
    inscription.etat = EtatInscription.ANNULEE
    inscription.annulee_le = maintenant
    inscription.email = ""
    inscription.save(update_fields=["etat", "annulee_le", "email"])
    _servir_session_verrouillee(session)
    return inscription


def inscription_position(inscription: InscriptionLabo) -> int | None:
    if inscription.etat != EtatInscription.ATTENTE:
        return None
    return (
        InscriptionLabo.objects.filter(session_id=inscription.session_id, etat=EtatInscription.ATTENTE)
        .filter(Q(cree_le__lt=inscription.cree_le) | Q(cree_le=inscription.cree_le, pk__lt=inscription.pk))
        .count()
        + 1
    )


CHAMPS_SESSION = (
    "experimentation",
    "equipe",
    "theme",
    "description",
    "date",
    "heure_debut",
    "heure_fin",
    "lieu",
    "capacite",
    "publiee",
)


@transaction.atomic
def session_labo_enregistrer(
    *, acteur, session: SessionLabo | None = None, maintenant=None, **champs
) -> tuple[SessionLabo, bool]:
    """Programme une séance du laboratoire (facilitateurs) ou modifie `session`. Rend (session, créée).

    L'équipe doit être de la même expérimentation ; la capacité ne descend pas sous le nombre d'inscrits
    confirmés (on ne retire pas une place promise) ; si elle monte, la liste d'attente est servie. Publier (montrer
    au public, ouvrir les inscriptions) demande le droit de publier."""
    _exiger(acteur, "ateliers.gerer")
    inconnus = set(champs) - set(CHAMPS_SESSION)
    if inconnus:
        raise TypeError(f"Champs inconnus pour une séance : {', '.join(sorted(inconnus))}")
    cree = session is None
    session = SessionLabo() if cree else SessionLabo.objects.select_for_update(no_key=True).get(pk=session.pk)
    if "publiee" in champs and bool(champs["publiee"]) != session.publiee:
        _exiger(acteur, "ateliers.publier")
    for champ, valeur in champs.items():
        if champ == "lieu" and not (valeur or "").strip():
            continue  # laissé vide : le lieu par défaut (le laboratoire)
        setattr(session, champ, valeur.strip() if isinstance(valeur, str) else valeur)
    erreurs: dict[str, list[str]] = {}
    if session.equipe_id and session.experimentation_id:
        experimentation_equipe = (
            Equipe.objects.filter(pk=session.equipe_id)
            .values_list("engagement__lettre__atelier__seminaire__experimentation_id", flat=True)
            .first()
        )
        if experimentation_equipe != session.experimentation_id:
            erreurs.setdefault("equipe", []).append("Cette équipe travaille pour une autre expérimentation.")
    if not cree and session.capacite:
        confirmees = InscriptionLabo.objects.filter(session=session, etat=EtatInscription.CONFIRMEE).count()
        if session.capacite < confirmees:
            erreurs.setdefault("capacite", []).append(
                f"{confirmees} personnes ont déjà une place confirmée : la capacité ne peut pas descendre sous "
                f"{confirmees}."
            )
    try:
        session.full_clean()
    except ValidationError as erreur:
        for champ, messages_ in erreur.message_dict.items():
            erreurs.setdefault(champ, []).extend(messages_)
    if erreurs:
        raise ValidationError(erreurs)
    session.save()
    if not cree:
        _servir_session_verrouillee(session)
    return session, cree


def inscriptions_de_session(*, acteur, session: SessionLabo) -> list[InscriptionLabo]:
    """La liste des inscrits d'une séance (noms, état, ordre d'arrivée), pour les facilitateurs seulement :
    le public ne la voit jamais. Une requête."""
    _exiger(acteur, "ateliers.gerer")
    return list(InscriptionLabo.objects.filter(session=session).order_by("cree_le", "pk"))


# --- Ouvrir et fermer le choix et le vote ---------------------------------------------------------------------

OUVERTURE_DUREE = datetime.timedelta(days=7)
"""Ouvert « maintenant » sans date de fermeture à venir : il fermera dans une semaine, ou quand on le ferme."""


@dataclass
class Ouverture:
    """Ce qu'a changé l'ouverture ou la fermeture du choix ou du vote, pour le message de confirmation."""

    seminaire: Seminaire
    change: bool
    liens_prolonges: int = 0
    liens_desactives: int = 0


def _liens_prolonger(seminaire: Seminaire, jusqu_a) -> tuple[int, int]:
    """Un lien qui expire avant la fermeture est prolongé jusqu'à elle ; un lien désactivé le reste (on le
    désactive exprès : un nouveau lien se donne sur la ligne du participant). Rend (prolongés, désactivés)."""
    participants = Participant.objects.filter(seminaire=seminaire)
    prolonges = participants.filter(jeton_revoque_le__isnull=True, jeton_expire_le__lt=jusqu_a).update(
        jeton_expire_le=jusqu_a
    )
    return prolonges, participants.filter(jeton_revoque_le__isnull=False).count()


def _seminaire_verrouiller(acteur, seminaire: Seminaire) -> Seminaire:
    _exiger(acteur, "ateliers.gerer")
    return Seminaire.objects.select_for_update().select_related("experimentation").get(pk=seminaire.pk)


def _ouvrir(acteur, seminaire: Seminaire, periode: str, maintenant) -> Ouverture:
    """Ouvre `periode` (« choix » ou « vote ») maintenant, jusqu'à sa fermeture prévue si elle est à venir, une
    semaine sinon ; les liens expirés avant la fermeture sont prolongés. Déjà ouvert : rien ne change."""
    maintenant = maintenant or timezone.now()
    seminaire = _seminaire_verrouiller(acteur, seminaire)
    if getattr(seminaire, f"{periode}_ouvert")(maintenant):
        return Ouverture(seminaire, False)
    setattr(seminaire, f"{periode}_ouverture", maintenant)
    fermeture = getattr(seminaire, f"{periode}_fermeture")
    if not fermeture or fermeture <= maintenant:
        setattr(seminaire, f"{periode}_fermeture", maintenant + OUVERTURE_DUREE)
    seminaire.full_clean()
    seminaire.save(update_fields=[f"{periode}_ouverture", f"{periode}_fermeture"])
    prolonges, desactives = _liens_prolonger(seminaire, getattr(seminaire, f"{periode}_fermeture"))
    return Ouverture(seminaire, True, prolonges, desactives)


def _fermer(acteur, seminaire: Seminaire, periode: str, maintenant) -> Ouverture:
    """Ferme `periode` (« choix » ou « vote ») maintenant. Déjà fermé : rien ne change."""
    maintenant = maintenant or timezone.now()
    seminaire = _seminaire_verrouiller(acteur, seminaire)
    if not getattr(seminaire, f"{periode}_ouvert")(maintenant):
        return Ouverture(seminaire, False)
    setattr(seminaire, f"{periode}_fermeture", maintenant)
    seminaire.full_clean()
    seminaire.save(update_fields=[f"{periode}_fermeture"])
    return Ouverture(seminaire, True)


@transaction.atomic
def choix_ouvrir(*, acteur, seminaire: Seminaire, maintenant=None) -> Ouverture:
    """Ouvre le choix des ateliers maintenant (voir `_ouvrir`)."""
    return _ouvrir(acteur, seminaire, "choix", maintenant)


@transaction.atomic
def choix_fermer(*, acteur, seminaire: Seminaire, maintenant=None) -> Ouverture:
    """Ferme le choix des ateliers maintenant : la répartition est figée."""
    return _fermer(acteur, seminaire, "choix", maintenant)


@transaction.atomic
def vote_ouvrir(*, acteur, seminaire: Seminaire, maintenant=None) -> Ouverture:
    """Ouvre le vote maintenant (voir `_ouvrir`) ; le choix des ateliers, s'il est ouvert, le reste."""
    return _ouvrir(acteur, seminaire, "vote", maintenant)


@transaction.atomic
def vote_fermer(*, acteur, seminaire: Seminaire, maintenant=None) -> Ouverture:
    """Ferme le vote maintenant : les voix ne changent plus."""
    return _fermer(acteur, seminaire, "vote", maintenant)
