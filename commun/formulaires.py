"""Les formulaires du projet, rendus par django-dsfr : `{{ form }}` ou `{{ champ.as_field_group }}`.

Un formulaire hérite de `FormulaireDsfr` (ou de `FormulaireModeleDsfr`) : django-dsfr pose les classes
du DSFR sur les widgets et rend chaque champ avec ses gabarits (`dsfr/form_field_snippets/`), son
libellé, son aide et ses erreurs. On ne corrige ici que ce que django-dsfr 3.6 fait mal :

- la mention des champs : il marque les obligatoires d'un astérisque, sauf si le réglage transitoire
  `DSFR_MARK_OPTIONAL_FIELDS` est vrai, et écrit alors « (Optional) », non traduit. Le DSFR
  recommande de signaler les champs facultatifs : « (facultatif) », voir `commun.dsfr_balises` ;
- l'aide disparaît de `aria-describedby` quand le champ est en erreur (voir `ChampDsfr`).
"""

from pathlib import Path

import dsfr
from django import forms
from django.utils.functional import cached_property
from dsfr.forms import DsfrBaseForm, DsfrBoundField, DsfrDjangoTemplates


class ChampDsfr(DsfrBoundField):
    @property
    def aria_describedby(self):
        # Django 5.2 écrit aria-describedby="<id>_helptext <id>_error", mais le bloc d'erreurs des gabarits
        # de django-dsfr a l'identifiant « <id>-desc-error » ; son filtre dsfr_input_class_attr met donc sur
        # le widget d'un champ en erreur aria-describedby="<id>-desc-error", que Django garde tel quel : l'aide
        # n'est plus lue. On garde la convention de Django pour l'aide et l'identifiant de django-dsfr pour
        # les erreurs. (Un attribut passé au widget l'emporte sur celui que le filtre a posé.)
        erreur = f"{self.auto_id}-desc-error"
        if self.field.widget.attrs.get("aria-describedby") not in (None, erreur):
            return None  # choisi par le formulaire lui-même : Django le garde, nous aussi.
        identifiants = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                identifiants.append(f"{self.auto_id}_helptext")
            if self.errors:
                identifiants.append(erreur)
        return " ".join(identifiants)


class RenduDsfr(DsfrDjangoTemplates):
    """Le moteur de gabarits des formulaires de django-dsfr, dont la balise de la mention est la nôtre.

    Mêmes dossiers de gabarits que `DsfrDjangoTemplates` ; seule la bibliothèque chargée par
    `{% load dsfr_tags %}` change : `commun.dsfr_balises` (les balises de django-dsfr, une remplacée).
    """

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(dsfr.__file__).resolve().parent / self.backend.app_dirname,
                    Path(forms.__file__).resolve().parent / self.backend.app_dirname,
                ],
                "NAME": "formulaires_dsfr",
                "OPTIONS": {"libraries": {"dsfr_tags": "commun.dsfr_balises"}},
            }
        )


# Un seul moteur pour tous les formulaires : django-dsfr en crée un (et recompile ses gabarits) par formulaire.
# Ses gabarits sont gardés en mémoire : en développement, en modifier un demande de relancer le serveur.
RENDU_DSFR = RenduDsfr()


class FormulaireDsfr(DsfrBaseForm):
    """Un formulaire rendu par django-dsfr ; ses champs facultatifs sont signalés « (facultatif) »."""

    bound_field_class = ChampDsfr
    default_renderer = RENDU_DSFR
    # Faux quand tous les champs sont facultatifs (filtres d'une liste) : la mention n'apprendrait rien.
    marquer_facultatifs = True
    # Lu par `includes/form_field.html`, qui confie à django-dsfr les champs de ces formulaires.
    rendu_dsfr = True

    def get_context(self):
        # DsfrBaseForm.get_context n'ajoute qu'un avertissement de transition (une erreur dans nos tests)
        # et une variable que ses gabarits ne lisent pas : on prend celui de Django.
        return forms.Form.get_context(self)


class FormulaireModeleDsfr(FormulaireDsfr, forms.ModelForm):
    """Un ModelForm rendu par django-dsfr (déclarer sa Meta comme pour tout ModelForm)."""
