from django import forms

from commun.formulaires import FormulaireDsfr
from promesses.enums import STATUTS_DECLARABLES


class PointAvancementForm(FormulaireDsfr):
    avancement = forms.IntegerField(
        label="Avancement (%)", min_value=0, max_value=100, help_text="De 0 à 100. Une promesse tenue l'est à 100 %."
    )
    statut = forms.ChoiceField(
        label="Statut",
        choices=STATUTS_DECLARABLES,
        help_text="« En retard » ne se choisit pas : il s'affiche seul quand l'échéance est passée.",
    )
    date = forms.DateField(
        label="Date du point",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Par défaut, aujourd'hui.",
    )
    commentaire = forms.CharField(
        label="Ce qui a changé",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
        help_text="Obligatoire pour une promesse abandonnée : expliquez pourquoi.",
    )
    lien_preuve = forms.URLField(label="Lien vers une preuve", required=False, max_length=500, assume_scheme="https")
    fichier_preuve = forms.FileField(
        label="Pièce justificative", required=False, help_text="Image (JPEG, PNG, WebP) ou PDF, 5 Mo au plus."
    )


class ImportCsvForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="UTF-8, séparateur « ; » ou « , ». Colonnes : promesse_id, date, avancement, statut, commentaire, "
        "lien_preuve.",
    )
