"""Les irritants : les difficultés récurrentes des usagers, chacune adossée à ses observations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commun.journal import LigneJournal
from experimentations.models import Experimentation
from irritants.enums import ActionCodage, Gravite, StatutIrritant
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
        """Les irritants en service : ni fusionnés dans un autre, ni retirés (brouillons compris)."""
        return self.filter(fusionne_dans__isnull=True).exclude(statut=StatutIrritant.RETIRE)

    def publies(self):
        """Les irritants actifs et publiés : les seuls que voit le public."""
        return self.actifs().filter(statut=StatutIrritant.PUBLIE)

    def visibles(self, *, voir_tout: bool):
        """Ce qu'un lecteur voit : tous les actifs pour un facilitateur, les publiés pour le public."""
        return self.actifs() if voir_tout else self.publies()


class Irritant(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="irritants"
    )
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True, validators=[MaxLengthValidator(5000)])
    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.PROTECT, related_name="irritants")
    gravite = models.PositiveSmallIntegerField("gravité", choices=Gravite.choices, default=Gravite.MOYENNE)
    # Un irritant naît brouillon (créé pendant le codage) ; un facilitateur le publie. Il ne se supprime pas :
    # il est retiré, ou fusionné dans un autre.
    statut = models.CharField(
        "publication", max_length=10, choices=StatutIrritant.choices, default=StatutIrritant.BROUILLON
    )
    observations = models.ManyToManyField(
        Observation, verbose_name="observations", through="Preuve", blank=True, related_name="irritants"
    )
    fusionne_dans = models.ForeignKey(
        "self",
        verbose_name="fusionné dans",
        on_delete=models.PROTECT,
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

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutIrritant.PUBLIE and not self.fusionne_dans_id

    def clean(self):
        erreurs = {}
        if self.titre is not None and not self.titre.strip():
            erreurs["titre"] = ["Donnez un titre à l'irritant."]
        if self.pk and self.experimentation_id:
            avant = type(self).objects.filter(pk=self.pk).values_list("experimentation_id", flat=True).first()
            if avant is not None and avant != self.experimentation_id:
                erreurs["experimentation"] = [
                    "Un irritant ne change pas d'expérimentation : ses preuves en viennent. Créez-en un autre."
                ]
        if erreurs:
            raise ValidationError(erreurs)


class Preuve(models.Model):
    """Une observation rattachée à un irritant : qui l'a codée, et quand."""

    # PROTECT : une observation qui sert de preuve ne se supprime pas (on la retire) ; un irritant non plus.
    irritant = models.ForeignKey(Irritant, verbose_name="irritant", on_delete=models.PROTECT, related_name="preuves")
    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.PROTECT, related_name="preuves"
    )
    code_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="codée par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    code_le = models.DateTimeField("codée le", auto_now_add=True)

    class Meta:
        verbose_name = "preuve"
        verbose_name_plural = "preuves"
        constraints = [models.UniqueConstraint(fields=["irritant", "observation"], name="preuve_unique")]

    def __str__(self):
        return f"{self.observation} → {self.irritant}"


class EvenementCodage(LigneJournal):
    """Journal du codage : qui a rattaché, détaché, créé, publié, retiré ou fusionné quoi.

    En ajout seul (`commun.journal`) : une ligne n'est jamais modifiée ni supprimée, et ce qu'elle
    désigne est protégé (PROTECT). Écrit à la main plutôt qu'avec django-simple-history : une fusion
    ou un rattachement est une action métier sur deux objets, pas la version d'une ligne.
    """

    action = models.CharField("action", max_length=20, choices=ActionCodage.choices)
    irritant = models.ForeignKey(
        Irritant, verbose_name="irritant", on_delete=models.PROTECT, related_name="evenements"
    )
    observation = models.ForeignKey(
        Observation, verbose_name="observation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    autre_irritant = models.ForeignKey(
        Irritant,
        verbose_name="irritant fusionné",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    motif = models.CharField("motif", max_length=300, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Pas `auto_now_add` : une reprise de données (la démo) écrit l'heure d'origine dès la création.
    le = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "événement de codage"
        verbose_name_plural = "journal du codage"
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.irritant}"
