"""Écritures sur les personas et leurs lettres : créer, modifier, publier, enregistrer et restaurer une lettre.

Chaque service prend l'utilisateur qui agit (`acteur`), vérifie sa permission (`personas/rules.py`), valide
avec `full_clean()` et écrit sa trace dans la même transaction : le journal des personas (`JournalPersona`)
ou une version de la lettre (`VersionLettre`, via `commun.versions`). Une erreur métier lève
`ValidationError` avec des clés qui sont des noms de champs (`irritants` pour la liste des irritants), et rien
n'est écrit.
"""

from contextlib import suppress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from commun import versions
from commun.permissions import refus
from documents import selectors as documents_selectors
from documents import services as documents_services
from irritants.enums import StatutIrritant
from irritants.models import Irritant
from personas import images
from personas.documents import SOURCE_LETTRE
from personas.enums import ActionPersona, StatutPersona
from personas.models import (
    APPEL_DE_NOTE,
    SLUGS_RESERVES,
    JournalPersona,
    LettreInterpellation,
    LettreIrritant,
    Persona,
    PersonaIrritant,
    VersionLettre,
)

IRRITANTS_MAX = 8
# Les champs qu'un formulaire (ou la démo) peut écrire ; le statut ne change que par la publication.
CHAMPS_PERSONA = (
    "prenom",
    "slug",
    "age",
    "situation_familiale",
    "situation_professionnelle",
    "commune",
    "mobilite",
    "autonomie_numerique",
    "portrait",
    "besoins",
    "attentes",
    "freins",
    "citation_verbatim",
    "citation_redigee",
    "fil_rouge",
    "ordre",
    "image_description",
)
CHAMPS_LETTRE = ("objet", "destinataire", "date_lettre", "appel", "corps", "politesse")


def _exiger(acteur, permission: str) -> None:
    if acteur is None or not acteur.has_perm(permission):
        raise PermissionDenied(refus(permission))


def _journaliser(action: ActionPersona, persona: Persona, acteur, detail: str = "") -> JournalPersona:
    par = acteur if getattr(acteur, "is_authenticated", False) else None
    return JournalPersona.objects.create(action=action, persona=persona, par=par, detail=detail[:300])


def _verifier_champs(champs: dict) -> None:
    inconnus = set(champs) - set(CHAMPS_PERSONA)
    if inconnus:
        raise TypeError(f"Champs inconnus pour un persona : {', '.join(sorted(inconnus))}")


def slug_proposer(prenom: str, *, experimentation, sauf: int | None = None) -> str:
    """L'identifiant d'adresse tiré du prénom (« roseline »), rendu unique (« roseline-cahors-2018 », puis « -2 »)."""
    base = slugify(prenom)[:60] or "persona"
    pris = set(Persona.objects.exclude(pk=sauf).filter(slug__startswith=base).values_list("slug", flat=True))
    pris |= SLUGS_RESERVES
    if base not in pris:
        return base
    candidat = f"{base}-{experimentation.slug}"[:76]
    numero = 2
    while candidat in pris:
        candidat = f"{base}-{experimentation.slug}"[:72] + f"-{numero}"
        numero += 1
    return candidat


def _irritants_valider(irritants, experimentation, *, champ: str = "irritants", requis: bool = True) -> list[Irritant]:
    """Les irritants dans l'ordre donné, sans doublon ; tous actifs et de l'expérimentation."""
    vus, liste = set(), []
    for irritant in irritants or []:
        if irritant is not None and irritant.pk not in vus:
            vus.add(irritant.pk)
            liste.append(irritant)
    erreurs = []
    if requis and not liste:
        erreurs.append("Choisissez au moins un irritant : un persona se fonde sur les irritants du diagnostic.")
    if len(liste) > IRRITANTS_MAX:
        erreurs.append(f"{IRRITANTS_MAX} irritants au plus : gardez les plus importants.")
    for irritant in liste:
        if irritant.experimentation_id != experimentation.pk:
            erreurs.append(f"« {irritant.titre} » appartient à une autre expérimentation.")
        elif irritant.fusionne_dans_id:
            erreurs.append(f"« {irritant.titre} » a été fusionné dans un autre irritant : choisissez celui-ci.")
        elif irritant.statut == StatutIrritant.RETIRE:
            erreurs.append(f"« {irritant.titre} » a été retiré.")
    if erreurs:
        raise ValidationError({champ: erreurs})
    return liste


def _fondements_ecrire(persona: Persona, irritants: list[Irritant]) -> None:
    PersonaIrritant.objects.filter(persona=persona).delete()
    PersonaIrritant.objects.bulk_create(
        PersonaIrritant(persona=persona, irritant=irritant, ordre=rang) for rang, irritant in enumerate(irritants, 1)
    )


def _image_appliquer(persona: Persona, image) -> str | None:
    """`image` : un fichier envoyé (remplace), False (retire) ou None (inchangée). Rend l'ancien fichier à effacer."""
    if image is None:
        return None
    ancien = persona.image.name if persona.image else None
    if image is False:
        persona.image = ""
        return ancien
    try:
        images.portrait_valider(image)
    except ValidationError as erreur:
        raise ValidationError({"image": erreur.messages}) from None
    persona.image = images.portrait_normaliser(image, nom=persona.slug or slugify(persona.prenom) or "persona")
    return ancien


def _effacer_fichier(persona: Persona, nom: str | None) -> None:
    if nom:
        stockage = persona.image.storage
        transaction.on_commit(lambda: _effacer(stockage, nom))


def _effacer(stockage, nom: str) -> None:
    with suppress(FileNotFoundError, NotImplementedError):
        stockage.delete(nom)


@transaction.atomic
def persona_creer(*, acteur, experimentation, irritants, publics=(), image=None, **champs) -> Persona:
    """Crée un persona en brouillon, fondé sur `irritants` (dans cet ordre) ; le public le voit une fois publié."""
    _exiger(acteur, "personas.gerer")
    _verifier_champs(champs)
    irritants = _irritants_valider(irritants, experimentation)
    persona = Persona(experimentation=experimentation, statut=StatutPersona.BROUILLON, **champs)
    persona.prenom = (persona.prenom or "").strip()
    if not persona.slug:
        persona.slug = slug_proposer(persona.prenom, experimentation=experimentation)
    _image_appliquer(persona, image)
    persona.full_clean()
    persona.save()
    persona.publics.set(publics)
    _fondements_ecrire(persona, irritants)
    _journaliser(ActionPersona.CREATION, persona, acteur)
    return persona


def _libelles_changes(persona: Persona, avant: dict, apres: dict) -> list[str]:
    return [str(Persona._meta.get_field(champ).verbose_name) for champ in apres if avant.get(champ) != apres[champ]]


@transaction.atomic
def persona_modifier(
    *, acteur, persona: Persona, irritants=None, publics=None, image=None, **champs
) -> tuple[Persona, list[str]]:
    """Modifie le persona ; rend le persona et les libellés des champs changés (écrits au journal, s'il y en a)."""
    _exiger(acteur, "personas.gerer")
    _verifier_champs(champs)
    persona = Persona.objects.select_for_update().get(pk=persona.pk)
    avant = {champ: getattr(persona, champ) for champ in champs}
    for champ, valeur in champs.items():
        setattr(persona, champ, valeur)
    persona.prenom = (persona.prenom or "").strip()
    if not persona.slug:
        persona.slug = slug_proposer(persona.prenom, experimentation=persona.experimentation, sauf=persona.pk)
    changes = _libelles_changes(persona, avant, {champ: getattr(persona, champ) for champ in champs})
    if irritants is not None:
        irritants = _irritants_valider(irritants, persona.experimentation)
        actuels = list(persona.fondements.order_by("ordre", "pk").values_list("irritant_id", flat=True))
        if actuels != [irritant.pk for irritant in irritants]:
            changes.append("irritants")
    if publics is not None:
        publics = list(publics)
        if set(persona.publics.values_list("pk", flat=True)) != {public.pk for public in publics}:
            changes.append("publics représentés")
    ancienne_image = _image_appliquer(persona, image)
    if image is not None:
        changes.append("portrait illustré")
    persona.full_clean()
    persona.save()
    if irritants is not None:
        _fondements_ecrire(persona, irritants)
    if publics is not None:
        persona.publics.set(publics)
    if ancienne_image and ancienne_image != persona.image.name:
        _effacer_fichier(persona, ancienne_image)
    if changes:
        _journaliser(ActionPersona.MODIFICATION, persona, acteur, "Modifié : " + ", ".join(changes))
    return persona, changes


def _statut_changer(acteur, persona: Persona, statut: StatutPersona, action: ActionPersona) -> Persona:
    _exiger(acteur, "personas.publier")
    persona = Persona.objects.select_for_update().get(pk=persona.pk)
    if persona.statut == statut:
        return persona
    if statut == StatutPersona.PUBLIE and not Irritant.objects.publies().filter(personas=persona).exists():
        raise ValidationError(
            "Publiez d'abord au moins un des irritants de ce persona : sa page publique montre leurs preuves.",
            code="sans_irritant_publie",
        )
    persona.statut = statut
    persona.full_clean()
    persona.save(update_fields=["statut", "modifie_le"])
    _journaliser(action, persona, acteur)
    return persona


@transaction.atomic
def persona_publier(*, acteur, persona: Persona) -> Persona:
    """Rend le persona et sa lettre publics ; idempotent (rien n'est écrit s'il l'est déjà)."""
    return _statut_changer(acteur, persona, StatutPersona.PUBLIE, ActionPersona.PUBLICATION)


@transaction.atomic
def persona_depublier(*, acteur, persona: Persona) -> Persona:
    """Remet le persona en brouillon : sa page et sa lettre quittent le site public ; idempotent."""
    return _statut_changer(acteur, persona, StatutPersona.BROUILLON, ActionPersona.DEPUBLICATION)


# --- La lettre d'interpellation -------------------------------------------------------------------------------


def lettre_instantane(lettre: LettreInterpellation, irritants: list[Irritant]) -> dict:
    """Ce que garde une version : les champs de la lettre et ses irritants cités (identifiant et titre), en JSON."""
    contenu = {champ: getattr(lettre, champ) for champ in CHAMPS_LETTRE}
    contenu["date_lettre"] = lettre.date_lettre.isoformat() if lettre.date_lettre else None
    contenu["irritants"] = [{"id": irritant.pk, "libelle": irritant.titre} for irritant in irritants]
    return contenu


def _notes_verifier(corps: str, nombre: int) -> None:
    """Chaque appel de note [^n] du corps renvoie à un irritant cité (le n-ième)."""
    appels = sorted({int(numero) for numero in APPEL_DE_NOTE.findall(corps or "")})
    orphelins = [n for n in appels if not 1 <= n <= nombre]
    if orphelins:
        cites = f"n'en cite que {nombre}" if nombre else "n'en cite aucun"
        notes = ", ".join(f"[^{n}]" for n in orphelins)
        raise ValidationError(
            {
                "corps": f"La note {notes} renvoie à un irritant cité qui n'existe pas : la lettre {cites}. "
                "Ajoutez l'irritant aux irritants cités, ou retirez l'appel de note."
            }
        )


def _lettre_ecrire(lettre: LettreInterpellation, champs: dict, irritants) -> list[Irritant]:
    for champ in CHAMPS_LETTRE:
        if champ in champs:
            setattr(lettre, champ, champs[champ])
    for champ in ("objet", "appel", "corps", "politesse", "destinataire"):
        setattr(lettre, champ, (getattr(lettre, champ) or "").strip())
    irritants = _irritants_valider(irritants, lettre.persona.experimentation, requis=False)
    lettre.full_clean()
    _notes_verifier(lettre.corps, len(irritants))
    lettre.save()
    LettreIrritant.objects.filter(lettre=lettre).delete()
    LettreIrritant.objects.bulk_create(
        LettreIrritant(lettre=lettre, irritant=irritant, ordre=rang) for rang, irritant in enumerate(irritants, 1)
    )
    return irritants


@transaction.atomic
def lettre_enregistrer(
    *, acteur, persona: Persona, irritants, **champs
) -> tuple[LettreInterpellation, VersionLettre, bool]:
    """Crée ou modifie la lettre du persona et en écrit une version si son contenu a changé.

    Rend (lettre, version, version créée). `irritants` : les irritants cités, dans l'ordre de leurs notes.
    """
    _exiger(acteur, "personas.gerer")
    inconnus = set(champs) - set(CHAMPS_LETTRE)
    if inconnus:
        raise TypeError(f"Champs inconnus pour une lettre : {', '.join(sorted(inconnus))}")
    persona = Persona.objects.select_for_update().select_related("experimentation").get(pk=persona.pk)
    lettre = LettreInterpellation.objects.select_for_update().filter(persona=persona).first()
    if lettre is None:
        lettre = LettreInterpellation(persona=persona)
    lettre.persona = persona
    irritants = _lettre_ecrire(lettre, champs, irritants)
    version, cree = versions.version_ajouter(
        VersionLettre, objet=lettre, contenu=lettre_instantane(lettre, irritants), par=acteur
    )
    if cree:
        _apres_changement_de_lettre(lettre)
    return lettre, version, cree


@transaction.atomic
def lettre_restaurer(*, acteur, lettre: LettreInterpellation, numero: int) -> tuple[VersionLettre, bool]:
    """Remet la lettre dans l'état de sa version `numero` ; la restauration est une nouvelle version (rien ne
    s'efface). Rend (version, créée) : restaurer le contenu actuel n'écrit rien."""
    _exiger(acteur, "personas.gerer")
    lettre = (
        LettreInterpellation.objects.select_for_update().select_related("persona__experimentation").get(pk=lettre.pk)
    )
    version = VersionLettre.objects.filter(lettre=lettre, numero=numero).first()
    if version is None:
        raise ValidationError(f"La lettre n'a pas de version n° {numero}.", code="version_inconnue")

    def appliquer(contenu: dict) -> dict:
        ids = [element["id"] for element in contenu.get("irritants", [])]
        par_id = Irritant.objects.in_bulk(ids)
        manquants = [element["libelle"] for element in contenu.get("irritants", []) if element["id"] not in par_id]
        if manquants:
            raise ValidationError(
                f"La version n° {numero} cite un irritant qui n'existe plus ({', '.join(manquants)}).",
                code="irritant_disparu",
            )
        champs = {champ: contenu.get(champ, "") for champ in CHAMPS_LETTRE}
        champs["date_lettre"] = contenu.get("date_lettre") or lettre.date_lettre
        try:
            irritants = _lettre_ecrire(lettre, champs, [par_id[i] for i in ids])
        except ValidationError as erreur:
            raise ValidationError(
                [f"La version n° {numero} ne peut plus être restaurée telle quelle : {m}" for m in erreur.messages]
            ) from None
        lettre.refresh_from_db(fields=["date_lettre"])
        return lettre_instantane(lettre, irritants)

    nouvelle, cree = versions.version_restaurer(VersionLettre, version=version, par=acteur, appliquer=appliquer)
    if cree:
        _apres_changement_de_lettre(lettre)
    return nouvelle, cree


def _apres_changement_de_lettre(lettre: LettreInterpellation) -> None:
    """La lettre a changé : si son PDF existe, il se refait (en arrière-plan, après le commit) ; l'adresse stable sert
    l'ancien fichier entier jusque-là. Le public télécharge ainsi toujours la lettre actuelle."""
    if documents_selectors.document_pour(source=SOURCE_LETTRE, objet_id=lettre.pk) is not None:
        documents_services.document_demander(source=SOURCE_LETTRE, objet_id=lettre.pk)
