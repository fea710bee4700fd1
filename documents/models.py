"""Un document PDF : ce qu'il présente (clé stable), son état et le dernier fichier publié.

Une seule ligne par couple (source, identifiant de l'objet) : on la met à jour au fil des
générations, on ne la duplique jamais. Deux empreintes y vivent côte à côte :
- `empreinte_demandee` : celle du contenu lors de la dernière demande ;
- `empreinte_fichier` : celle du contenu que le fichier publié met en page.
Le document est à jour quand l'empreinte du contenu actuel égale `empreinte_fichier`.

Le `jeton` identifie la demande en cours : chaque nouvelle demande en tire un neuf, et une tâche ne
publie que si le jeton qu'elle porte est toujours celui de la ligne. Une tâche périmée (le contenu a
changé pendant qu'elle travaillait) s'efface devant la suivante.
"""

from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from documents import registre
from documents.enums import EtatDocument

# Une génération en attente ou en cours depuis plus longtemps que ça est tenue pour perdue (worker
# tué sans relivraison, broker vidé) : on peut la relancer. Bien au-delà de la limite de temps de la tâche.
DELAI_BLOCAGE = timedelta(minutes=10)


class Document(models.Model):
    uuid = models.UUIDField("identifiant public", default=uuid4, unique=True, editable=False)
    source = models.CharField(
        "source", max_length=100, help_text="Ce que le document présente, par exemple « personas.lettre »."
    )
    objet_id = models.CharField("identifiant de l'objet", max_length=64)
    titre = models.CharField("titre", max_length=200)
    nom_fichier = models.CharField("nom du fichier", max_length=150)
    etat = models.CharField("état", max_length=12, choices=EtatDocument.choices, default=EtatDocument.EN_ATTENTE)
    empreinte_demandee = models.CharField("empreinte du contenu demandé", max_length=64, blank=True)
    empreinte_fichier = models.CharField("empreinte du contenu publié", max_length=64, blank=True)
    fichier = models.FileField("fichier publié", upload_to="documents/", max_length=255, blank=True)
    jeton = models.UUIDField("jeton de la demande en cours", default=uuid4, editable=False)
    erreur = models.TextField("message d'erreur", blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    demande_le = models.DateTimeField("demandé le", null=True, blank=True)
    genere_le = models.DateTimeField("généré le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["-modifie_le"]
        constraints = [
            models.UniqueConstraint(fields=["source", "objet_id"], name="document_unique_par_objet"),
        ]

    def __str__(self):
        return f"{self.titre} ({self.get_etat_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("documents:etat", args=[self.uuid])

    def clean(self):
        try:
            registre.obtenir(self.source)
        except registre.SourceInconnue:
            raise ValidationError({"source": f"Aucune source de documents nommée « {self.source} »."}) from None
        if "/" in self.nom_fichier or not self.nom_fichier.lower().endswith(".pdf"):
            raise ValidationError(
                {"nom_fichier": "Le nom du fichier se termine par .pdf et ne contient pas de « / »."}
            )

    @property
    def cle(self) -> str:
        return f"{self.source}:{self.objet_id}"

    @property
    def ancre(self) -> str:
        """L'identifiant HTML du bloc d'état sur les pages qui l'incluent (connu avant même la ligne)."""
        return ancre(self.source, self.objet_id)

    @property
    def en_preparation(self) -> bool:
        return self.etat in (EtatDocument.EN_ATTENTE, EtatDocument.EN_COURS)

    @property
    def bloque(self) -> bool:
        return self.en_preparation and self.modifie_le < timezone.now() - DELAI_BLOCAGE

    @property
    def relancable(self) -> bool:
        return self.etat == EtatDocument.ECHEC or self.bloque

    @property
    def disponible(self) -> bool:
        """Un fichier complet est publié (peut-être celui d'une version précédente du contenu)."""
        return bool(self.fichier)

    @property
    def url_fichier(self) -> str:
        """L'adresse stable du fichier : elle ne change pas quand le PDF est régénéré."""
        return reverse("documents:telecharger", args=[self.uuid, self.nom_fichier])


def ancre(source: str, objet_id) -> str:
    return slugify(f"document-{source}-{objet_id}")
