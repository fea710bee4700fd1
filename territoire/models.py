"""Le territoire : communes (actuelles et historiques), EPCI, lieux d'accueil, territoires nommés.

App feuille : elle n'importe aucune autre app du projet.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from commun.textes import normaliser
from territoire.enums import Canal, SourceLieu, TypeCommune, TypeEpci, TypeLieuAccueil

code_insee_validator = RegexValidator(
    r"^(\d[0-9AB]\d{3})$", "Le code INSEE compte 5 caractères (chiffres, ou 2A/2B pour la Corse)."
)


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=5, choices=TypeEpci.choices, default=TypeEpci.AUTRE)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class CommuneQuerySet(models.QuerySet):
    def actuelles(self):
        return self.filter(type=TypeCommune.COMMUNE)


class Commune(models.Model):
    """Une commune du Code officiel géographique.

    Une commune nouvelle (type COM) et l'ancienne commune devenue déléguée (type COMD) peuvent
    partager le même code INSEE (Bellefont-La Rauze et Laroque-des-Arcs : 46156) : le code est
    unique par type, et la page publique d'un code montre la commune actuelle.
    """

    code_insee = models.CharField("code INSEE", max_length=5, validators=[code_insee_validator], db_index=True)
    type = models.CharField("type", max_length=4, choices=TypeCommune.choices, default=TypeCommune.COMMUNE)
    nom = models.CharField("nom", max_length=200)
    # Le nom sans accents ni majuscules, stocké pour chercher et trier en SQL (index trigramme sur PostgreSQL).
    nom_normalise = models.CharField("nom normalisé", max_length=200, db_index=True, editable=False, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name="commune de rattachement",
        help_text="Pour une commune déléguée ou associée : la commune nouvelle dont elle fait partie.",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes_deleguees",
    )
    departement = models.CharField("département", max_length=3, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    codes_postaux = models.JSONField("codes postaux", default=list, blank=True)
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    geometrie = models.JSONField(
        "contour",
        null=True,
        blank=True,
        help_text="Géométrie GeoJSON (longitude, latitude), simplifiée pour l'affichage.",
    )
    centroide_latitude = models.FloatField("latitude du centroïde", null=True, blank=True)
    centroide_longitude = models.FloatField("longitude du centroïde", null=True, blank=True)

    mairie_adresse = models.TextField("adresse de la mairie", blank=True)
    mairie_horaires = models.JSONField(
        "horaires de la mairie", default=dict, blank=True, help_text="Par jour : liste de créneaux [début, fin]."
    )
    mairie_telephone = models.CharField("téléphone de la mairie", max_length=40, blank=True)
    mairie_email = models.EmailField("courriel de la mairie", blank=True)
    mairie_site = models.URLField("site de la mairie", max_length=300, blank=True)
    mairie_latitude = models.FloatField("latitude de la mairie", null=True, blank=True)
    mairie_longitude = models.FloatField("longitude de la mairie", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["code_insee", "type"], name="commune_code_type_unique"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        if (champs := kwargs.get("update_fields")) is not None and "nom" in champs:
            kwargs["update_fields"] = {*champs, "nom_normalise"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("territoire:commune", kwargs={"code_insee": self.code_insee})

    @property
    def est_actuelle(self) -> bool:
        return self.type == TypeCommune.COMMUNE

    @property
    def commune_actuelle(self) -> "Commune":
        """La commune d'aujourd'hui qui couvre celle-ci (elle-même si elle n'a pas fusionné)."""
        return self if self.parent_id is None else self.parent


class Territoire(models.Model):
    """Un ensemble nommé de communes, dans une géographie datée (ex. bassin de vie 2016).

    Chaque appartenance garde le code et le nom de la commune dans cette géographie, et la
    relie à la commune d'aujourd'hui : les deux vues (2016 et actuelle) restent liées.
    """

    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    description = models.TextField("description", blank=True)
    millesime_geographie = models.PositiveSmallIntegerField(
        "millésime de la géographie", help_text="Année du Code officiel géographique des codes listés."
    )
    source = models.TextField("source", blank=True, help_text="Origine de la liste de communes, avec sa licence.")
    # La carte SVG des communes (territoire/carte_stockee.py), calculée à l'import plutôt qu'à chaque visite :
    # None quand une écriture du territoire (communes, lieux, appartenances) la rend à recalculer.
    carte_svg = models.TextField("carte (SVG calculé)", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class AppartenanceTerritoire(models.Model):
    territoire = models.ForeignKey(
        Territoire, verbose_name="territoire", on_delete=models.CASCADE, related_name="appartenances"
    )
    code_insee = models.CharField(
        "code INSEE (millésime du territoire)", max_length=5, validators=[code_insee_validator]
    )
    nom = models.CharField("nom (millésime du territoire)", max_length=200)
    commune = models.ForeignKey(
        Commune,
        verbose_name="commune actuelle",
        on_delete=models.PROTECT,
        related_name="appartenances",
        limit_choices_to={"type": TypeCommune.COMMUNE},
    )
    commune_historique = models.ForeignKey(
        Commune,
        verbose_name="commune historique",
        help_text="La commune déléguée qui porte l'ancien code, quand la commune a fusionné depuis.",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "commune du territoire"
        verbose_name_plural = "communes du territoire"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "code_insee"], name="appartenance_code_unique"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code_insee}) → {self.commune.nom}"

    @property
    def a_fusionne(self) -> bool:
        return self.commune.code_insee != self.code_insee or self.commune.nom != self.nom


class LieuAccueil(models.Model):
    """Un lieu d'accueil du public (mairie, France Services, CAF, etc.)."""

    type = models.CharField("type", max_length=20, choices=TypeLieuAccueil.choices)
    nom = models.CharField("nom", max_length=300)
    adresse = models.TextField("adresse", blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name="commune",
        on_delete=models.PROTECT,
        related_name="lieux_accueil",
        limit_choices_to={"type": TypeCommune.COMMUNE},
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    horaires = models.JSONField(
        "horaires d'ouverture", default=dict, blank=True, help_text="Par jour : liste de créneaux [début, fin]."
    )
    canaux = models.JSONField("canaux", default=list, blank=True, help_text=f"Parmi : {', '.join(Canal.values)}.")
    telephone = models.CharField("téléphone", max_length=40, blank=True)
    email = models.EmailField("courriel", blank=True)
    site = models.URLField("site", max_length=300, blank=True)
    source = models.CharField("source", max_length=20, choices=SourceLieu.choices, default=SourceLieu.SAISIE)
    identifiant_source = models.CharField("identifiant dans la source", max_length=50, blank=True)

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["commune__nom", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifiant_source"],
                condition=~models.Q(identifiant_source=""),
                name="lieu_source_identifiant_unique",
            ),
        ]

    def __str__(self):
        return self.nom

    def get_canaux_display(self) -> list[str]:
        return [Canal(c).label for c in self.canaux if c in Canal.values]
