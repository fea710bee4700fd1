"""Le diagnostic de terrain : structures et acteurs rencontrés, entretiens, immersions, observations.

Données personnelles minimisées : un acteur est une fonction dans une structure (pas de nom) ;
un verbatim porte un profil pseudonyme (tranche d'âge, situation, commune), jamais un nom.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from experimentations.models import Experimentation
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation, TypeStructure
from territoire.enums import Canal
from territoire.models import Commune, LieuAccueil

TEXTE_MAX = 2000
VERBATIM_MAX = 1000


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
        """Les facilitateurs voient tout ; un agent ne voit que ses observations ; les autres rien."""
        if not user.is_authenticated:
            return self.none()
        if user.is_facilitateur:
            return self
        return self.filter(auteur=user)


class Observation(models.Model):
    """Un fait noté pendant un entretien, une immersion ou sur le terrain."""

    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="observations"
    )
    entretien = models.ForeignKey(
        Entretien,
        verbose_name="entretien",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )
    immersion = models.ForeignKey(
        Immersion,
        verbose_name="immersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )
    date = models.DateField("date")
    texte = models.TextField("observation", validators=[MaxLengthValidator(TEXTE_MAX)])
    type = models.CharField(
        "nature", max_length=20, choices=TypeObservation.choices, default=TypeObservation.DIFFICULTE
    )
    source = models.CharField("source", max_length=20, choices=SourceObservation.choices)
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
    def origine(self) -> str:
        if self.entretien_id:
            return "entretien"
        if self.immersion_id:
            return "immersion"
        return "terrain"


class VerbatimQuerySet(models.QuerySet):
    def publiables(self):
        return self.filter(statut=StatutPublication.PUBLIABLE)


class Verbatim(models.Model):
    """Les mots d'un usager, cités tels quels, avec un profil pseudonyme (jamais de nom)."""

    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.CASCADE, related_name="verbatims"
    )
    texte = models.TextField("verbatim", validators=[MaxLengthValidator(VERBATIM_MAX)])
    tranche_age = models.CharField(
        "tranche d'âge", max_length=10, choices=TrancheAge.choices, default=TrancheAge.INCONNUE
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
    statut = models.CharField(
        "publication", max_length=10, choices=StatutPublication.choices, default=StatutPublication.INTERNE
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    objects = VerbatimQuerySet.as_manager()

    class Meta:
        verbose_name = "verbatim"
        verbose_name_plural = "verbatims"
        ordering = ["pk"]

    def __str__(self):
        return f"« {self.texte[:60]} »"

    @property
    def profil(self) -> str:
        morceaux = [TrancheAge(self.tranche_age).label if self.tranche_age != TrancheAge.INCONNUE else ""]
        morceaux += [self.situation, self.commune.nom if self.commune_id else ""]
        return ", ".join(m for m in morceaux if m)
