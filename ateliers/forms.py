"""Formulaires des ateliers (rendus par django-dsfr)."""

from django import forms

from ateliers.enums import Competence, Decision, OrigineMembre
from ateliers.models import Engagement, Equipe, Participant
from commun.formulaires import FormulaireDsfr
from experimentations.models import Experimentation
from irritants.models import Irritant
from terrain.models import Structure
from territoire.models import Commune, LieuAccueil

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


class CycleForm(FormulaireDsfr):
    date_debut = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_fin = forms.DateField(
        label="Fin", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), help_text="7 à 14 jours."
    )
    objectif = forms.CharField(label="Objectif du cycle", widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(
        label="Décision pour le cycle suivant",
        choices=[("", "— Pas encore décidé —"), *Decision.choices],
        required=False,
    )
    decision_motif = forms.CharField(
        label="Pourquoi cette décision", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PisteForm(FormulaireDsfr):
    titre = forms.CharField(label="Piste de solution", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MaquetteForm(FormulaireDsfr):
    titre = forms.CharField(label="Maquette", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 2}))
    fichier = forms.FileField(
        label="Image ou PDF", required=False, help_text="Facultatif : JPEG, PNG, WebP ou PDF, 5 Mo au plus."
    )
    texte_alternatif = forms.CharField(
        label="Description de l'image", required=False, max_length=300, help_text="Pour qui ne voit pas l'image."
    )


class TestTerrainForm(FormulaireDsfr):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    commune = forms.ModelChoiceField(label="Commune", queryset=Commune.objects.none())
    lieu = forms.ModelChoiceField(label="Lieu d'accueil", queryset=LieuAccueil.objects.none(), required=False)
    usagers_rencontres = forms.IntegerField(label="Usagers rencontrés", min_value=0, max_value=10_000)
    enseignements = forms.CharField(label="Ce que nous avons appris", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, experimentation, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.filter(appartenances__territoire_id=experimentation.territoire_id).order_by("nom")
        self.fields["commune"].queryset = communes
        self.fields["lieu"].queryset = LieuAccueil.objects.filter(commune__in=communes).order_by("nom")


class InscriptionLaboForm(FormulaireDsfr):
    nom = forms.CharField(label="Votre nom", max_length=150, help_text="Ou un prénom, ou un pseudonyme.")
    email = forms.EmailField(
        label="Courriel", required=False, help_text="Facultatif : seulement pour vous prévenir d'un changement."
    )
    consentement = forms.BooleanField(
        label="J'accepte que l'équipe garde mon nom (et mon courriel, si je le donne) jusqu'à la fin de la session.",
        error_messages={"required": "Cochez la case pour vous inscrire : sans elle, nous ne gardons rien."},
    )


HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionLaboForm(FormulaireDsfr):
    """Programmer ou modifier une séance du laboratoire (facilitateurs)."""

    theme = forms.CharField(label="Thème de la séance", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce que le public viendra faire : tester une maquette, donner son avis…",
    )
    experimentation = forms.ModelChoiceField(label="Expérimentation", queryset=Experimentation.objects.none())
    equipe = forms.ModelChoiceField(
        label="Équipe qui ouvre sa séance",
        queryset=Equipe.objects.none(),
        required=False,
        empty_label="— Aucune : séance de tout le laboratoire —",
    )
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    heure_debut = forms.TimeField(label="Début", widget=HEURE, help_text="Format : 14:00.")
    heure_fin = forms.TimeField(label="Fin", widget=HEURE, help_text="Format : 16:30.")
    lieu = forms.CharField(
        label="Lieu",
        max_length=300,
        required=False,
        help_text="Laissé vide : le laboratoire, ancienne mairie de Cahors.",
    )
    capacite = forms.IntegerField(label="Places", min_value=1, max_value=500)
    publiee = forms.BooleanField(
        label="Publier la séance : le public la voit et peut s'inscrire", required=False, initial=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experimentation"].queryset = Experimentation.objects.order_by("-date_lancement", "pk")
        self.fields["equipe"].queryset = Equipe.objects.select_related("engagement").order_by(
            "engagement__ordre_retenu", "pk"
        )


class MembreEquipeForm(FormulaireDsfr):
    """Ajouter un membre à une équipe : un participant du séminaire, ou un nom libre."""

    participant = forms.ModelChoiceField(
        label="Un participant du séminaire",
        queryset=Participant.objects.none(),
        required=False,
        empty_label="— Personne de la liste : j'écris son nom ci-dessous —",
    )
    nom = forms.CharField(
        label="Ou son nom", max_length=150, required=False, help_text="Si la personne n'était pas au séminaire."
    )
    origine = forms.ChoiceField(
        label="D'où vient-elle ?", choices=OrigineMembre.choices, initial=OrigineMembre.PARTICIPANT
    )
    fonction = forms.CharField(label="Fonction", max_length=200, required=False)
    competence = forms.ChoiceField(label="Compétence apportée", choices=Competence.choices, required=False)

    def __init__(self, *args, equipe, **kwargs):
        super().__init__(*args, **kwargs)
        seminaire_id = equipe.engagement.lettre.atelier.seminaire_id
        self.fields["participant"].queryset = (
            Participant.objects.filter(seminaire_id=seminaire_id).select_related("structure").order_by("nom", "pk")
        )
        self.fields["participant"].label_from_instance = lambda p: (
            f"{p.nom} ({p.organisation_affichee})" if p.organisation_affichee else p.nom
        )

    def clean(self):
        donnees = super().clean()
        if not donnees.get("participant") and not (donnees.get("nom") or "").strip():
            self.add_error("nom", "Choisissez un participant du séminaire ou écrivez le nom du membre.")
        return donnees
