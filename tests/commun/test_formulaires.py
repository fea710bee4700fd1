"""Formulaires rendus par django-dsfr (commun.formulaires), et le fil d'Ariane de django-dsfr écrit dans un gabarit."""

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

from commun.formulaires import FormulaireDsfr, FormulaireModeleDsfr
from comptes.models import User
from tests.html import attribut, element, elements, fil_ariane, references_orphelines, texte_de


class Inscription(FormulaireDsfr):
    nom = forms.CharField(label="Nom", max_length=5, help_text="Tel qu'il figure sur vos papiers.")
    commune = forms.ChoiceField(label="Commune", choices=[("", "Choisir"), ("46042", "Cahors")])
    telephone = forms.CharField(label="Téléphone", required=False)
    canal = forms.ChoiceField(
        label="Canal préféré", choices=[("guichet", "Guichet"), ("telephone", "Téléphone")], widget=forms.RadioSelect
    )
    rappel = forms.BooleanField(label="Me rappeler", required=False, help_text="Une seule fois.")


class Filtres(Inscription):
    marquer_facultatifs = False


def _libelle(rendu, pour: str) -> str:
    return texte_de(element(rendu, "label", {"for": pour}))


def test_un_champ_facultatif_est_signale_et_un_obligatoire_n_a_pas_d_asterisque():
    rendu = Inscription().render()

    assert _libelle(rendu, "id_telephone") == "Téléphone (facultatif)"
    assert _libelle(rendu, "id_rappel") == "Me rappeler (facultatif) Une seule fois."
    assert _libelle(rendu, "id_nom") == "Nom Tel qu'il figure sur vos papiers."
    assert texte_de(element(rendu, "legend")) == "Canal préféré"
    assert not elements(rendu, classe="fr-required-marker")
    assert "Optional" not in rendu


def test_sans_mention_quand_tous_les_champs_sont_facultatifs():
    rendu = Filtres().render()

    assert _libelle(rendu, "id_telephone") == "Téléphone"
    assert "facultatif" not in rendu


def test_les_classes_du_dsfr_sont_posees_sur_les_champs():
    rendu = Inscription().render()

    assert len(elements(rendu, "div", classe="fr-input-group")) == 2  # nom, téléphone
    assert "fr-input" in attribut(element(rendu, "input", {"id": "id_nom"}), "class")
    assert "fr-select" in attribut(element(rendu, "select", {"id": "id_commune"}), "class")
    assert len(elements(rendu, "div", classe="fr-radio-group")) == 2
    assert element(rendu, "div", classe="fr-checkbox-group") is not None
    # Sans erreur, l'aide est liée au champ (convention de Django 5.2).
    assert attribut(element(rendu, "input", {"id": "id_nom"}), "aria-describedby") == "id_nom_helptext"


def test_un_champ_en_erreur_annonce_son_aide_et_son_erreur_en_francais():
    formulaire = Inscription({"nom": "Beaucoup trop long", "commune": "", "canal": ""})

    assert not formulaire.is_valid()
    rendu = formulaire.render()

    nom = element(rendu, "input", {"id": "id_nom"})
    assert attribut(nom, "aria-invalid") == "true"
    assert attribut(nom, "aria-describedby") == "id_nom_helptext id_nom-desc-error"
    assert "au plus 5 caractères" in texte_de(element(rendu, attributs={"id": "id_nom-desc-error"}))
    assert attribut(element(rendu, "select", {"id": "id_commune"}), "aria-describedby") == "id_commune-desc-error"
    assert "Ce champ est obligatoire." in texte_de(element(rendu, attributs={"id": "id_commune-desc-error"}))
    # Boutons radio : le groupe est nommé par sa légende et son erreur.
    assert attribut(element(rendu, "fieldset"), "aria-labelledby") == "id_canal-legend id_canal-desc-error"
    assert references_orphelines(rendu) == []


def test_un_aria_describedby_choisi_par_le_formulaire_est_garde():
    class AvecConsigne(Inscription):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["nom"].widget.attrs["aria-describedby"] = "consigne-nom"

    formulaire = AvecConsigne({"nom": "Ana"})
    formulaire.is_valid()

    rendu = formulaire.render()
    assert attribut(element(rendu, "input", {"id": "id_nom"}), "aria-describedby") == "consigne-nom"


def test_les_erreurs_generales_sont_rendues():
    class AvecRegle(Inscription):
        def clean(self):
            raise forms.ValidationError("Ce nom est déjà pris à Cahors.")

    formulaire = AvecRegle({"nom": "Ana", "commune": "46042", "canal": "guichet"})

    assert not formulaire.is_valid()
    assert "Ce nom est déjà pris à Cahors." in texte_de(element(formulaire.render(), "ul", classe="nonfield"))


def test_un_formulaire_de_modele_est_rendu_par_django_dsfr():
    class Profil(FormulaireModeleDsfr):
        class Meta:
            model = User
            fields = ["first_name", "email"]

    rendu = Profil().render()

    assert "fr-input" in attribut(element(rendu, "input", {"id": "id_email"}), "class")
    assert _libelle(rendu, "id_email").endswith("(facultatif)")


def _gabarit(source: str, **contexte) -> str:
    return Template(source).render(Context(contexte))


def test_l_inclusion_historique_confie_a_django_dsfr_les_champs_de_ses_formulaires():
    formulaire = Inscription({"nom": "Beaucoup trop long"})
    formulaire.is_valid()

    par_inclusion = _gabarit('{% include "includes/form_field.html" with field=champ only %}', champ=formulaire["nom"])

    assert par_inclusion.strip() == formulaire["nom"].as_field_group().strip()


def test_l_inclusion_historique_garde_son_rendu_pour_les_autres_formulaires():
    class Ancien(forms.Form):
        nom = forms.CharField(label="Nom", max_length=5)

    formulaire = Ancien({"nom": "Beaucoup trop long"})
    formulaire.is_valid()

    rendu = _gabarit('{% include "includes/form_field.html" with field=champ only %}', champ=formulaire["nom"])

    assert attribut(element(rendu, "input", {"id": "id_nom"}), "aria-describedby") == "id_nom_error"
    assert element(rendu, "div", {"id": "id_nom_error"}, classe="fr-messages-group") is not None


def test_la_balise_fil_ariane_alimente_celle_de_django_dsfr():
    rendu = _gabarit(
        '{% load dsfr_tags fil_ariane %}{% fil_ariane "Journal" "Irritants" adresse as fil %}'
        "{% dsfr_breadcrumb fil %}",
        adresse="/irritants/",
    )

    assert fil_ariane(rendu) == [("Accueil", "/"), ("Irritants", "/irritants/"), ("Journal", None)]
    with pytest.raises(TemplateSyntaxError):
        _gabarit('{% load fil_ariane %}{% fil_ariane "Journal" "Irritants" as fil %}')
