"""Les versions d'un texte : chaque enregistrement en garde un instantané, et une version se restaure.

Pour les lettres (d'interpellation, d'engagements) et tout texte dont on doit pouvoir dire qui a écrit
quoi et quand. La partie générique vit ici, sans aucune app du domaine :

- `Version` : modèle abstrait, un journal en ajout seul (`commun.journal.LigneJournal`) : numéro, instantané
  JSON des champs versionnés, résumé de ce qui a changé, auteur, date, et la version restaurée s'il y a lieu.
  L'app qui en hérite déclare la clé étrangère vers l'objet versionné (en `PROTECT`), son nom dans
  `CHAMP_OBJET`, les libellés des champs de l'instantané dans `LIBELLES` et la contrainte d'unicité
  (objet, numéro) ;
- `version_ajouter` : la version suivante, seulement si le contenu a changé ;
- `version_restaurer` : restaurer, c'est appliquer un ancien contenu puis écrire une **nouvelle** version
  qui le dit (« Restauration de la version n° 2 ») : rien ne s'efface, le journal reste entier ;
- `differences` et `diff_html` : ce qui a changé entre deux instantanés, champ par champ, en HTML sûr
  (difflib, mot à mot dans chaque ligne changée, tout texte échappé).

Écrit ici plutôt qu'avec django-reversion ou django-simple-history : ces bibliothèques versionnent une ligne
(et pas un texte avec sa liste ordonnée d'irritants cités), restaurent en écrasant, et leurs tables se
modifient et se purgent ; nous voulons un journal en ajout seul, protégé comme les autres (`PROTECT`), où une
restauration est elle-même une version, et un diff lisible en français. Une centaine de lignes suffit.

Contenu d'un instantané : un dictionnaire JSON (textes, nombres, dates ISO, listes). Un élément de liste peut
être un dictionnaire ; il s'affiche par sa clé « libelle » (ex. `{"id": 12, "libelle": "Sans voiture…"}`).
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commun.journal import LigneJournal

CONTEXTE = 1  # lignes inchangées montrées autour d'une modification
_MOTS = re.compile(r"\s+|[^\s]+")


class Version(LigneJournal):
    numero = models.PositiveIntegerField("numéro")
    contenu = models.JSONField("contenu", help_text="L'instantané des champs versionnés, tel qu'enregistré.")
    resume = models.CharField("ce qui a changé", max_length=300, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    le = models.DateTimeField("le", default=timezone.now, editable=False)
    restauree_depuis = models.PositiveIntegerField("restaure la version n°", null=True, blank=True)

    # À déclarer par le modèle concret :
    CHAMP_OBJET: str = ""
    """Le nom de la clé étrangère vers l'objet versionné."""
    LIBELLES: Mapping[str, str] = {}
    """Champ de l'instantané → libellé français, dans l'ordre d'affichage."""

    class Meta:
        abstract = True
        ordering = ["-numero"]

    def __str__(self):
        return f"Version n° {self.numero}"

    @property
    def objet(self):
        return getattr(self, self.CHAMP_OBJET)


# --- Écrire -----------------------------------------------------------------------------------------------------


def versions_de(modele: type[Version], objet) -> models.QuerySet:
    """Les versions de `objet`, la plus récente d'abord, avec leur auteur."""
    return modele.objects.filter(**{modele.CHAMP_OBJET: objet}).select_related("par").order_by("-numero")


def version_ajouter(
    modele: type[Version],
    *,
    objet,
    contenu: dict,
    par,
    resume: str = "",
    restauree_depuis: int | None = None,
    le=None,
) -> tuple[Version, bool]:
    """Ajoute la version suivante de `objet` si `contenu` diffère de la dernière ; rend (version, créée).

    Contenu inchangé : rien n'est écrit, la dernière version est rendue avec False. L'appelant travaille dans
    une transaction et a verrouillé `objet` (`select_for_update`) ; la contrainte d'unicité (objet, numéro)
    arrête de toute façon deux numéros identiques. `le` : l'heure d'origine d'une reprise de données (démo).
    """
    derniere = versions_de(modele, objet).first()
    if derniere is not None and derniere.contenu == contenu:
        return derniere, False
    if not resume:
        resume = resume_changements(derniere.contenu if derniere else None, contenu, modele.LIBELLES)
    version = modele(
        **{modele.CHAMP_OBJET: objet},
        numero=(derniere.numero + 1) if derniere else 1,
        contenu=contenu,
        par=par if getattr(par, "is_authenticated", False) else None,
        resume=resume[:300],
        restauree_depuis=restauree_depuis,
        **({"le": le} if le is not None else {}),
    )
    version.full_clean(validate_unique=False, validate_constraints=False)
    version.save()
    return version, True


def version_restaurer(
    modele: type[Version], *, version: Version, par, appliquer: Callable[[dict], dict]
) -> tuple[Version, bool]:
    """Restaure `version` : `appliquer` (propre au domaine) remet son contenu sur l'objet et rend l'instantané
    effectivement enregistré ; une nouvelle version le consigne. Rend (version, créée) comme `version_ajouter` :
    restaurer le contenu actuel n'écrit rien.
    """
    contenu = appliquer(version.contenu)
    return version_ajouter(
        modele,
        objet=version.objet,
        contenu=contenu,
        par=par,
        resume=f"Restauration de la version n° {version.numero}",
        restauree_depuis=version.numero,
    )


def resume_changements(avant: dict | None, apres: dict, libelles: Mapping[str, str]) -> str:
    """« Première version », ou les champs modifiés : « Modifié : corps (+120 / −35 caractères), irritants cités »."""
    if avant is None:
        return "Première version"
    morceaux = []
    for champ in _champs(avant, apres, libelles):
        ancien, nouveau = avant.get(champ), apres.get(champ)
        if ancien == nouveau:
            continue
        libelle = libelles.get(champ, champ)
        if isinstance(ancien, str) and isinstance(nouveau, str) and len(ancien) + len(nouveau) > 200:
            ajoutes, retires = _caracteres_changes(ancien, nouveau)
            libelle += f" (+{ajoutes} / −{retires} caractères)"
        morceaux.append(libelle)
    return "Modifié : " + ", ".join(morceaux) if morceaux else "Aucun changement"


def _caracteres_changes(ancien: str, nouveau: str) -> tuple[int, int]:
    ajoutes = retires = 0
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ancien, nouveau, autojunk=False).get_opcodes():
        if operation in ("replace", "delete"):
            retires += i2 - i1
        if operation in ("replace", "insert"):
            ajoutes += j2 - j1
    return ajoutes, retires


def _champs(avant: dict, apres: dict, libelles: Mapping[str, str]) -> list[str]:
    """Les champs dans l'ordre des libellés, puis ceux qu'ils ne nomment pas."""
    autres = sorted((set(avant) | set(apres)) - set(libelles))
    return [*libelles, *autres]


# --- Lire : ce qui a changé -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    champ: str
    libelle: str
    html: SafeString


def differences(avant: dict | None, apres: dict, libelles: Mapping[str, str]) -> list[Difference]:
    """Les champs qui changent de `avant` (None : rien avant) à `apres`, chacun avec son diff en HTML sûr."""
    avant = avant or {}
    resultat = []
    for champ in _champs(avant, apres, libelles):
        ancien, nouveau = avant.get(champ), apres.get(champ)
        if ancien == nouveau:
            continue
        if isinstance(ancien, list) or isinstance(nouveau, list):
            html = diff_liste_html(ancien or [], nouveau or [])
        else:
            html = diff_html(_texte(ancien), _texte(nouveau))
        resultat.append(Difference(champ=champ, libelle=libelles.get(champ, champ), html=html))
    return resultat


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, dict):
        return str(valeur.get("libelle", ""))
    return str(valeur)


def _supprime(texte: str) -> str:
    return f'<del><span class="fr-sr-only">[supprimé : </span>{escape(texte)}<span class="fr-sr-only">]</span></del>'


def _ajoute(texte: str) -> str:
    return f'<ins><span class="fr-sr-only">[ajouté : </span>{escape(texte)}<span class="fr-sr-only">]</span></ins>'


def _diff_mots(ancien: str, nouveau: str) -> str:
    """Une ligne modifiée : les mots retirés barrés, les mots ajoutés soulignés, le reste tel quel (échappé)."""
    mots_avant, mots_apres = _MOTS.findall(ancien), _MOTS.findall(nouveau)
    morceaux = []
    correspondance = difflib.SequenceMatcher(None, mots_avant, mots_apres, autojunk=False)
    for operation, i1, i2, j1, j2 in correspondance.get_opcodes():
        if operation == "equal":
            morceaux.append(escape("".join(mots_avant[i1:i2])))
            continue
        if i2 > i1:
            morceaux.append(_supprime("".join(mots_avant[i1:i2])))
        if j2 > j1:
            morceaux.append(_ajoute("".join(mots_apres[j1:j2])))
    return "".join(morceaux)


def _ligne(html: str, sorte: str = "") -> str:
    classe = f"cb-diff__ligne cb-diff__ligne--{sorte}" if sorte else "cb-diff__ligne"
    return f'<p class="{classe}">{html}</p>'


def diff_html(avant: str, apres: str, *, contexte: int = CONTEXTE) -> SafeString:
    """Le diff lisible de deux textes : une ligne par paragraphe, les lignes inchangées éloignées résumées par « … ».

    Tout le texte est échappé : une balise écrite par un utilisateur s'affiche, elle ne s'exécute pas.
    """
    lignes_avant, lignes_apres = (avant or "").splitlines(), (apres or "").splitlines()
    sortie = []
    correspondance = difflib.SequenceMatcher(None, lignes_avant, lignes_apres, autojunk=False)
    for groupe in correspondance.get_grouped_opcodes(contexte):
        if sortie:
            sortie.append('<p class="cb-diff__saut" aria-hidden="true">…</p>')
        for operation, i1, i2, j1, j2 in groupe:
            if operation == "equal":
                sortie += [_ligne(escape(ligne) or "&nbsp;") for ligne in lignes_avant[i1:i2]]
            elif operation == "replace" and i2 - i1 == j2 - j1:
                for ancienne, nouvelle in zip(lignes_avant[i1:i2], lignes_apres[j1:j2], strict=True):
                    sortie.append(_ligne(_diff_mots(ancienne, nouvelle), "modifiee"))
            else:
                sortie += [_ligne(_supprime(ligne), "retiree") for ligne in lignes_avant[i1:i2]]
                sortie += [_ligne(_ajoute(ligne), "ajoutee") for ligne in lignes_apres[j1:j2]]
    if not sortie:
        sortie.append('<p class="cb-diff__ligne">Aucun changement.</p>')
    return mark_safe('<div class="cb-diff">' + "".join(sortie) + "</div>")  # noqa: S308 — tout texte est échappé


def diff_liste_html(avant: list, apres: list) -> SafeString:
    """Une liste ordonnée (irritants cités…) : chaque élément, retiré, ajouté ou gardé, dans le nouvel ordre."""
    textes_avant, textes_apres = [_texte(e) for e in avant], [_texte(e) for e in apres]
    elements = []
    correspondance = difflib.SequenceMatcher(None, textes_avant, textes_apres, autojunk=False)
    for operation, i1, i2, j1, j2 in correspondance.get_opcodes():
        if operation == "equal":
            elements += [f"<li>{escape(texte)}</li>" for texte in textes_avant[i1:i2]]
            continue
        elements += [f"<li>{_supprime(texte)}</li>" for texte in textes_avant[i1:i2]]
        elements += [f"<li>{_ajoute(texte)}</li>" for texte in textes_apres[j1:j2]]
    if not elements:
        return mark_safe('<p class="cb-diff__ligne">(liste vide)</p>')  # noqa: S308
    return mark_safe('<ol class="cb-diff cb-diff--liste">' + "".join(elements) + "</ol>")  # noqa: S308
