"""Les irritants : les difficultés récurrentes des usagers, chacune adossée à ses observations."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from experimentations.models import Experimentation
from irritants.enums import ActionCodage, Gravite
from terrain.models import Observation


class Theme(models.Model):
    """Un des axes du diagnostic (accessibilité et mobilité, adaptation de la réponse, accompagnement)."""

    nom = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    description = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class IrritantQuerySet(models.QuerySet):
    def actifs(self):
        """Les irritants qui n'ont pas été fusionnés dans un autre."""
        return self.filter(fusionne_dans__isnull=True)


class Irritant(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="irritants"
    )
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True, validators=[MaxLengthValidator(5000)])
    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.PROTECT, related_name="irritants")
    gravite = models.PositiveSmallIntegerField("gravité", choices=Gravite.choices, default=Gravite.MOYENNE)
    observations = models.ManyToManyField(
        Observation, verbose_name="observations", through="Preuve", blank=True, related_name="irritants"
    )
    fusionne_dans = models.ForeignKey(
        "self",
        verbose_name="fusionné dans",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fusionnes",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    objects = IrritantQuerySet.as_manager()

    class Meta:
        verbose_name = "irritant"
        verbose_name_plural = "irritants"
        ordering = ["theme__ordre", "titre"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("irritants:detail", kwargs={"pk": self.pk})


class Preuve(models.Model):
    """Une observation rattachée à un irritant : qui l'a codée, et quand."""

    irritant = models.ForeignKey(Irritant, verbose_name="irritant", on_delete=models.CASCADE, related_name="preuves")
    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.CASCADE, related_name="preuves"
    )
    code_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="codée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    code_le = models.DateTimeField("codée le", auto_now_add=True)

    class Meta:
        verbose_name = "preuve"
        verbose_name_plural = "preuves"
        constraints = [models.UniqueConstraint(fields=["irritant", "observation"], name="preuve_unique")]

    def __str__(self):
        return f"{self.observation} → {self.irritant}"


class EvenementCodage(models.Model):
    """Journal du codage : qui a rattaché, détaché, créé ou fusionné quoi. Jamais modifié.

    Écrit à la main plutôt qu'avec django-simple-history : une fusion ou un rattachement est une
    action métier sur deux objets, pas la version d'une ligne ; le journal se lit comme tel.
    """

    action = models.CharField("action", max_length=20, choices=ActionCodage.choices)
    irritant = models.ForeignKey(
        Irritant, verbose_name="irritant", on_delete=models.CASCADE, related_name="evenements"
    )
    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    autre_irritant = models.ForeignKey(
        Irritant,
        verbose_name="irritant fusionné",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "événement de codage"
        verbose_name_plural = "journal du codage"
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.irritant}"
