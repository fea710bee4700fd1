"""Les écritures du suivi des promesses : arguments nommés, permission vérifiée ici, `full_clean()`, cache
public invalidé après le commit.

- `promesse_synchroniser` : appelé par le récepteur des signaux des ateliers (création, modification, retrait
  d'un engagement) ; crée la promesse au besoin et recalcule son statut effectif (l'échéance a pu changer).
- `point_avancement_ajouter` : le porteur (compte ou lien personnel) ou un facilitateur déclare un avancement ;
  l'état courant de la promesse devient celui de son dernier point.
- `points_importer_csv` : une mise à jour en masse par un facilitateur ; tout ou rien, avec un rapport par ligne.
- `suivi_quotidien` : retards recalculés, instantané du jour, rappels au contact et aux comptes porteurs (un
  courriel par destinataire, qui liste ses promesses) ; rejouée le même jour, elle ne change rien.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commun.cache import invalider
from commun.permissions import refus
from commun.validateurs import jour as jour_lisible
from promesses.enums import MotifRappel, StatutPromesse
from promesses.models import InstantanePromesse, Jalon, PointAvancement, Promesse, RappelEnvoye, statut_effectif
from promesses.selectors import motifs_de_rappel
from promesses.temps import date_reference

JOURS_ENTRE_RAPPELS = 7
LIEN_INVALIDE = "Ce lien de mise à jour n'est plus valable : demandez-en un nouveau à l'équipe d'animation."


def _verifier(acteur, permission: str, promesse=None) -> None:
    if not acteur.has_perm(permission, promesse):
        raise PermissionDenied(refus(permission))


def promesse_synchroniser(*, engagement) -> tuple[Promesse, bool]:
    promesse, cree = Promesse.objects.get_or_create(engagement=engagement)
    nouveau = statut_effectif(promesse.statut_declare, engagement.echeance, date_reference())
    if nouveau != promesse.statut:
        promesse.statut = nouveau
        promesse.save(update_fields=["statut"])
    invalider("promesses")
    return promesse, cree


def _etat_recalculer(promesse: Promesse) -> None:
    dernier = promesse.points.order_by("-date", "-cree_le", "-pk").first()
    if dernier is not None:
        promesse.avancement = dernier.avancement
        promesse.statut_declare = dernier.statut
        promesse.derniere_mise_a_jour = dernier.date
    promesse.statut = statut_effectif(promesse.statut_declare, promesse.engagement.echeance, date_reference())
    promesse.full_clean()
    promesse.save(update_fields=["avancement", "statut_declare", "derniere_mise_a_jour", "statut"])


@transaction.atomic
def point_avancement_ajouter(
    *,
    acteur,
    promesse: Promesse,
    avancement: int,
    statut: str,
    commentaire: str = "",
    date: datetime.date | None = None,
    lien_preuve: str = "",
    fichier_preuve=None,
    jeton: str | None = None,
    auteur_nom: str = "",
) -> PointAvancement:
    """Un nouveau point d'avancement. Avec `jeton`, le lien personnel du porteur suffit (sans compte)."""
    promesse = Promesse.objects.select_for_update().select_related("engagement").get(pk=promesse.pk)
    if jeton is not None:
        if jeton != promesse.jeton or not promesse.jeton_valide():
            raise PermissionDenied(LIEN_INVALIDE)
    else:
        _verifier(acteur, "promesses.mettre_a_jour", promesse)
    connecte = acteur is not None and acteur.is_authenticated
    if not auteur_nom:
        auteur_nom = (acteur.get_full_name() or acteur.get_username()) if connecte else promesse.engagement.porteur
    point = PointAvancement(
        promesse=promesse,
        date=date or date_reference(),
        avancement=avancement,
        statut=statut,
        commentaire=commentaire,
        lien_preuve=lien_preuve,
        fichier_preuve=fichier_preuve or "",
        avancement_avant=promesse.avancement,
        statut_avant=promesse.statut,
        auteur=acteur if connecte else None,
        auteur_nom=auteur_nom[:150],
        par_lien_personnel=jeton is not None,
    )
    point.full_clean()
    point.save()
    _etat_recalculer(promesse)
    invalider("promesses")
    return point


@transaction.atomic
def promesse_suivi_modifier(
    *, acteur, promesse: Promesse, contact_nom: str, contact_email: str, comptes_porteurs=None
):
    _verifier(acteur, "promesses.gerer")
    promesse.contact_nom = contact_nom
    promesse.contact_email = contact_email
    promesse.full_clean()
    promesse.save(update_fields=["contact_nom", "contact_email"])
    if comptes_porteurs is not None:
        promesse.comptes_porteurs.set(comptes_porteurs)
    invalider("promesses")
    return promesse


@transaction.atomic
def lien_personnel_revoquer(*, acteur, promesse: Promesse) -> Promesse:
    _verifier(acteur, "promesses.gerer")
    promesse.jeton_revoque_le = timezone.now()
    promesse.save(update_fields=["jeton_revoque_le"])
    return promesse


@transaction.atomic
def lien_personnel_renouveler(*, acteur, promesse: Promesse) -> Promesse:
    """Un nouveau lien ; l'ancien cesse aussitôt de fonctionner."""
    from promesses.models import jeton_nouveau

    _verifier(acteur, "promesses.gerer")
    promesse.jeton = jeton_nouveau()
    promesse.jeton_revoque_le = None
    promesse.save(update_fields=["jeton", "jeton_revoque_le"])
    return promesse


@transaction.atomic
def jalon_enregistrer(
    *, acteur, promesse: Promesse, titre: str, echeance, fait: bool = False, fait_le=None, jalon: Jalon | None = None
) -> tuple[Jalon, bool]:
    _verifier(acteur, "promesses.mettre_a_jour", promesse)
    cree = jalon is None
    jalon = jalon or Jalon(promesse=promesse)
    jalon.titre, jalon.echeance, jalon.fait, jalon.fait_le = titre, echeance, fait, fait_le
    jalon.full_clean()
    jalon.save()
    invalider("promesses")
    return jalon, cree


# --- Import CSV ---------------------------------------------------------------------------------------------------

COLONNES_IMPORT = ["promesse_id", "date", "avancement", "statut", "commentaire", "lien_preuve"]
COLONNES_OBLIGATOIRES = ["promesse_id", "avancement", "statut"]


@dataclass
class LigneRapport:
    numero: int
    promesse_id: str
    erreurs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.erreurs


@dataclass
class RapportImport:
    lignes: list[LigneRapport] = field(default_factory=list)
    erreur_fichier: str = ""

    @property
    def applique(self) -> bool:
        return not self.erreur_fichier and bool(self.lignes) and all(ligne.ok for ligne in self.lignes)

    @property
    def nb_erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if not ligne.ok)


class _AnnulerImport(Exception):
    pass


def _statut_lu(texte: str) -> str:
    texte = texte.strip()
    for valeur, libelle in StatutPromesse.choices:
        if texte.lower() in (valeur, libelle.lower()):
            return valeur
    return texte


def _erreurs_lisibles(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{champ} : {m}" if champ != "__all__" else m for champ, ms in exc.message_dict.items() for m in ms]
    return list(exc.messages)


def points_importer_csv(*, acteur, contenu: bytes) -> RapportImport:
    """Tout ou rien : chaque ligne est essayée dans une transaction ; une seule erreur, et rien n'est gardé.

    Colonnes (séparateur « ; » ou « , », UTF-8) : promesse_id, date (AAAA-MM-JJ, défaut : date de référence),
    avancement (0 à 100), statut (valeur ou libellé), commentaire, lien_preuve.
    """
    _verifier(acteur, "promesses.gerer")
    rapport = RapportImport()
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        rapport.erreur_fichier = "Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez."
        return rapport
    try:
        dialecte = csv.Sniffer().sniff(texte.splitlines()[0] if texte else "", delimiters=";,")
    except csv.Error:
        dialecte = csv.excel
        dialecte.delimiter = ";"
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=dialecte.delimiter)
    manquantes = [c for c in COLONNES_OBLIGATOIRES if c not in (lecteur.fieldnames or [])]
    if manquantes:
        rapport.erreur_fichier = f"Colonnes manquantes : {', '.join(manquantes)}. Rien n'a été importé."
        return rapport
    try:
        with transaction.atomic():
            for numero, ligne in enumerate(lecteur, start=2):
                rapport.lignes.append(_importer_ligne(acteur, numero, ligne))
            if not rapport.applique:
                raise _AnnulerImport
    except _AnnulerImport:
        pass
    return rapport


def _importer_ligne(acteur, numero: int, ligne: dict) -> LigneRapport:
    identifiant = (ligne.get("promesse_id") or "").strip()
    resultat = LigneRapport(numero=numero, promesse_id=identifiant)
    promesse = Promesse.objects.suivies().filter(pk=int(identifiant)).first() if identifiant.isdigit() else None
    if promesse is None:
        resultat.erreurs.append(f"Aucune promesse suivie ne porte l'identifiant « {identifiant} ».")
        return resultat
    try:
        avancement = int((ligne.get("avancement") or "").strip().rstrip("%").strip())
    except ValueError:
        resultat.erreurs.append("L'avancement est un nombre entier de 0 à 100.")
        return resultat
    date = None
    if texte_date := (ligne.get("date") or "").strip():
        try:
            date = datetime.date.fromisoformat(texte_date)
        except ValueError:
            resultat.erreurs.append(f"Date illisible « {texte_date} » : écrivez-la AAAA-MM-JJ.")
            return resultat
    try:
        with transaction.atomic():
            point_avancement_ajouter(
                acteur=acteur,
                promesse=promesse,
                avancement=avancement,
                statut=_statut_lu(ligne.get("statut") or ""),
                commentaire=(ligne.get("commentaire") or "").strip(),
                lien_preuve=(ligne.get("lien_preuve") or "").strip(),
                date=date,
            )
    except ValidationError as exc:
        resultat.erreurs.extend(_erreurs_lisibles(exc))
    return resultat


# --- La tâche quotidienne -----------------------------------------------------------------------------------------


@dataclass
class BilanQuotidien:
    jour: datetime.date
    statuts_changes: int = 0
    instantanes: int = 0
    rappels: int = 0  # (promesse, motif) relancés
    courriels: int = 0  # un par destinataire, qui regroupe ses promesses


def _statuts_recalculer(promesses: list[Promesse], jour: datetime.date) -> int:
    changees = []
    for promesse in promesses:
        nouveau = statut_effectif(promesse.statut_declare, promesse.engagement.echeance, jour)
        if nouveau != promesse.statut:
            promesse.statut = nouveau
            changees.append(promesse)
    Promesse.objects.bulk_update(changees, ["statut"])
    return len(changees)


def _destinataires(promesse: Promesse) -> list[str]:
    """Qui relancer : le contact de la promesse, puis ses comptes porteurs (« Mes promesses » leur montre le même
    rappel dû) ; une adresse ne compte qu'une fois, sans égard à la casse. `comptes_porteurs` est préchargé."""
    adresses, vues = [], set()
    for adresse in [promesse.contact_email, *(compte.email for compte in promesse.comptes_porteurs.all())]:
        cle = (adresse or "").strip().lower()
        if cle and cle not in vues:
            vues.add(cle)
            adresses.append(adresse.strip())
    return adresses


@dataclass
class _RappelDu:
    promesse: Promesse
    motifs: list[str] = field(default_factory=list)
    lien_personnel: bool = False  # le lien sans compte ne part qu'au contact de la promesse, qui le détient


def _courriel_de_rappel(rappels: list[_RappelDu], base_url: str) -> tuple[str, str]:
    """Un courriel par destinataire : chaque promesse à mettre à jour, avec son lien personnel quand le
    destinataire en est le contact (il les reçoit déjà un par un : les regrouper ne lui donne rien de plus),
    l'adresse de mise à jour par compte et celle de « Mes promesses »."""
    corps = ["Bonjour,", ""]
    if len(rappels) == 1:
        corps.append("Une promesse que vous portez attend un point d'avancement :")
    else:
        corps.append(f"{len(rappels)} promesses que vous portez attendent un point d'avancement :")
    for numero, rappel in enumerate(rappels, start=1):
        promesse = rappel.promesse
        corps += [
            "",
            f"{numero}. « {promesse.engagement.titre} » (échéance le {jour_lisible(promesse.engagement.echeance)}), "
            f"à {promesse.avancement} %.",
            "   " + " ; ".join(MotifRappel(motif).label for motif in rappel.motifs) + ".",
        ]
        if rappel.lien_personnel and promesse.jeton_valide():
            corps.append(f"   Par votre lien personnel (sans compte) : {base_url}{promesse.get_lien_personnel()}")
        corps.append(
            f"   Avec votre compte Carte Blanche : {base_url}{reverse('promesses:mettre_a_jour', args=[promesse.pk])}"
        )
    corps += [
        "",
        "Avec un compte Carte Blanche, toutes vos promesses sont sur la page « Mes promesses » : "
        f"{base_url}{reverse('promesses:mes_promesses')}",
        "",
        "L'équipe d'animation de Carte Blanche",
    ]
    if len(rappels) == 1:
        motifs = " ; ".join(MotifRappel(motif).label for motif in rappels[0].motifs)
        sujet = f"[Carte Blanche] {motifs} : {rappels[0].promesse.engagement.titre}"
    else:
        sujet = f"[Carte Blanche] {len(rappels)} promesses à mettre à jour"
    return sujet[:150], "\n".join(corps)


def _rappels_envoyer(promesses: list[Promesse], jour: datetime.date, base_url: str) -> tuple[int, int]:
    """Les rappels dus, un courriel par destinataire (et non par promesse) : (rappels, courriels).

    Chaque (promesse, motif) relancé s'écrit dans `RappelEnvoye` : la tâche rejouée le même jour, ou dans la
    semaine, ne relance pas une deuxième fois ; une promesse déjà relancée ne revient pas dans le courriel
    groupé d'une autre."""
    recents = set(
        RappelEnvoye.objects.filter(jour__gt=jour - datetime.timedelta(days=JOURS_ENTRE_RAPPELS)).values_list(
            "promesse_id", "motif"
        )
    )
    par_destinataire: dict[str, tuple[str, list[_RappelDu]]] = {}
    nouveaux = []
    for promesse in sorted(promesses, key=lambda p: (p.engagement.echeance, p.pk)):
        destinataires = _destinataires(promesse)
        if not destinataires:
            continue  # personne à prévenir : ni contact, ni compte porteur avec une adresse
        motifs = [m for m in motifs_de_rappel(promesse, jour) if (promesse.pk, m) not in recents]
        if not motifs:
            continue  # rien de dû, ou déjà prévenu cette semaine (ou aujourd'hui : la tâche rejouée ne renvoie rien)
        contact = (promesse.contact_email or "").strip().lower()
        for adresse in destinataires:
            rappel = _RappelDu(promesse, motifs, lien_personnel=adresse.lower() == contact)
            par_destinataire.setdefault(adresse.lower(), (adresse, []))[1].append(rappel)
        nouveaux += [
            RappelEnvoye(promesse=promesse, motif=motif, jour=jour, destinataire=destinataires[0]) for motif in motifs
        ]
    RappelEnvoye.objects.bulk_create(nouveaux)
    for adresse, rappels in par_destinataire.values():
        sujet, corps = _courriel_de_rappel(rappels, base_url)
        send_mail(subject=sujet, message=corps, from_email=None, recipient_list=[adresse])
    return len(nouveaux), len(par_destinataire)


@transaction.atomic
def suivi_quotidien(*, jour: datetime.date | None = None, base_url: str = "") -> BilanQuotidien:
    """Le travail du matin. Idempotent pour un même jour : statuts déjà à jour, instantané du jour réécrit à
    l'identique, rappels déjà envoyés (table `RappelEnvoye`) non renvoyés."""
    jour = jour or date_reference()
    if not base_url:
        from django.conf import settings

        base_url = settings.URL_PUBLIQUE
    bilan = BilanQuotidien(jour=jour)
    promesses = list(
        Promesse.objects.suivies()
        .select_related("engagement")
        .prefetch_related("comptes_porteurs")
        .select_for_update(of=("self",))
    )
    bilan.statuts_changes = _statuts_recalculer(promesses, jour)
    InstantanePromesse.objects.bulk_create(
        [InstantanePromesse(promesse=p, date=jour, avancement=p.avancement, statut=p.statut) for p in promesses],
        update_conflicts=True,
        unique_fields=["promesse", "date"],
        update_fields=["avancement", "statut"],
    )
    bilan.instantanes = len(promesses)
    bilan.rappels, bilan.courriels = _rappels_envoyer(promesses, jour, base_url)
    invalider("promesses")
    return bilan
