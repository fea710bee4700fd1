"""Formulaires des ateliers (rendus par django-dsfr)."""

from django import forms

from ateliers.models import Engagement
from commun.formulaires import FormulaireDsfr
from irritants.models import Irritant
from terrain.models import Structure

IMPORT_TAILLE_MAX = 1024 * 1024


class ImportParticipantsForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Fichier CSV des participants",
        help_text="UTF-8, séparateur « ; » ou « , ». Colonnes : nom ; type ; organisation ; courriel "
        "(les deux dernières facultatives). 1 Mo au plus.",
        error_messages={"required": "Choisissez le fichier CSV à importer."},
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > IMPORT_TAILLE_MAX:
            raise forms.ValidationError("Le fichier dépasse 1 Mo : rien n'a été importé. Découpez-le.")
        return fichier


class LettreEngagementForm(FormulaireDsfr):
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="La réponse de l'atelier au persona, en Markdown (**gras**, *italique*, listes). Enregistrée "
        "automatiquement pendant que vous écrivez.",
    )
    signataires = forms.CharField(
        label="Signataires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une ligne par signataire.",
    )


class EngagementForm(FormulaireDsfr):
    titre = forms.CharField(label="Titre de l'engagement", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    porteur_structure = forms.ModelChoiceField(
        label="Porteur (structure du diagnostic)",
        queryset=Structure.objects.order_by("nom"),
        required=False,
        empty_label="— Aucune : je l'écris ci-dessous —",
    )
    porteur_libre = forms.CharField(
        label="Porteur (autre)", required=False, max_length=200, help_text="Si ce n'est pas une structure de la liste."
    )
    echeance = forms.DateField(
        label="Échéance",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissée vide : l'échéance des promesses de l'expérimentation.",
    )
    irritants = forms.ModelMultipleChoiceField(
        label="Irritants auxquels il répond",
        queryset=Irritant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, atelier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["irritants"].queryset = atelier.persona.irritants.order_by("titre")


class VoteForm(FormulaireDsfr):
    engagements = forms.ModelMultipleChoiceField(
        label="Les promesses que vous soutenez",
        queryset=Engagement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, engagements, voix: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagements"].queryset = engagements
        self.fields["engagements"].help_text = f"Cochez au plus {voix} promesses."
        self.fields["engagements"].label_from_instance = lambda e: (
            f"{e.lettre.atelier.persona.prenom}, n° {e.numero} : {e.titre} (porteur : {e.porteur})"
        )


class RetenirForm(FormulaireDsfr):
    engagements = forms.ModelMultipleChoiceField(
        label="Promesses retenues", queryset=Engagement.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, engagements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagements"].queryset = engagements
        self.fields["engagements"].label_from_instance = lambda e: (
            f"{e.lettre.atelier.persona.prenom}, n° {e.numero} : {e.titre} — {e.nb_voix} voix"
        )
