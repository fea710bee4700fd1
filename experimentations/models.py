import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone

from experimentations.enums import StatutPhase, TypePhase
from territoire.models import Territoire


class Experimentation(models.Model):
    """Une expérimentation Carte Blanche sur un territoire, avec ses phases datées."""

    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    territoire = models.ForeignKey(
        Territoire, verbose_name="territoire", on_delete=models.PROTECT, related_name="experimentations"
    )
    commanditaire = models.CharField("commanditaire", max_length=200, default="DITP")
    question = models.TextField("défi", blank=True, help_text="La question posée au territoire.")
    description = models.TextField("description", blank=True)
    date_lancement = models.DateField("date de lancement")
    date_echeance_promesses = models.DateField("échéance des promesses")
    est_demo = models.BooleanField(
        "contenu de démonstration", default=False, help_text="Signale que le contenu est illustratif."
    )

    class Meta:
        verbose_name = "expérimentation"
        verbose_name_plural = "expérimentations"
        ordering = ["-date_lancement"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("accueil")

    def phase_courante(self, phases, aujourd_hui: datetime.date | None = None):
        """La phase en cours parmi `phases` (déjà chargées), ou None avant le début ou après la fin."""
        aujourd_hui = aujourd_hui or timezone.localdate()
        return next((p for p in phases if p.statut(aujourd_hui) == StatutPhase.EN_COURS), None)

    def statut(self, aujourd_hui: datetime.date | None = None) -> StatutPhase:
        aujourd_hui = aujourd_hui or timezone.localdate()
        if aujourd_hui < self.date_lancement:
            return StatutPhase.A_VENIR
        if aujourd_hui > self.date_echeance_promesses:
            return StatutPhase.TERMINEE
        return StatutPhase.EN_COURS


class Phase(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.CASCADE, related_name="phases"
    )
    type = models.CharField("type", max_length=20, choices=TypePhase.choices)
    nom = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin")

    class Meta:
        verbose_name = "phase"
        verbose_name_plural = "phases"
        ordering = ["experimentation", "date_debut"]
        constraints = [
            models.UniqueConstraint(fields=["experimentation", "type"], name="phase_type_unique"),
            models.CheckConstraint(condition=models.Q(date_fin__gte=models.F("date_debut")), name="phase_dates_ordre"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.experimentation})"

    def statut(self, aujourd_hui: datetime.date | None = None) -> StatutPhase:
        aujourd_hui = aujourd_hui or timezone.localdate()
        if aujourd_hui < self.date_debut:
            return StatutPhase.A_VENIR
        if aujourd_hui > self.date_fin:
            return StatutPhase.TERMINEE
        return StatutPhase.EN_COURS
