"""Les personas : des personnages fictifs qui portent la parole d'un groupe d'usagers, chacun adossé à des irritants,
et la lettre d'interpellation que chacun adresse à l'administration.

Un persona naît brouillon ; un facilitateur le publie (journal `JournalPersona`). Sa citation est soit un verbatim
du diagnostic, qui doit être publiable pour être choisi et ne s'affiche au public que tant qu'il l'est, soit une
phrase écrite par l'équipe d'animation, présentée comme telle. Sa lettre garde toutes ses versions
(`VersionLettre`, journal en ajout seul de `commun.versions`).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commun.journal import LigneJournal
from commun.validateurs import LongueurMax, jour
from commun.versions import Version
from experimentations.models import Experimentation
from irritants.models import Irritant
from personas.enums import ActionPersona, AutonomieNumerique, Mobilite, StatutPersona
from personas.images import portrait_valider
from terrain.enums import StatutPublication
from terrain.models import Public, Verbatim
from territoire.models import AppartenanceTerritoire, Commune

# Des adresses de l'app : un persona ne peut pas s'appeler ainsi (/personas/nouveau/, /personas/dossier.pdf).
SLUGS_RESERVES = frozenset({"nouveau", "dossier", "deriver", "modifier"})
TEXTE_PERSONA_MAX = 5000
CITATION_MAX = 600
CORPS_LETTRE_MAX = 15_000
# Un appel de note dans le corps d'une lettre : [^2] renvoie au 2e irritant cité.
APPEL_DE_NOTE = re.compile(r"\[\^(\d{1,2})\]")


class PersonaQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=StatutPersona.PUBLIE)

    def visibles(self, *, voir_tout: bool):
        """Ce qu'un lecteur voit : tous les personas pour un facilitateur, les publiés pour le public."""
        return self.all() if voir_tout else self.publies()


@dataclass(frozen=True)
class Citation:
    """La citation qui accompagne un persona, telle qu'elle s'affiche."""

    texte: str
    profil: str
    redigee: bool
    """Vrai : écrite par l'équipe d'animation (à présenter comme telle) ; faux : verbatim du diagnostic."""
    publiable: bool = True
    """Faux seulement pour un facilitateur : le verbatim n'est plus publiable, le public ne le voit pas."""


class Persona(models.Model):
    experimentation = models.ForeignKey(
        Experimentation, verbose_name="expérimentation", on_delete=models.PROTECT, related_name="personas"
    )
    prenom = models.CharField("prénom", max_length=60, error_messages={"blank": "Donnez un prénom au persona."})
    slug = models.SlugField(
        "identifiant dans l'adresse",
        max_length=80,
        unique=True,
        help_text="Minuscules, chiffres et tirets : /personas/<identifiant>/. Laissé vide, il vient du prénom.",
        error_messages={"unique": "Un autre persona porte déjà cet identifiant : choisissez-en un autre."},
    )
    age = models.PositiveSmallIntegerField(
        "âge",
        validators=[
            MinValueValidator(14, "Un persona a au moins 14 ans."),
            MaxValueValidator(110, "Un persona a au plus 110 ans."),
        ],
        error_messages={"null": "Indiquez l'âge du persona."},
    )
    situation_familiale = models.CharField(
        "situation familiale", max_length=200, help_text="Ex. « mère isolée de deux enfants de 4 et 7 ans »."
    )
    situation_professionnelle = models.CharField(
        "situation professionnelle", max_length=200, help_text="Ex. « aide à domicile en CDD, 24 h par semaine »."
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune de résidence", on_delete=models.PROTECT, related_name="+"
    )
    mobilite = models.CharField("mobilité", max_length=20, choices=Mobilite.choices)
    autonomie_numerique = models.CharField("autonomie numérique", max_length=20, choices=AutonomieNumerique.choices)
    portrait = models.TextField(
        "portrait",
        validators=[LongueurMax(TEXTE_PERSONA_MAX, "Le portrait")],
        help_text="Qui est ce persona, sa journée, ce qui compte pour lui. Markdown : **gras**, *italique*, listes.",
    )
    besoins = models.TextField(
        "besoins", validators=[LongueurMax(TEXTE_PERSONA_MAX, "Le texte des besoins")], help_text="Markdown."
    )
    attentes = models.TextField(
        "attentes", validators=[LongueurMax(TEXTE_PERSONA_MAX, "Le texte des attentes")], help_text="Markdown."
    )
    freins = models.TextField(
        "freins", validators=[LongueurMax(TEXTE_PERSONA_MAX, "Le texte des freins")], help_text="Markdown."
    )
    # La citation : un verbatim publiable du diagnostic, ou une phrase écrite par l'équipe (l'une ou l'autre).
    citation_verbatim = models.ForeignKey(
        Verbatim,
        verbose_name="citation : verbatim du diagnostic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    citation_redigee = models.TextField(
        "citation : phrase écrite par l'équipe",
        blank=True,
        validators=[LongueurMax(CITATION_MAX, "La citation")],
        help_text="Affichée comme « écrite par l'équipe d'animation », jamais comme la parole d'un usager.",
    )
    publics = models.ManyToManyField(Public, verbose_name="publics représentés", blank=True, related_name="personas")
    irritants = models.ManyToManyField(
        Irritant, verbose_name="irritants", through="PersonaIrritant", blank=True, related_name="personas"
    )
    fil_rouge = models.BooleanField(
        "fil rouge", default=False, help_text="L'un des personas gardés comme fil rouge après le séminaire."
    )
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    # Ne change que par `persona_publier` / `persona_depublier` (facilitateurs), qui l'écrivent au journal.
    statut = models.CharField(
        "publication", max_length=10, choices=StatutPersona.choices, default=StatutPersona.BROUILLON
    )
    image = models.ImageField(
        "portrait illustré",
        upload_to="personas/portraits/",
        blank=True,
        validators=[portrait_valider],
        help_text="Facultatif : JPEG, PNG ou WebP, 2 Mo au plus. Sans image, un avatar aux initiales s'affiche.",
    )
    image_description = models.CharField(
        "description de l'image",
        max_length=200,
        blank=True,
        help_text="Le texte alternatif du portrait, pour qui ne voit pas l'image.",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = PersonaQuerySet.as_manager()

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "personas"
        ordering = ["ordre", "prenom", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citation_verbatim__isnull=True) | models.Q(citation_redigee=""),
                name="persona_une_seule_citation",
                violation_error_message="Choisissez un verbatim du diagnostic ou écrivez une citation, pas les deux.",
            )
        ]

    def __str__(self):
        return self.prenom

    def get_absolute_url(self):
        return reverse("personas:detail", kwargs={"slug": self.slug})

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutPersona.PUBLIE

    @property
    def initiales(self) -> str:
        """« R » pour Roseline, « JP » pour Jean-Pierre."""
        morceaux = [m for m in re.split(r"[\s-]+", self.prenom.strip()) if m]
        return "".join(m[0] for m in morceaux[:2]).upper() or "?"

    @property
    def texte_alternatif(self) -> str:
        return self.image_description or f"Portrait illustratif de {self.prenom}"

    def citation(self, *, voir_tout: bool = False) -> Citation | None:
        """La citation à afficher. Un verbatim qui n'est plus publiable ne s'affiche jamais au public ; un
        facilitateur le voit, signalé. Lit `citation_verbatim` (à précharger avec sa commune)."""
        if self.citation_verbatim_id:
            verbatim = self.citation_verbatim
            publiable = verbatim.statut == StatutPublication.PUBLIABLE
            if not publiable and not voir_tout:
                return None
            return Citation(texte=verbatim.texte, profil=verbatim.profil, redigee=False, publiable=publiable)
        if self.citation_redigee.strip():
            return Citation(texte=self.citation_redigee.strip(), profil="", redigee=True)
        return None

    def clean(self):
        """Les règles d'un persona, pour tous les chemins d'écriture (formulaire, administration, démo).

        Le prénom n'est pas vide ; l'identifiant n'est pas un mot réservé des adresses ; la commune est une
        commune du territoire de l'expérimentation ; l'expérimentation ne change plus (ses irritants en
        viennent) ; la citation est un verbatim publiable de la même expérimentation, ou une phrase de
        l'équipe, pas les deux.
        """
        erreurs: dict[str, list[str]] = {}
        if self.prenom is not None and not self.prenom.strip():
            erreurs.setdefault("prenom", []).append("Donnez un prénom au persona.")
        if self.slug in SLUGS_RESERVES:
            erreurs.setdefault("slug", []).append(
                f"« {self.slug} » est réservé par les adresses du site : choisissez un autre identifiant."
            )
        experimentation = self.experimentation if self.experimentation_id else None
        if experimentation and self.commune_id:
            dans_le_territoire = AppartenanceTerritoire.objects.filter(
                territoire_id=experimentation.territoire_id, commune_id=self.commune_id
            ).exists()
            if not dans_le_territoire:
                erreurs.setdefault("commune", []).append(
                    f"Cette commune n'est pas dans le territoire de l'expérimentation « {experimentation.nom} »."
                )
        if self.pk and experimentation:
            avant = type(self).objects.filter(pk=self.pk).values_list("experimentation_id", flat=True).first()
            if avant is not None and avant != experimentation.pk:
                erreurs.setdefault("experimentation", []).append(
                    "Un persona ne change pas d'expérimentation : ses irritants en viennent. Créez-en un autre."
                )
        if self.citation_verbatim_id and (self.citation_redigee or "").strip():
            erreurs.setdefault(NON_FIELD_ERRORS, []).append(
                "Choisissez un verbatim du diagnostic ou écrivez une citation, pas les deux."
            )
        if self.citation_verbatim_id:
            verbatim = (
                Verbatim.objects.filter(pk=self.citation_verbatim_id)
                .values("statut", "observation__experimentation_id")
                .first()
            )
            if verbatim is None or verbatim["statut"] != StatutPublication.PUBLIABLE:
                erreurs.setdefault("citation_verbatim", []).append(
                    "Ce verbatim n'est pas publiable : seul un verbatim que les facilitateurs ont rendu publiable "
                    "peut servir de citation."
                )
            elif experimentation and verbatim["observation__experimentation_id"] != experimentation.pk:
                erreurs.setdefault("citation_verbatim", []).append(
                    "Ce verbatim vient d'une autre expérimentation que le persona."
                )
        if erreurs:
            raise ValidationError(erreurs)


class PersonaIrritant(models.Model):
    """Un irritant sur lequel se fonde un persona, à son rang (le premier est le plus important)."""

    persona = models.ForeignKey(Persona, verbose_name="persona", on_delete=models.CASCADE, related_name="fondements")
    irritant = models.ForeignKey(Irritant, verbose_name="irritant", on_delete=models.PROTECT, related_name="+")
    ordre = models.PositiveSmallIntegerField("rang", default=0)

    class Meta:
        verbose_name = "irritant du persona"
        verbose_name_plural = "irritants du persona"
        ordering = ["ordre", "pk"]
        constraints = [models.UniqueConstraint(fields=["persona", "irritant"], name="persona_irritant_unique")]

    def __str__(self):
        return f"{self.persona} ← {self.irritant}"

    def clean(self):
        if not (self.persona_id and self.irritant_id):
            return
        if self.irritant.experimentation_id != self.persona.experimentation_id:
            raise ValidationError({"irritant": "Cet irritant appartient à une autre expérimentation que le persona."})


class JournalPersona(LigneJournal):
    """Journal des personas : création, modifications, publication et retour au brouillon, par qui et quand."""

    action = models.CharField("action", max_length=20, choices=ActionPersona.choices)
    persona = models.ForeignKey(Persona, verbose_name="persona", on_delete=models.PROTECT, related_name="journal")
    detail = models.CharField("détail", max_length=300, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Pas `auto_now_add` : une reprise de données (la démo) écrit l'heure d'origine.
    le = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "événement d'un persona"
        verbose_name_plural = "journal des personas"
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.persona}"


# --- La lettre d'interpellation ---------------------------------------------------------------------------------


class LettreInterpellation(models.Model):
    """La lettre qu'un persona adresse à l'administration, dans sa voix. Corps en Markdown (rendu sûr).

    Les irritants cités (dans l'ordre) deviennent les notes de la lettre : `[^2]` dans le corps renvoie au
    deuxième. Chaque enregistrement écrit une version (`VersionLettre`), restaurable.
    """

    persona = models.OneToOneField(Persona, verbose_name="persona", on_delete=models.PROTECT, related_name="lettre")
    objet = models.CharField("objet", max_length=200, error_messages={"blank": "Indiquez l'objet de la lettre."})
    destinataire = models.TextField(
        "destinataire",
        max_length=500,
        help_text="Une ligne par ligne d'adresse, ex. « Mesdames et Messieurs les responsables des services ».",
    )
    date_lettre = models.DateField("date de la lettre", error_messages={"null": "Indiquez la date de la lettre."})
    appel = models.CharField("formule d'appel", max_length=100, default="Madame, Monsieur,")
    corps = models.TextField(
        "corps de la lettre",
        validators=[LongueurMax(CORPS_LETTRE_MAX, "Le corps de la lettre")],
        help_text="Markdown. Appelez une note avec [^1] pour le premier irritant cité, [^2] pour le deuxième…",
        error_messages={"blank": "Écrivez le corps de la lettre."},
    )
    politesse = models.TextField(
        "formule de politesse", max_length=500, blank=True, help_text="Ex. « Je vous prie d'agréer… »."
    )
    irritants = models.ManyToManyField(
        Irritant, verbose_name="irritants cités", through="LettreIrritant", blank=True, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "lettre d'interpellation"
        verbose_name_plural = "lettres d'interpellation"

    def __str__(self):
        return f"Lettre d'interpellation de {self.persona}"

    def get_absolute_url(self):
        return reverse("personas:lettre", kwargs={"slug": self.persona.slug})

    @property
    def lignes_destinataire(self) -> list[str]:
        return [ligne.strip() for ligne in self.destinataire.splitlines() if ligne.strip()]

    def clean(self):
        erreurs: dict[str, list[str]] = {}
        if self.corps is not None and not self.corps.strip():
            erreurs.setdefault("corps", []).append("Écrivez le corps de la lettre.")
        if self.objet is not None and not self.objet.strip():
            erreurs.setdefault("objet", []).append("Indiquez l'objet de la lettre.")
        if self.destinataire is not None and not self.destinataire.strip():
            erreurs.setdefault("destinataire", []).append("Indiquez à qui la lettre s'adresse.")
        if self.persona_id and self.date_lettre:
            experimentation = self.persona.experimentation
            if not (experimentation.date_lancement <= self.date_lettre <= experimentation.date_echeance_promesses):
                erreurs.setdefault("date_lettre", []).append(
                    f"Le {jour(self.date_lettre)} est en dehors de l'expérimentation « {experimentation.nom} », "
                    f"qui va du {jour(experimentation.date_lancement)} au "
                    f"{jour(experimentation.date_echeance_promesses)}."
                )
        if erreurs:
            raise ValidationError(erreurs)


class LettreIrritant(models.Model):
    """Un irritant cité par une lettre, à son rang : celui de sa note dans le corps."""

    lettre = models.ForeignKey(
        LettreInterpellation, verbose_name="lettre", on_delete=models.CASCADE, related_name="citations"
    )
    irritant = models.ForeignKey(Irritant, verbose_name="irritant", on_delete=models.PROTECT, related_name="+")
    ordre = models.PositiveSmallIntegerField("rang", default=0)

    class Meta:
        verbose_name = "irritant cité"
        verbose_name_plural = "irritants cités"
        ordering = ["ordre", "pk"]
        constraints = [models.UniqueConstraint(fields=["lettre", "irritant"], name="lettre_irritant_unique")]

    def __str__(self):
        return f"{self.lettre} → {self.irritant}"


class VersionLettre(Version):
    """Une version enregistrée d'une lettre d'interpellation (ajout seul : on restaure en ajoutant)."""

    lettre = models.ForeignKey(
        LettreInterpellation, verbose_name="lettre", on_delete=models.PROTECT, related_name="versions"
    )

    CHAMP_OBJET = "lettre"
    LIBELLES = {
        "objet": "Objet",
        "destinataire": "Destinataire",
        "date_lettre": "Date",
        "appel": "Formule d'appel",
        "corps": "Corps de la lettre",
        "politesse": "Formule de politesse",
        "irritants": "Irritants cités",
    }

    class Meta(Version.Meta):
        verbose_name = "version d'une lettre d'interpellation"
        verbose_name_plural = "versions des lettres d'interpellation"
        constraints = [models.UniqueConstraint(fields=["lettre", "numero"], name="version_lettre_numero_unique")]
