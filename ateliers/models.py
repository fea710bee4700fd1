"""Le séminaire du 7 février 2018, ses ateliers par persona, leurs lettres d'engagement, le vote des trois
promesses et les deux mois de co-construction qui ont suivi (équipes, cycles, laboratoire ouvert au public).

- Un participant n'a pas de compte : un lien personnel porte un jeton imprévisible (`Participant.jeton`),
  révocable et qui expire ; il ouvre son choix d'atelier et son vote, rien d'autre.
- `Choix` : un par participant. `atelier` est la place obtenue, `atelier_attente` la liste d'attente
  rejointe (premier arrivé, premier servi : `attente_depuis`) ; on garde sa place en attendant. La capacité
  d'un atelier n'est jamais dépassée : les services verrouillent la ligne de l'atelier (`select_for_update`)
  avant de compter ses places.
- `LettreEngagement` répond à la lettre d'interpellation du persona ; ses `Engagement` numérotés sont les
  promesses (suivies par l'app `promesses`, au-dessus, qui écoute `ateliers.signals`). Un engagement ne se
  supprime pas : il se retire (`retire_le`).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ateliers.enums import Competence, Decision, EtatChoix, EtatInscription, OrigineMembre, TypeParticipant
from ateliers.fichiers import maquette_valider
from commun.validateurs import LongueurMax, jour
from commun.versions import Version
from experimentations.models import Experimentation
from irritants.models import Irritant
from personas.models import Persona
from terrain.models import Structure
from territoire.models import Commune, LieuAccueil

TEXTE_MAX = 15_000
CYCLE_JOURS_MIN = 7
CYCLE_JOURS_MAX = 14


def jeton_nouveau() -> str:
    """Un jeton imprévisible de 192 bits, lisible dans une adresse (≈ 32 caractères)."""
    return secrets.token_urlsafe(24)


# --- Le séminaire -----------------------------------------------------------------------------------------------


class Seminaire(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="seminaires"
    )
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    date = models.DateField("date")
    lieu = models.CharField("lieu", max_length=300)
    capacite = models.PositiveIntegerField(
        "capacité de la salle", validators=[MinValueValidator(1, "La capacité est d'au moins une personne.")]
    )
    programme = models.TextField(
        "programme", blank=True, validators=[LongueurMax(TEXTE_MAX, "Le programme")], help_text="Markdown."
    )
    choix_ouverture = models.DateTimeField("ouverture du choix des ateliers")
    choix_fermeture = models.DateTimeField("fermeture du choix des ateliers")
    vote_ouverture = models.DateTimeField("ouverture du vote", null=True, blank=True)
    vote_fermeture = models.DateTimeField("fermeture du vote", null=True, blank=True)
    votes_par_participant = models.PositiveSmallIntegerField(
        "voix par participant",
        default=3,
        validators=[MinValueValidator(1, "Au moins une voix."), MaxValueValidator(10, "Dix voix au plus.")],
    )
    nombre_retenues = models.PositiveSmallIntegerField("promesses à retenir", default=3)
    jeton_ecran = models.CharField(
        "jeton de l'écran de salle", max_length=64, unique=True, default=jeton_nouveau, editable=False
    )
    publie = models.BooleanField("publié", default=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "séminaire"
        verbose_name_plural = "séminaires"
        ordering = ["-date", "pk"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("ateliers:seminaire", kwargs={"slug": self.slug})

    def choix_ouvert(self, maintenant=None) -> bool:
        maintenant = maintenant or timezone.now()
        return self.choix_ouverture <= maintenant < self.choix_fermeture

    def vote_ouvert(self, maintenant=None) -> bool:
        if not (self.vote_ouverture and self.vote_fermeture):
            return False
        maintenant = maintenant or timezone.now()
        return self.vote_ouverture <= maintenant < self.vote_fermeture

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.choix_ouverture and self.choix_fermeture and self.choix_fermeture <= self.choix_ouverture:
            erreurs.setdefault("choix_fermeture", []).append("Le choix doit fermer après son ouverture.")
        if self.vote_ouverture and self.vote_fermeture and self.vote_fermeture <= self.vote_ouverture:
            erreurs.setdefault("vote_fermeture", []).append("Le vote doit fermer après son ouverture.")
        if bool(self.vote_ouverture) != bool(self.vote_fermeture):
            erreurs.setdefault("vote_fermeture", []).append("Indiquez l'ouverture et la fermeture du vote, ou aucune.")
        if self.experimentation_id and self.date:
            experimentation = self.experimentation
            if not (experimentation.date_lancement <= self.date <= experimentation.date_echeance_promesses):
                erreurs.setdefault("date", []).append(
                    f"Le {jour(self.date)} est en dehors de l'expérimentation « {experimentation.nom} »."
                )
        if erreurs:
            raise ValidationError(erreurs)


class Atelier(models.Model):
    """Un atelier du séminaire : un par persona, dans une salle, avec son animateur et sa capacité."""

    seminaire = models.ForeignKey(
        Seminaire, verbose_name="séminaire", on_delete=models.PROTECT, related_name="ateliers"
    )
    persona = models.ForeignKey(Persona, verbose_name="persona", on_delete=models.PROTECT, related_name="ateliers")
    salle = models.CharField("salle", max_length=120, blank=True)
    animateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="animateur (compte)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ateliers_animes",
    )
    animateur_nom = models.CharField("animateur", max_length=200, blank=True)
    capacite = models.PositiveIntegerField(
        "places", validators=[MinValueValidator(1, "Un atelier a au moins une place.")]
    )
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "atelier"
        verbose_name_plural = "ateliers"
        ordering = ["ordre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seminaire", "persona"],
                name="atelier_un_par_persona",
                violation_error_message="Ce persona a déjà son atelier dans ce séminaire.",
            )
        ]

    def __str__(self):
        return f"Atelier {self.persona}"

    def clean(self):
        memes = self.seminaire_id and self.persona_id
        if memes and self.persona.experimentation_id != self.seminaire.experimentation_id:
            raise ValidationError({"persona": "Ce persona appartient à une autre expérimentation que le séminaire."})


class Participant(models.Model):
    """Une personne invitée au séminaire, sans compte. Données réduites : nom, organisation, type ;
    courriel facultatif."""

    seminaire = models.ForeignKey(
        Seminaire, verbose_name="séminaire", on_delete=models.PROTECT, related_name="participants"
    )
    nom = models.CharField("nom", max_length=150)
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.CharField(
        "organisation", max_length=200, blank=True, help_text="Si elle n'est pas une structure du diagnostic."
    )
    type = models.CharField("type", max_length=20, choices=TypeParticipant.choices)
    email = models.EmailField("courriel", blank=True, help_text="Facultatif.")
    jeton = models.CharField("jeton d'invitation", max_length=64, unique=True, default=jeton_nouveau, editable=False)
    jeton_revoque_le = models.DateTimeField("jeton révoqué le", null=True, blank=True)
    jeton_expire_le = models.DateTimeField("jeton valable jusqu'au", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "participant"
        verbose_name_plural = "participants"
        ordering = ["nom", "pk"]

    def __str__(self):
        return self.nom

    @property
    def organisation_affichee(self) -> str:
        return self.structure.nom if self.structure_id else self.organisation

    def jeton_valide(self, maintenant=None) -> bool:
        maintenant = maintenant or timezone.now()
        if self.jeton_revoque_le is not None:
            return False
        return self.jeton_expire_le is None or maintenant < self.jeton_expire_le

    def get_invitation_url(self):
        return reverse("ateliers:invitation", kwargs={"jeton": self.jeton})


class Choix(models.Model):
    """Le choix d'atelier d'un participant : sa place (`atelier`) et, le cas échéant, la liste d'attente qu'il a
    rejointe (`atelier_attente`, ordre d'arrivée `attente_depuis`). Il garde sa place en attendant."""

    participant = models.OneToOneField(
        Participant, verbose_name="participant", on_delete=models.CASCADE, related_name="choix"
    )
    atelier = models.ForeignKey(
        Atelier, verbose_name="atelier", on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    atelier_attente = models.ForeignKey(
        Atelier,
        verbose_name="liste d'attente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attentes",
    )
    attente_depuis = models.DateTimeField("en attente depuis", null=True, blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "choix d'atelier"
        verbose_name_plural = "choix d'atelier"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(atelier__isnull=False) | models.Q(atelier_attente__isnull=False),
                name="choix_place_ou_attente",
            ),
            models.CheckConstraint(
                condition=models.Q(atelier_attente__isnull=True) | models.Q(attente_depuis__isnull=False),
                name="choix_attente_datee",
            ),
        ]
        indexes = [models.Index(fields=["atelier_attente", "attente_depuis"], name="choix_file_attente")]

    def __str__(self):
        return f"{self.participant} → {self.atelier or self.atelier_attente}"

    @property
    def etat(self) -> EtatChoix:
        if self.atelier_id and self.atelier_attente_id:
            return EtatChoix.PLACE_ET_ATTENTE
        return EtatChoix.PLACE if self.atelier_id else EtatChoix.ATTENTE

    def position_attente(self) -> int | None:
        """Le rang dans la liste d'attente (1 : le prochain servi), ou None."""
        if not self.atelier_attente_id:
            return None
        avant = Choix.objects.filter(atelier_attente_id=self.atelier_attente_id).filter(
            models.Q(attente_depuis__lt=self.attente_depuis)
            | models.Q(attente_depuis=self.attente_depuis, pk__lt=self.pk)
        )
        return avant.count() + 1

    def clean(self):
        if self.atelier_id and self.atelier_id == self.atelier_attente_id:
            raise ValidationError({"atelier_attente": "On n'attend pas une place dans l'atelier où l'on est déjà."})


# --- Les lettres d'engagement et leurs promesses ------------------------------------------------------------------


class LettreEngagement(models.Model):
    """La réponse d'un atelier à la lettre d'interpellation de son persona : une introduction et des engagements
    numérotés. Chaque enregistrement écrit une version (`VersionLettreEngagement`), restaurable."""

    atelier = models.OneToOneField(
        Atelier, verbose_name="atelier", on_delete=models.PROTECT, related_name="lettre_engagement"
    )
    introduction = models.TextField(
        "introduction",
        blank=True,
        validators=[LongueurMax(TEXTE_MAX, "L'introduction")],
        help_text="Markdown : **gras**, *italique*, listes.",
    )
    signataires = models.TextField(
        "signataires", blank=True, max_length=1000, help_text="Une ligne par signataire (structure ou personne)."
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "lettre d'engagement"
        verbose_name_plural = "lettres d'engagement"

    def __str__(self):
        return f"Lettre d'engagement à {self.atelier.persona}"


class EngagementQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(retire_le__isnull=True)

    def retenus(self):
        return self.actifs().filter(retenu=True).order_by("ordre_retenu", "pk")


class Engagement(models.Model):
    """Une promesse numérotée d'une lettre d'engagement : ce qui sera fait, par qui (porteur), pour quand, en
    réponse à quels irritants. Trois d'entre elles sont retenues au séminaire (`retenu`, `ordre_retenu`)."""

    lettre = models.ForeignKey(
        LettreEngagement, verbose_name="lettre d'engagement", on_delete=models.PROTECT, related_name="engagements"
    )
    numero = models.PositiveSmallIntegerField(
        "numéro", validators=[MinValueValidator(1, "Les numéros commencent à 1.")]
    )
    titre = models.CharField("titre", max_length=200)
    description = models.TextField(
        "description", blank=True, validators=[LongueurMax(5000, "La description")], help_text="Markdown."
    )
    porteur_structure = models.ForeignKey(
        Structure,
        verbose_name="porteur (structure)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    porteur_libre = models.CharField(
        "porteur", max_length=200, blank=True, help_text="Si le porteur n'est pas une structure du diagnostic."
    )
    echeance = models.DateField(
        "échéance", help_text="Par défaut, l'échéance des promesses de l'expérimentation (31 décembre 2018)."
    )
    irritants = models.ManyToManyField(
        Irritant, verbose_name="irritants auxquels il répond", blank=True, related_name="+"
    )
    retenu = models.BooleanField("retenu au séminaire", default=False)
    ordre_retenu = models.PositiveSmallIntegerField("rang parmi les retenus", null=True, blank=True)
    retire_le = models.DateTimeField("retiré le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = "engagement"
        verbose_name_plural = "engagements"
        ordering = ["lettre", "numero", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lettre", "numero"],
                condition=models.Q(retire_le__isnull=True),
                name="engagement_numero_unique",
                violation_error_message="Un autre engagement de la lettre porte déjà ce numéro.",
            )
        ]

    def __str__(self):
        return f"{self.numero}. {self.titre}"

    @property
    def porteur(self) -> str:
        return self.porteur_structure.nom if self.porteur_structure_id else self.porteur_libre

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.titre is not None and not self.titre.strip():
            erreurs.setdefault("titre", []).append("Donnez un titre à l'engagement.")
        if not self.porteur_structure_id and not (self.porteur_libre or "").strip():
            erreurs.setdefault("porteur_libre", []).append("Indiquez qui porte cet engagement.")
        if self.retenu and self.retire_le:
            erreurs.setdefault("retenu", []).append("Un engagement retiré ne peut pas être retenu.")
        if self.lettre_id and self.echeance:
            experimentation = self.lettre.atelier.seminaire.experimentation
            if self.echeance < experimentation.date_lancement:
                erreurs.setdefault("echeance", []).append(
                    f"L'échéance précède le lancement de l'expérimentation ({jour(experimentation.date_lancement)})."
                )
        if erreurs:
            raise ValidationError(erreurs)


class VersionLettreEngagement(Version):
    """Une version enregistrée d'une lettre d'engagement (introduction, signataires et liste des engagements)."""

    lettre = models.ForeignKey(
        LettreEngagement, verbose_name="lettre", on_delete=models.PROTECT, related_name="versions"
    )

    CHAMP_OBJET = "lettre"
    LIBELLES = {"introduction": "Introduction", "signataires": "Signataires", "engagements": "Engagements"}

    class Meta(Version.Meta):
        verbose_name = "version d'une lettre d'engagement"
        verbose_name_plural = "versions des lettres d'engagement"
        constraints = [
            models.UniqueConstraint(fields=["lettre", "numero"], name="version_lettre_engagement_numero_unique")
        ]


class Vote(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.CASCADE, related_name="votes"
    )
    engagement = models.ForeignKey(
        Engagement, verbose_name="engagement", on_delete=models.PROTECT, related_name="votes"
    )
    cree_le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "voix"
        verbose_name_plural = "voix"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "engagement"],
                name="vote_unique",
                violation_error_message="Vous avez déjà donné votre voix à cet engagement.",
            )
        ]

    def __str__(self):
        return f"{self.participant} → {self.engagement}"


# --- La co-construction ---------------------------------------------------------------------------------------


class Equipe(models.Model):
    """L'équipe qui co-construit une promesse retenue, en cycles courts."""

    engagement = models.OneToOneField(
        Engagement, verbose_name="promesse retenue", on_delete=models.PROTECT, related_name="equipe"
    )
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    presentation = models.TextField(
        "présentation", blank=True, validators=[LongueurMax(5000, "La présentation")], help_text="Markdown."
    )
    publiee = models.BooleanField("publiée", default=False)

    class Meta:
        verbose_name = "équipe"
        verbose_name_plural = "équipes"
        ordering = ["engagement__ordre_retenu", "pk"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("ateliers:equipe", kwargs={"slug": self.slug})

    def clean(self):
        if self.engagement_id and not self.engagement.retenu:
            raise ValidationError({"engagement": "Une équipe se forme autour d'une promesse retenue au séminaire."})


class MembreEquipe(models.Model):
    equipe = models.ForeignKey(Equipe, verbose_name="équipe", on_delete=models.CASCADE, related_name="membres")
    nom = models.CharField("nom", max_length=150)
    origine = models.CharField("origine", max_length=20, choices=OrigineMembre.choices)
    fonction = models.CharField("fonction", max_length=200, blank=True)
    competence = models.CharField("compétence", max_length=20, choices=Competence.choices, blank=True)
    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte (pour modifier les pages de l'équipe)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipes",
    )

    class Meta:
        verbose_name = "membre d'équipe"
        verbose_name_plural = "membres d'équipe"
        ordering = ["origine", "nom", "pk"]

    def __str__(self):
        return self.nom


class Cycle(models.Model):
    """Un cycle de co-construction : une à deux semaines, un objectif, et la décision pour le suivant."""

    equipe = models.ForeignKey(Equipe, verbose_name="équipe", on_delete=models.CASCADE, related_name="cycles")
    numero = models.PositiveSmallIntegerField(
        "numéro", validators=[MinValueValidator(1, "Les numéros commencent à 1.")]
    )
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin")
    objectif = models.TextField("objectif", validators=[LongueurMax(2000, "L'objectif")])
    decision = models.CharField("décision pour la suite", max_length=20, choices=Decision.choices, blank=True)
    decision_motif = models.TextField(
        "pourquoi cette décision", blank=True, validators=[LongueurMax(2000, "Le motif de la décision")]
    )
    publie = models.BooleanField("publié", default=False)

    class Meta:
        verbose_name = "cycle"
        verbose_name_plural = "cycles"
        ordering = ["equipe", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipe", "numero"],
                name="cycle_numero_unique",
                violation_error_message="Cette équipe a déjà un cycle de ce numéro.",
            )
        ]

    def __str__(self):
        return f"Cycle {self.numero}"

    @property
    def jours(self) -> int | None:
        if self.date_debut and self.date_fin:
            return (self.date_fin - self.date_debut).days + 1
        return None

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.date_debut and self.date_fin:
            if self.date_fin < self.date_debut:
                erreurs.setdefault("date_fin", []).append("La fin du cycle précède son début.")
            elif not (CYCLE_JOURS_MIN <= self.jours <= CYCLE_JOURS_MAX):
                erreurs.setdefault("date_fin", []).append(
                    f"Un cycle dure une à deux semaines (7 à 14 jours) : celui-ci en compte {self.jours}."
                )
        if self.decision_motif and not self.decision:
            erreurs.setdefault("decision", []).append("Indiquez la décision que ce motif explique.")
        if erreurs:
            raise ValidationError(erreurs)


class Piste(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name="cycle", on_delete=models.CASCADE, related_name="pistes")
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True, validators=[LongueurMax(3000, "La description")])

    class Meta:
        verbose_name = "piste de solution"
        verbose_name_plural = "pistes de solution"
        ordering = ["cycle", "pk"]

    def __str__(self):
        return self.titre


class Maquette(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name="cycle", on_delete=models.CASCADE, related_name="maquettes")
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", validators=[LongueurMax(3000, "La description")])
    fichier = models.FileField(
        "fichier",
        upload_to="ateliers/maquettes/",
        blank=True,
        validators=[maquette_valider],
        help_text="Facultatif : image (JPEG, PNG, WebP) ou PDF, 5 Mo au plus.",
    )
    texte_alternatif = models.CharField(
        "description de l'image", max_length=300, blank=True, help_text="Pour qui ne voit pas l'image."
    )

    class Meta:
        verbose_name = "maquette"
        verbose_name_plural = "maquettes"
        ordering = ["cycle", "pk"]

    def __str__(self):
        return self.titre


class TestTerrain(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name="cycle", on_delete=models.CASCADE, related_name="tests")
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    lieu = models.ForeignKey(
        LieuAccueil, verbose_name="lieu d'accueil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField("date")
    usagers_rencontres = models.PositiveSmallIntegerField("usagers rencontrés", default=0)
    enseignements = models.TextField("ce que nous avons appris", validators=[LongueurMax(5000, "Les enseignements")])

    class Meta:
        verbose_name = "test terrain"
        verbose_name_plural = "tests terrain"
        ordering = ["cycle", "date", "pk"]

    def __str__(self):
        return f"Test du {jour(self.date)}"

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.lieu_id and self.commune_id and self.lieu.commune_id != self.commune_id:
            erreurs.setdefault("lieu", []).append("Ce lieu d'accueil n'est pas dans la commune choisie.")
        if self.cycle_id and self.date and not (self.cycle.date_debut <= self.date <= self.cycle.date_fin):
            erreurs.setdefault("date", []).append(
                f"Le test doit avoir lieu pendant le cycle, du {jour(self.cycle.date_debut)} au "
                f"{jour(self.cycle.date_fin)}."
            )
        if erreurs:
            raise ValidationError(erreurs)


# --- Le laboratoire ouvert au public ----------------------------------------------------------------------------


class SessionLabo(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="sessions_labo"
    )
    equipe = models.ForeignKey(
        Equipe, verbose_name="équipe", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    theme = models.CharField("thème", max_length=200)
    description = models.TextField("description", blank=True, validators=[LongueurMax(3000, "La description")])
    date = models.DateField("date")
    heure_debut = models.TimeField("début")
    heure_fin = models.TimeField("fin")
    lieu = models.CharField("lieu", max_length=300, default="Laboratoire, ancienne mairie de Cahors")
    capacite = models.PositiveSmallIntegerField("places", validators=[MinValueValidator(1, "Au moins une place.")])
    publiee = models.BooleanField("publiée", default=False)

    class Meta:
        verbose_name = "session du laboratoire"
        verbose_name_plural = "sessions du laboratoire"
        ordering = ["date", "heure_debut", "pk"]

    def __str__(self):
        return f"{self.theme} ({jour(self.date)})"

    def get_absolute_url(self):
        return reverse("ateliers:session", kwargs={"pk": self.pk})

    @property
    def debut(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.heure_debut))

    @property
    def fin(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.heure_fin))

    def clean(self):
        if self.heure_debut and self.heure_fin and self.heure_fin <= self.heure_debut:
            raise ValidationError({"heure_fin": "La session doit finir après son début."})


class InscriptionLabo(models.Model):
    """Une inscription du public à une session, sans compte : un nom, un courriel facultatif, le consentement."""

    session = models.ForeignKey(
        SessionLabo, verbose_name="session", on_delete=models.PROTECT, related_name="inscriptions"
    )
    nom = models.CharField("nom", max_length=150)
    email = models.EmailField("courriel", blank=True, help_text="Facultatif : pour vous prévenir d'un changement.")
    consentement = models.BooleanField("consentement")
    etat = models.CharField("état", max_length=20, choices=EtatInscription.choices, default=EtatInscription.CONFIRMEE)
    jeton_annulation = models.CharField(
        "jeton d'annulation", max_length=64, unique=True, default=jeton_nouveau, editable=False
    )
    cree_le = models.DateTimeField("inscrit le", default=timezone.now)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription au laboratoire"
        verbose_name_plural = "inscriptions au laboratoire"
        ordering = ["session", "cree_le", "pk"]

    def __str__(self):
        return f"{self.nom} — {self.session}"

    def clean(self):
        if not self.consentement:
            raise ValidationError(
                {"consentement": "Cochez la case pour accepter que nous gardions votre nom jusqu'à la session."}
            )
