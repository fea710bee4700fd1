"""Formulaires des ateliers (rendus par django-dsfr)."""

from django import forms

from commun.formulaires import FormulaireDsfr

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
