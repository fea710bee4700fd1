"""Le suivi des promesses jusqu'à leur échéance.

- `Promesse` : le suivi d'un engagement d'une lettre d'engagement (`ateliers.Engagement`, en OneToOne). Titre,
  porteur, échéance et irritants se lisent sur l'engagement ; le suivi ajoute un contact, le lien personnel du
  porteur (jeton imprévisible, révocable), ses comptes porteurs, et l'état courant.
- `PointAvancement` : une mise à jour datée (avancement, statut déclaré, commentaire, preuve, auteur). Journal en
  ajout seul : l'état courant de la promesse est celui du dernier point, l'historique entier reste.
- `statut` de la promesse est le statut *effectif* : le statut déclaré par le dernier point, sauf « en retard »,
  calculé (échéance passée contre la date de référence, promesse non close) par les services et la tâche
  quotidienne. Il est gardé en base pour filtrer et compter en une requête.
- `Jalon` : une étape datée, faite ou non. `InstantanePromesse` : l'avancement d'une promesse un jour donné (la
  courbe du tableau de bord). `RappelEnvoye` : un rappel par promesse, motif et jour (la tâche est idempotente).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ateliers.models import Engagement
from commun.journal import LigneJournal
from commun.validateurs import LongueurMax
from promesses.enums import STATUTS_CLOS, STATUTS_DECLARABLES, MotifRappel, StatutPromesse
from promesses.fichiers import preuve_valider

AVANCEMENT = [
    MinValueValidator(0, "L'avancement va de 0 à 100 %."),
    MaxValueValidator(100, "L'avancement va de 0 à 100 %."),
]


def jeton_nouveau() -> str:
    return secrets.token_urlsafe(24)


def statut_effectif(statut_declare: str, echeance: datetime.date, reference: datetime.date) -> str:
    """Le statut montré : « en retard » si l'échéance est passée et la promesse n'est pas close."""
    if statut_declare not in STATUTS_CLOS and echeance < reference:
        return StatutPromesse.EN_RETARD
    return statut_declare


def regles_etat(statut: str, avancement: int | None, commentaire: str) -> dict[str, list[str]]:
    """Les règles d'un état déclaré, partagées par la promesse et ses points d'avancement."""
    erreurs: dict[str, list[str]] = {}
    if statut == StatutPromesse.EN_RETARD:
        erreurs["statut"] = ["« En retard » ne se déclare pas : il se calcule quand l'échéance est passée."]
    if statut == StatutPromesse.TENUE and avancement is not None and avancement != 100:
        erreurs["avancement"] = ["Une promesse tenue l'est à 100 % : corrigez l'avancement ou le statut."]
    if statut == StatutPromesse.ABANDONNEE and not (commentaire or "").strip():
        erreurs["commentaire"] = ["Une promesse abandonnée l'est pour une raison : écrivez-la."]
    return erreurs


class PromesseQuerySet(models.QuerySet):
    def suivies(self):
        """Les promesses des engagements en service (un engagement retiré de sa lettre quitte le suivi)."""
        return self.filter(engagement__retire_le__isnull=True)

    def publiques(self):
        """Ce que voit le public : les promesses suivies des personas publiés, nées d'un séminaire publié (comme
        les lettres d'engagement des ateliers)."""
        from personas.enums import StatutPersona

        return self.suivies().filter(
            engagement__lettre__atelier__persona__statut=StatutPersona.PUBLIE,
            engagement__lettre__atelier__seminaire__publie=True,
        )


class Promesse(models.Model):
    engagement = models.OneToOneField(
        Engagement, verbose_name="engagement", on_delete=models.PROTECT, related_name="promesse"
    )
    contact_nom = models.CharField("contact", max_length=150, blank=True, help_text="La personne à joindre.")
    contact_email = models.EmailField(
        "courriel du contact", blank=True, help_text="Reçoit les rappels et le lien personnel de mise à jour."
    )
    comptes_porteurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="comptes du porteur", blank=True, related_name="promesses_portees"
    )
    jeton = models.CharField("jeton du lien personnel", max_length=64, unique=True, default=jeton_nouveau)
    jeton_revoque_le = models.DateTimeField("lien révoqué le", null=True, blank=True)
    # L'état courant, recopié du dernier point d'avancement (statut_declare, avancement, derniere_mise_a_jour) ;
    # `statut` est l'effectif (en retard calculé).
    statut_declare = models.CharField(
        "statut déclaré", max_length=20, choices=STATUTS_DECLARABLES, default=StatutPromesse.A_LANCER
    )
    statut = models.CharField("statut", max_length=20, choices=StatutPromesse.choices, default=StatutPromesse.A_LANCER)
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0, validators=AVANCEMENT)
    derniere_mise_a_jour = models.DateField("dernier point d'avancement", null=True, blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = PromesseQuerySet.as_manager()

    class Meta:
        verbose_name = "promesse"
        verbose_name_plural = "promesses"
        ordering = ["engagement__lettre__atelier__ordre", "engagement__numero", "pk"]
        indexes = [models.Index(fields=["statut"], name="promesse_statut")]

    def __str__(self):
        return str(self.engagement)

    def get_absolute_url(self):
        return reverse("promesses:detail", kwargs={"pk": self.pk})

    def get_lien_personnel(self):
        return reverse("promesses:lien", kwargs={"jeton": self.jeton})

    @property
    def titre(self) -> str:
        return self.engagement.titre

    @property
    def echeance(self) -> datetime.date:
        return self.engagement.echeance

    @property
    def persona(self):
        return self.engagement.lettre.atelier.persona

    @property
    def est_close(self) -> bool:
        return self.statut_declare in STATUTS_CLOS

    def jeton_valide(self) -> bool:
        return self.jeton_revoque_le is None

    def jours_restants(self, reference: datetime.date) -> int:
        return (self.engagement.echeance - reference).days

    def clean(self):
        # L'état se déclare par un point d'avancement (qui porte la raison d'un abandon) ; la promesse recopie.
        if self.statut_declare == StatutPromesse.TENUE and self.avancement != 100:
            raise ValidationError({"avancement": ["Une promesse tenue l'est à 100 % : corrigez l'avancement."]})


class Jalon(models.Model):
    promesse = models.ForeignKey(Promesse, verbose_name="promesse", on_delete=models.CASCADE, related_name="jalons")
    titre = models.CharField("titre", max_length=200)
    echeance = models.DateField("échéance")
    fait = models.BooleanField("fait", default=False)
    fait_le = models.DateField("fait le", null=True, blank=True)

    class Meta:
        verbose_name = "jalon"
        verbose_name_plural = "jalons"
        ordering = ["promesse", "echeance", "pk"]

    def __str__(self):
        return self.titre

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.titre is not None and not self.titre.strip():
            erreurs["titre"] = ["Donnez un titre au jalon."]
        if self.fait_le and not self.fait:
            erreurs["fait"] = ["Un jalon daté comme fait est fait : cochez la case, ou retirez la date."]
        if erreurs:
            raise ValidationError(erreurs)


class PointAvancement(LigneJournal):
    """Une mise à jour datée d'une promesse. En ajout seul : une erreur se corrige par un nouveau point."""

    promesse = models.ForeignKey(Promesse, verbose_name="promesse", on_delete=models.PROTECT, related_name="points")
    date = models.DateField("date")
    avancement = models.PositiveSmallIntegerField("avancement (%)", validators=AVANCEMENT)
    statut = models.CharField("statut", max_length=20, choices=STATUTS_DECLARABLES)
    commentaire = models.TextField(
        "commentaire", blank=True, validators=[LongueurMax(3000, "Le commentaire")], help_text="Ce qui a changé."
    )
    lien_preuve = models.URLField("lien vers une preuve", blank=True, max_length=500)
    fichier_preuve = models.FileField(
        "pièce justificative",
        upload_to="promesses/preuves/",
        blank=True,
        validators=[preuve_valider],
        help_text="Facultatif : image (JPEG, PNG, WebP) ou PDF, 5 Mo au plus.",
    )
    # Ce qui a changé : l'état d'avant, pour l'historique (« de 40 % à 60 % »).
    avancement_avant = models.PositiveSmallIntegerField("avancement avant", default=0)
    statut_avant = models.CharField("statut avant", max_length=20, choices=StatutPromesse.choices, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    auteur_nom = models.CharField("signé", max_length=150, blank=True, help_text="Le nom affiché publiquement.")
    par_lien_personnel = models.BooleanField("par le lien personnel du porteur", default=False)
    cree_le = models.DateTimeField("enregistré le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "point d'avancement"
        verbose_name_plural = "points d'avancement"
        ordering = ["-date", "-cree_le", "-pk"]
        indexes = [models.Index(fields=["promesse", "-date", "-cree_le"], name="point_dernier")]

    def __str__(self):
        return f"{self.promesse} — {self.avancement} % le {self.date:%d/%m/%Y}"

    def clean(self):
        erreurs = regles_etat(self.statut, self.avancement, self.commentaire)
        if self.date and self.promesse_id:
            debut = self.promesse.engagement.lettre.atelier.seminaire.date
            if self.date < debut:
                erreurs.setdefault("date", []).append("Un point d'avancement suit le séminaire de la promesse.")
        if erreurs:
            raise ValidationError(erreurs)


class InstantanePromesse(models.Model):
    """L'avancement et le statut d'une promesse un jour donné : un par promesse et par jour."""

    promesse = models.ForeignKey(
        Promesse, verbose_name="promesse", on_delete=models.CASCADE, related_name="instantanes"
    )
    date = models.DateField("date")
    avancement = models.PositiveSmallIntegerField("avancement (%)", validators=AVANCEMENT)
    statut = models.CharField("statut", max_length=20, choices=StatutPromesse.choices)

    class Meta:
        verbose_name = "instantané d'une promesse"
        verbose_name_plural = "instantanés des promesses"
        ordering = ["date", "promesse"]
        constraints = [models.UniqueConstraint(fields=["promesse", "date"], name="instantane_un_par_jour")]
        indexes = [models.Index(fields=["date"], name="instantane_date")]

    def __str__(self):
        return f"{self.promesse} : {self.avancement} % le {self.date:%d/%m/%Y}"


class RappelEnvoye(models.Model):
    promesse = models.ForeignKey(Promesse, verbose_name="promesse", on_delete=models.CASCADE, related_name="rappels")
    motif = models.CharField("motif", max_length=20, choices=MotifRappel.choices)
    jour = models.DateField("jour")
    destinataire = models.EmailField("destinataire")

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [models.UniqueConstraint(fields=["promesse", "motif", "jour"], name="rappel_un_par_jour")]

    def __str__(self):
        return f"{self.get_motif_display()} — {self.promesse}"
