"""Le diagnostic de terrain : structures et acteurs rencontrés, entretiens, immersions, observations.

Données personnelles minimisées : un acteur est une fonction dans une structure (pas de nom) ;
un verbatim porte un profil pseudonyme (tranche d'âge, situation, commune), jamais un nom.
"""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commun.journal import LigneJournal
from commun.validateurs import LongueurMax, jour
from experimentations.models import Experimentation
from terrain.enums import Origine, SourceObservation, StatutPublication, TrancheAge, TypeObservation, TypeStructure
from territoire.enums import Canal
from territoire.models import Commune, LieuAccueil

TEXTE_MAX = 2000
VERBATIM_MAX = 1000
# En dessous de ce nombre d'habitants, un verbatim public est situé dans son intercommunalité, pas dans sa commune :
# une tranche d'âge, une situation et un village de 95 habitants suffisent à reconnaître quelqu'un.
SEUIL_POPULATION_COMMUNE_CITEE = 1000


class Structure(models.Model):
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeStructure.choices)
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="structures"
    )

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["nom", "commune"], name="structure_nom_commune_unique")]

    def __str__(self):
        return self.nom


class Acteur(models.Model):
    """Une personne rencontrée, réduite à sa fonction dans sa structure."""

    fonction = models.CharField("fonction", max_length=200)
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="acteurs"
    )

    class Meta:
        verbose_name = "acteur"
        verbose_name_plural = "acteurs"
        ordering = ["structure__nom", "fonction"]

    def __str__(self):
        return f"{self.fonction} — {self.structure}"


class Public(models.Model):
    """Un groupe d'usagers concerné (personnes âgées, demandeurs d'emploi…), modifiable."""

    nom = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "public concerné"
        verbose_name_plural = "publics concernés"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class Entretien(models.Model):
    """Un entretien collectif avec des acteurs locaux."""

    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="entretiens"
    )
    date = models.DateField("date")
    lieu = models.CharField("lieu", max_length=200, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="entretiens")
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="animateurs", blank=True, related_name="entretiens_animes"
    )
    acteurs = models.ManyToManyField(Acteur, verbose_name="acteurs", blank=True, related_name="entretiens")
    structures = models.ManyToManyField(Structure, verbose_name="structures", blank=True, related_name="entretiens")
    nb_participants = models.PositiveSmallIntegerField(
        "nombre de participants", validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    themes = models.JSONField("thèmes abordés", default=list, blank=True)
    notes = models.TextField("notes", blank=True, validators=[MaxLengthValidator(10_000)])

    class Meta:
        verbose_name = "entretien collectif"
        verbose_name_plural = "entretiens collectifs"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"Entretien du {self.date:%d/%m/%Y} à {self.commune.nom}"


class Immersion(models.Model):
    """Une immersion dans un lieu d'accueil du public."""

    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="immersions"
    )
    lieu = models.ForeignKey(
        LieuAccueil, verbose_name="lieu d'accueil", on_delete=models.PROTECT, related_name="immersions"
    )
    date = models.DateField("date")
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", validators=[MinValueValidator(15), MaxValueValidator(24 * 60)]
    )
    observateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="observateurs", blank=True, related_name="immersions"
    )
    attente = models.TextField("attente observée", blank=True, validators=[MaxLengthValidator(TEXTE_MAX)])
    canaux = models.JSONField(
        "canaux utilisés", default=list, blank=True, help_text=f"Parmi : {', '.join(Canal.values)}."
    )
    aide = models.TextField("aide apportée", blank=True, validators=[MaxLengthValidator(TEXTE_MAX)])
    issue = models.TextField("issue des demandes", blank=True, validators=[MaxLengthValidator(TEXTE_MAX)])

    class Meta:
        verbose_name = "immersion"
        verbose_name_plural = "immersions"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"Immersion du {self.date:%d/%m/%Y} — {self.lieu.nom}"

    @property
    def duree_lisible(self) -> str:
        """« 45 min », « 2 h », « 1 h 30 »."""
        heures, reste = divmod(self.duree_minutes, 60)
        if not heures:
            return f"{reste} min"
        return f"{heures} h {reste:02d}" if reste else f"{heures} h"


class ObservationQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """Ce que `user` peut lire, selon les règles de `terrain/rules.py` : tout, les siennes, ou rien."""
        if user.has_perm("terrain.voir_toutes_observations"):
            return self
        if user.has_perm("terrain.saisir_observation"):
            return self.filter(auteur=user)
        return self.none()

    def actives(self):
        """Les observations qui n'ont pas été retirées."""
        return self.filter(retiree_le__isnull=True)

    def d_origine(self, origine: str):
        """Les observations d'une origine (`Origine`) : entretien, immersion ou saisie de terrain."""
        if origine == Origine.ENTRETIEN:
            return self.filter(entretien__isnull=False)
        if origine == Origine.IMMERSION:
            return self.filter(immersion__isnull=False)
        return self.filter(entretien__isnull=True, immersion__isnull=True)


class Observation(models.Model):
    """Un fait noté pendant un entretien, une immersion ou sur le terrain."""

    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="observations"
    )
    # PROTECT : supprimer un entretien changerait en silence l'origine de ses observations.
    entretien = models.ForeignKey(
        Entretien,
        verbose_name="entretien",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
    )
    immersion = models.ForeignKey(
        Immersion,
        verbose_name="immersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
    )
    date = models.DateField("date", error_messages={"null": "Indiquez la date de l'observation."})
    texte = models.TextField(
        "observation",
        validators=[LongueurMax(TEXTE_MAX, "Le texte de l'observation")],
        error_messages={"blank": "Décrivez ce que vous avez observé."},
    )
    type = models.CharField(
        "nature",
        max_length=20,
        choices=TypeObservation.choices,
        default=TypeObservation.DIFFICULTE,
        error_messages={
            "invalid_choice": "Choisissez la nature de l'observation.",
            "blank": "Choisissez la nature de l'observation.",
        },
    )
    source = models.CharField(
        "source",
        max_length=20,
        choices=SourceObservation.choices,
        error_messages={
            "invalid_choice": "Indiquez d'où vient l'observation.",
            "blank": "Indiquez d'où vient l'observation.",
        },
    )
    communes = models.ManyToManyField(
        Commune, verbose_name="communes concernées", blank=True, related_name="observations"
    )
    lieux = models.ManyToManyField(
        LieuAccueil, verbose_name="lieux d'accueil concernés", blank=True, related_name="observations"
    )
    publics = models.ManyToManyField(Public, verbose_name="publics concernés", blank=True, related_name="observations")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        related_name="observations",
    )
    uuid_client = models.UUIDField(
        "identifiant d'envoi",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Généré par le navigateur : un brouillon renvoyé après une coupure n'est enregistré qu'une fois.",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    # Une observation qui a servi de preuve ne se supprime pas : on la retire (`observation_retirer`).
    retiree_le = models.DateTimeField("retirée le", null=True, blank=True)
    retiree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="retirée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    motif_retrait = models.CharField("motif du retrait", max_length=300, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = "observation"
        verbose_name_plural = "observations"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entretien__isnull=True) | models.Q(immersion__isnull=True),
                name="observation_une_seule_origine",
                violation_error_message="Une observation vient d'un entretien ou d'une immersion, pas des deux.",
            )
        ]

    def __str__(self):
        return self.texte[:80]

    def get_absolute_url(self):
        return reverse("terrain:observation", kwargs={"pk": self.pk})

    @property
    def origine(self) -> Origine:
        if self.entretien_id:
            return Origine.ENTRETIEN
        if self.immersion_id:
            return Origine.IMMERSION
        return Origine.TERRAIN

    @property
    def est_retiree(self) -> bool:
        return self.retiree_le is not None

    def clean(self):
        """Les règles d'une observation, pour tous les chemins d'écriture (services, administration, API).

        La date tombe dans l'expérimentation ; l'entretien ou l'immersion (un seul des deux) appartient à la
        même expérimentation ; l'expérimentation ne change plus après l'enregistrement (une observation codée
        en preuve ne change d'expérimentation par aucun chemin).
        """
        erreurs: dict[str, list[str]] = {}
        experimentation = self.experimentation if self.experimentation_id else None
        if (
            experimentation
            and self.date
            and not (experimentation.date_lancement <= self.date <= experimentation.date_echeance_promesses)
        ):
            erreurs.setdefault("date", []).append(
                f"Le {jour(self.date)} est en dehors de l'expérimentation « {experimentation.nom} », qui va du "
                f"{jour(experimentation.date_lancement)} au {jour(experimentation.date_echeance_promesses)}."
            )
        if self.entretien_id and self.immersion_id:
            erreurs.setdefault(NON_FIELD_ERRORS, []).append(
                "Une observation vient d'un entretien ou d'une immersion, pas des deux : choisissez l'un ou l'autre."
            )
        for champ, nom in (("entretien", "L'entretien"), ("immersion", "L'immersion")):
            origine = getattr(self, champ) if getattr(self, f"{champ}_id") else None
            if origine is not None and experimentation and origine.experimentation_id != experimentation.pk:
                erreurs.setdefault(champ, []).append(f"{nom} choisi appartient à une autre expérimentation.")
        if self.pk and experimentation:
            avant = type(self).objects.filter(pk=self.pk).values_list("experimentation_id", flat=True).first()
            if avant is not None and avant != experimentation.pk:
                erreurs.setdefault("experimentation", []).append(
                    "Une observation enregistrée ne change pas d'expérimentation : notez-la à nouveau dans l'autre."
                )
        if erreurs:
            raise ValidationError(erreurs)


class VerbatimQuerySet(models.QuerySet):
    def publiables(self):
        return self.filter(statut=StatutPublication.PUBLIABLE)

    def exportables(self):
        """Tout sauf les verbatims retirés, qui ne quittent plus jamais la plateforme."""
        return self.exclude(statut=StatutPublication.RETIRE)


class Verbatim(models.Model):
    """Les mots d'un usager, cités tels quels, avec un profil pseudonyme (jamais de nom)."""

    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.CASCADE, related_name="verbatims"
    )
    texte = models.TextField(
        "verbatim",
        validators=[LongueurMax(VERBATIM_MAX, "Le verbatim")],
        error_messages={"blank": "Le verbatim est vide : écrivez les mots de la personne, tels qu'elle les a dits."},
    )
    tranche_age = models.CharField(
        "tranche d'âge",
        max_length=10,
        choices=TrancheAge.choices,
        default=TrancheAge.INCONNUE,
        error_messages={"invalid_choice": "Choisissez une tranche d'âge de la liste."},
    )
    situation = models.CharField(
        "situation",
        max_length=120,
        blank=True,
        help_text="Ex. « mère isolée, aide à domicile en CDD ». Jamais de nom.",
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="verbatims"
    )
    # Ne change que par `verbatim_statut_changer` (facilitateurs), qui l'écrit au journal.
    statut = models.CharField(
        "publication",
        max_length=10,
        choices=StatutPublication.choices,
        default=StatutPublication.INTERNE,
        error_messages={"invalid_choice": "Choisissez interne, publiable ou retiré."},
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    objects = VerbatimQuerySet.as_manager()

    class Meta:
        verbose_name = "verbatim"
        verbose_name_plural = "verbatims"
        ordering = ["pk"]

    def __str__(self):
        return f"« {self.texte[:60]} »"

    def _profil(self, lieu: str) -> str:
        morceaux = [TrancheAge(self.tranche_age).label if self.tranche_age != TrancheAge.INCONNUE else ""]
        morceaux += [self.situation, lieu]
        return ", ".join(m for m in morceaux if m)

    @property
    def profil(self) -> str:
        """Le profil complet (tranche d'âge, situation, commune), pour les facilitateurs."""
        return self._profil(self.commune.nom if self.commune_id else "")

    @property
    def commune_masquee(self) -> bool:
        """Vrai si la commune citée est trop petite pour paraître en public (population inconnue comprise)."""
        return self.commune_id is not None and (self.commune.population or 0) < SEUIL_POPULATION_COMMUNE_CITEE

    @property
    def profil_public(self) -> str:
        """Le profil montré au public : une petite commune y est remplacée par son intercommunalité."""
        if not self.commune_masquee:
            return self.profil
        commune = self.commune.parent if self.commune.parent_id and not self.commune.epci_id else self.commune
        if commune.epci_id:
            return self._profil(commune.epci.nom)
        return self._profil(
            f"une commune de moins de {SEUIL_POPULATION_COMMUNE_CITEE:,} habitants".replace(",", "\u202f")
        )


class ChangementStatutVerbatim(LigneJournal):
    """Journal de publication des verbatims : qui a publié, retiré ou remis en interne une citation, et quand."""

    verbatim = models.ForeignKey(
        Verbatim, verbose_name="verbatim", on_delete=models.PROTECT, related_name="changements_statut"
    )
    ancien = models.CharField("ancien statut", max_length=10, choices=StatutPublication.choices)
    nouveau = models.CharField("nouveau statut", max_length=10, choices=StatutPublication.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "changement de publication d'un verbatim"
        verbose_name_plural = "journal de publication des verbatims"
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.get_ancien_display()} → {self.get_nouveau_display()} ({self.verbatim})"
