"""Les irritants : les difficultés récurrentes des usagers, chacune adossée à ses observations."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commun.journal import LigneJournal
from commun.textes import normaliser
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


def cle_titre(titre: str) -> str:
    """La forme d'un titre qui reconnaît un doublon : sans accents, majuscules, ponctuation ni espaces en trop.

    « Se déplacer  sans voiture ! » et « se deplacer sans voiture » ont la même clé.
    """
    return " ".join(re.findall(r"\w+", normaliser(titre)))


MESSAGE_TITRE_EXISTANT = "Un irritant en service porte déjà ce titre dans cette expérimentation."


class IrritantQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """`save()` n'est pas appelé : la clé du titre est calculée ici (reprise de données, démo, tests)."""
        objs = list(objs)
        for irritant in objs:
            irritant.titre_normalise = cle_titre(irritant.titre)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "titre" in fields:
            for irritant in objs:
                irritant.titre_normalise = cle_titre(irritant.titre)
            fields = [*fields, "titre_normalise"]
        return super().bulk_update(objs, fields, *args, **kwargs)

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
    # Clé de doublon (`cle_titre`), tenue par save() : deux irritants en service d'une même expérimentation
    # ne portent pas le même titre aux accents, majuscules et ponctuation près (contrainte ci-dessous).
    titre_normalise = models.CharField("titre normalisé", max_length=200, editable=False, default="")
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
        constraints = [
            # Un retiré ou un fusionné libère son titre : seuls les irritants en service comptent.
            models.UniqueConstraint(
                fields=["experimentation", "titre_normalise"],
                condition=models.Q(fusionne_dans__isnull=True) & ~models.Q(statut=StatutIrritant.RETIRE),
                name="irritant_titre_unique_en_service",
                violation_error_message=MESSAGE_TITRE_EXISTANT,
            )
        ]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        self.titre_normalise = cle_titre(self.titre)
        if (champs := kwargs.get("update_fields")) is not None and "titre" in champs:
            kwargs["update_fields"] = {*champs, "titre_normalise"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("irritants:detail", kwargs={"pk": self.pk})

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutIrritant.PUBLIE and not self.fusionne_dans_id

    @property
    def en_service(self) -> bool:
        return not self.fusionne_dans_id and self.statut != StatutIrritant.RETIRE

    def homonyme(self) -> "Irritant | None":
        """L'irritant en service de la même expérimentation qui porte déjà ce titre (à la clé près), s'il existe."""
        if not (self.experimentation_id and self.en_service and cle_titre(self.titre)):
            return None
        return (
            type(self)
            .objects.actifs()
            .filter(experimentation_id=self.experimentation_id, titre_normalise=cle_titre(self.titre))
            .exclude(pk=self.pk)
            .only("pk", "titre")
            .first()
        )

    def clean(self):
        erreurs = {}
        if self.titre is not None and not self.titre.strip():
            erreurs["titre"] = ["Donnez un titre à l'irritant."]
        elif existant := self.homonyme():
            erreurs["titre"] = [
                ValidationError(
                    "L'irritant « %(titre)s » (n° %(numero)s) porte déjà ce titre : utilisez-le plutôt que d'en "
                    "créer un doublon, ou choisissez un autre titre.",
                    code="titre_existant",
                    params={"titre": existant.titre, "numero": existant.pk},
                )
            ]
        if self.pk and self.experimentation_id:
            avant = type(self).objects.filter(pk=self.pk).values_list("experimentation_id", flat=True).first()
            if avant is not None and avant != self.experimentation_id:
                erreurs["experimentation"] = [
                    "Un irritant ne change pas d'expérimentation : ses preuves en viennent. Créez-en un autre."
                ]
        if erreurs:
            raise ValidationError(erreurs)

    def validate_constraints(self, exclude=None):
        # Le titre unique est vérifié par clean(), qui nomme l'irritant existant ; la contrainte en base reste
        # le filet des écritures concurrentes (le service la traduit en la même erreur).
        super().validate_constraints(exclude={*(exclude or ()), "titre_normalise"})


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
