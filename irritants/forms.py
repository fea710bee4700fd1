"""Formulaires du codage, de la fusion et de la publication : validation seulement, les écritures
passent par `irritants.services` (le filtre de la file est celui des observations, `irritants.filters`)."""

from django import forms
from django.template.defaultfilters import date as date_format

from commun.formulaires import FormulaireDsfr, FormulaireModeleDsfr
from irritants import selectors
from irritants.enums import Gravite
from irritants.models import Irritant


class RattachementForm(forms.Form):
    """Les irritants auxquels rattacher une observation (cases à cocher regroupées par thème dans le gabarit)."""

    irritants = forms.ModelMultipleChoiceField(
        label="Irritants",
        queryset=Irritant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Cochez au moins un irritant, ou créez-en un.",
            "invalid_choice": "Un des irritants choisis n'existe plus ou a été fusionné : rechargez la page.",
            "invalid_pk_value": "« %(pk)s » n'est pas un irritant : rechargez la page.",
        },
    )

    def __init__(self, *args, observation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["irritants"].queryset = Irritant.objects.actifs().filter(
            experimentation_id=observation.experimentation_id
        )


class RetraitForm(forms.Form):
    irritant = forms.ModelChoiceField(
        label="Irritant",
        queryset=Irritant.objects.all(),
        error_messages={
            "required": "Indiquez l'irritant dont détacher l'observation.",
            "invalid_choice": "Cet irritant n'existe plus : rechargez la page.",
        },
    )


class AnnulationForm(forms.Form):
    """« Annuler » un codage de la file : les irritants auxquels l'observation vient d'être rattachée."""

    irritants = forms.ModelMultipleChoiceField(
        queryset=Irritant.objects.all(),
        error_messages={
            "required": "Rien à annuler : rechargez la page.",
            "invalid_choice": "Un de ces irritants n'existe plus : rechargez la page.",
            "invalid_pk_value": "« %(pk)s » n'est pas un irritant : rechargez la page.",
        },
    )


class IrritantCreationForm(FormulaireModeleDsfr):
    """Créer un irritant depuis la fiche d'une observation (préfixe propre à chaque fiche)."""

    class Meta:
        model = Irritant
        fields = ["titre", "theme", "gravite", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "titre": {"required": "Donnez un titre à l'irritant."},
            "theme": {"required": "Choisissez un thème.", "invalid_choice": "Ce thème n'existe plus."},
        }

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titre"].widget.attrs["maxlength"] = 200
        self.fields["gravite"].choices = Gravite.choices
        self.fields["gravite"].initial = Gravite.MOYENNE
        self.fields["gravite"].help_text = "Moyenne par défaut : à revoir avant de publier."
        self.fields["description"].help_text = (
            "Ce que vivent les usagers, en quelques phrases. Publique une fois l'irritant publié : "
            "pas de nom ni de note interne."
        )
        if themes is not None:
            # Les thèmes déjà lus par la page : chaque fiche n'en refait pas la requête pour s'afficher.
            self.fields["theme"].choices = [("", "Choisir un thème"), *((t.pk, t.nom) for t in themes)]

    def clean_titre(self):
        titre = self.cleaned_data["titre"].strip()
        if not titre:
            raise forms.ValidationError("Donnez un titre à l'irritant.")
        return titre


def libelle_fusion(irritant: Irritant) -> str:
    """« n° 12 — Titre — Thème, publié, 4 observations, créé le 3 janvier 2018 » : deux titres pareils se
    distinguent par leur numéro, leur état et leurs observations."""
    nombre = irritant.nb_observations
    return (
        f"n° {irritant.pk} — {irritant.titre} — {irritant.theme.nom}, {irritant.get_statut_display().lower()}, "
        f"{nombre} observation{'s' if nombre > 1 else ''}, créé le {date_format(irritant.cree_le, 'j F Y')}"
    )


class FusionForm(FormulaireDsfr):
    source = forms.ModelChoiceField(
        label="Irritant à fusionner (il disparaîtra de la synthèse)",
        queryset=Irritant.objects.none(),
        error_messages={
            "required": "Choisissez l'irritant à fusionner.",
            "invalid_choice": "Cet irritant n'existe plus ou a déjà été fusionné.",
        },
    )
    cible = forms.ModelChoiceField(
        label="Irritant qui le remplace (il reçoit toutes les observations)",
        queryset=Irritant.objects.none(),
        error_messages={
            "required": "Choisissez l'irritant qui reçoit les observations.",
            "invalid_choice": "Cet irritant n'existe plus ou a déjà été fusionné.",
        },
    )

    def __init__(self, *args, experimentation, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in ("source", "cible"):
            self.fields[nom].queryset = selectors.irritants_pour_fusion(experimentation)
            self.fields[nom].label_from_instance = libelle_fusion

    def clean(self):
        donnees = super().clean()
        source, cible = donnees.get("source"), donnees.get("cible")
        if source and cible and source.pk == cible.pk:
            self.add_error(
                "cible", "Choisissez deux irritants différents : un irritant ne se fusionne pas avec lui-même."
            )
        return donnees


class PublicationForm(forms.Form):
    """Publier, dépublier ou retirer un irritant ; le retrait demande un motif (écrit au journal)."""

    action = forms.ChoiceField(
        choices=[("publier", "Publier"), ("depublier", "Remettre en brouillon"), ("retirer", "Retirer")],
        error_messages={"invalid_choice": "Action inconnue : rechargez la page.", "required": "Action inconnue."},
    )
    motif = forms.CharField(label="Motif du retrait", max_length=300, required=False)

    def clean(self):
        donnees = super().clean()
        if donnees.get("action") == "retirer" and not (donnees.get("motif") or "").strip():
            self.add_error("motif", "Indiquez pourquoi l'irritant est retiré.")
        return donnees
