"""Formulaires des personas et des lettres, rendus par django-dsfr (`commun.formulaires`) : saisie et validation des
champs ; les règles du modèle (commune du territoire, citation publiable…) sont vérifiées par le service
(`full_clean`), dont les erreurs reviennent sur les champs du formulaire (`erreurs_du_service`).

Les irritants (d'un persona, ou cités par une lettre) sont ordonnés : une liste de choix par rang
(« 1er irritant », « 2e irritant »…), lisible et utilisable sans JavaScript.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from commun.formulaires import FormulaireDsfr, FormulaireModeleDsfr
from commun.validateurs import LongueurMax
from irritants.models import Irritant
from personas.enums import AutonomieNumerique
from personas.models import LettreInterpellation, Persona
from personas.services import CHAMPS_LETTRE, CHAMPS_PERSONA, IRRITANTS_MAX
from terrain.models import Public
from territoire.models import Commune

RANGS_PERSONA = 6
RANGS_LETTRE = 6


class _ChoixEnMemoire(forms.models.ModelChoiceIterator):
    """Les choix d'une liste lue une fois : six listes d'irritants par rang ne font pas six requêtes."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for objet in self.field.objets:
            yield self.choice(objet)

    def __len__(self):
        return len(self.field.objets) + (self.field.empty_label is not None)


class ChoixIrritant(forms.ModelChoiceField):
    iterator = _ChoixEnMemoire

    def __init__(self, *args, objets, **kwargs):
        self.objets = objets
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        par_pk = {str(objet.pk): objet for objet in self.objets}
        if str(value) not in par_pk:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return par_pk[str(value)]


def _rang(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"


def _pluriel(nombre: int, mot: str) -> str:
    return f"{nombre} {mot}{'s' if nombre > 1 else ''}"


class IrritantsOrdonnes:
    """Ajoute à un formulaire les champs `<prefixe>_1` … `<prefixe>_n` (un irritant par rang, le premier requis)."""

    prefixe = "irritant"
    rangs = RANGS_PERSONA
    libelle = "irritant"
    requis = True

    def ajouter_rangs(self, irritants, initiaux: list[Irritant]) -> None:
        objets = list(irritants)
        for n in range(1, self.rangs + 1):
            self.fields[f"{self.prefixe}_{n}"] = ChoixIrritant(
                label=f"{_rang(n)} {self.libelle}",
                queryset=irritants,
                objets=objets,
                required=self.requis and n == 1,
                empty_label="—",
                initial=initiaux[n - 1].pk if n <= len(initiaux) else None,
                error_messages={
                    "required": f"Choisissez au moins un {self.libelle}.",
                    "invalid_choice": "Cet irritant n'existe plus ou a été fusionné : rechargez la page.",
                },
            )

    @property
    def champs_rangs(self):
        return [self[f"{self.prefixe}_{n}"] for n in range(1, self.rangs + 1)]

    def irritants_ordonnes(self) -> list[Irritant]:
        choisis = [self.cleaned_data.get(f"{self.prefixe}_{n}") for n in range(1, self.rangs + 1)]
        return [irritant for irritant in choisis if irritant is not None]

    def verifier_rangs(self) -> None:
        vus = set()
        for n in range(1, self.rangs + 1):
            irritant = self.cleaned_data.get(f"{self.prefixe}_{n}")
            if irritant is None:
                continue
            if irritant.pk in vus:
                self.add_error(f"{self.prefixe}_{n}", "Cet irritant est déjà choisi à un rang précédent.")
            vus.add(irritant.pk)


def validateurs_du_modele(form) -> None:
    """Les bornes et longueurs du modèle, vérifiées dès le formulaire : toutes les erreurs en une fois."""
    for nom, champ in form.fields.items():
        try:
            champ_modele = form._meta.model._meta.get_field(nom)
        except FieldDoesNotExist:
            continue
        for validateur in champ_modele.validators:
            if isinstance(validateur, MinValueValidator | MaxValueValidator | LongueurMax):
                champ.validators.append(validateur)


class ErreursDuService:
    """Range les erreurs d'un service (clés : champs du modèle) sur les champs du formulaire."""

    champ_des_irritants = "irritant_1"

    def erreurs_du_service(self, erreur: ValidationError) -> None:
        if not hasattr(erreur, "error_dict"):
            for message in erreur.messages:
                self.add_error(None, message)
            return
        for champ, messages in erreur.message_dict.items():
            if champ == "irritants":
                champ = self.champ_des_irritants
            for message in messages:
                self.add_error(champ if champ in self.fields and champ != NON_FIELD_ERRORS else None, message)


class PersonaForm(IrritantsOrdonnes, ErreursDuService, FormulaireModeleDsfr):
    """Créer ou modifier un persona. `propositions` (dérivation d'irritants) : les nombres d'observations
    s'affichent à côté des publics, des communes et des verbatims que les preuves désignent."""

    class Meta:
        model = Persona
        fields = [*CHAMPS_PERSONA, "publics"]
        widgets = {
            "autonomie_numerique": forms.RadioSelect,
            "citation_verbatim": forms.RadioSelect,
            "publics": forms.CheckboxSelectMultiple,
            "portrait": forms.Textarea(attrs={"rows": 6}),
            "besoins": forms.Textarea(attrs={"rows": 4}),
            "attentes": forms.Textarea(attrs={"rows": 4}),
            "freins": forms.Textarea(attrs={"rows": 4}),
            "citation_redigee": forms.Textarea(attrs={"rows": 2}),
        }

    image = forms.ImageField(
        label="Portrait illustré",
        required=False,
        help_text="JPEG, PNG ou WebP, 2 Mo au plus ; ses métadonnées (lieu, appareil) sont effacées. "
        "Sans image, un avatar aux initiales s'affiche.",
        error_messages={"invalid_image": "Ce fichier n'est pas une image lisible : choisissez un JPEG, PNG ou WebP."},
    )
    retirer_image = forms.BooleanField(label="Retirer le portrait illustré actuel", required=False)

    def __init__(self, *args, experimentation, irritants_initiaux=(), verbatims=(), propositions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.experimentation = experimentation
        self.propositions = propositions
        validateurs_du_modele(self)
        self.fields["slug"].required = False
        self.fields["ordre"].help_text = "Les personas s'affichent du plus petit au plus grand rang."
        self.fields["autonomie_numerique"].choices = AutonomieNumerique.choices
        communes = (
            Commune.objects.actuelles()
            .filter(appartenances__territoire_id=experimentation.territoire_id)
            .distinct()
            .only("pk", "nom", "code_insee")
            .order_by("nom_normalise")
        )
        self.fields["commune"].queryset = communes
        self.fields["commune"].empty_label = "Choisir une commune"
        self.fields["publics"].queryset = Public.objects.order_by("ordre", "nom")
        verbatims = list(verbatims)
        self.fields["citation_verbatim"].queryset = self.fields["citation_verbatim"].queryset.filter(
            pk__in=[v.pk for v in verbatims]
        )
        self.fields["citation_verbatim"].empty_label = "Aucun verbatim (citation écrite par l'équipe, ou aucune)"
        self.fields["citation_verbatim"].help_text = (
            "Les verbatims publiables des preuves de ses irritants. Le public ne voit la citation que tant que "
            "le verbatim reste publiable."
        )
        if propositions is not None:
            self._etiqueter(propositions)
        self.ajouter_rangs(
            Irritant.objects.actifs().filter(experimentation=experimentation).order_by("titre"),
            list(irritants_initiaux),
        )
        for nom in ("prenom", "situation_familiale", "situation_professionnelle", "image_description"):
            self.fields[nom].widget.attrs.setdefault("maxlength", self.fields[nom].max_length)

    def _etiqueter(self, propositions) -> None:
        """Les nombres que les preuves des irritants choisis donnent, dans les libellés des choix."""
        publics = propositions.publics_par_pk
        communes = propositions.communes_par_pk
        verbatims = {p.objet.pk: p.nombre for p in propositions.verbatims}
        nb = len(propositions.irritants)

        def public(p):
            n = publics.get(p.pk)
            return f"{p.nom} — {_pluriel(n, 'observation')} des irritants choisis" if n else p.nom

        def commune(c):
            n = communes.get(c.pk)
            return f"{c.nom} — {_pluriel(n, 'observation')}" if n else c.nom

        def verbatim(v):
            n = verbatims.get(v.pk, 0)
            dans = f" (dans {n} des {nb} irritants choisis)" if nb > 1 and n else ""
            return f"« {v.texte} » — {v.profil or 'profil non précisé'}{dans}"

        self.fields["publics"].label_from_instance = public
        self.fields["commune"].label_from_instance = commune
        self.fields["citation_verbatim"].label_from_instance = verbatim
        self.fields[
            "publics"
        ].help_text = "Cochés d'avance : les publics d'au moins un tiers des observations des irritants choisis."

    def clean(self):
        donnees = super().clean()
        self.verifier_rangs()
        if donnees.get("citation_verbatim") and (donnees.get("citation_redigee") or "").strip():
            self.add_error(
                "citation_redigee", "Choisissez un verbatim du diagnostic ou écrivez une citation, pas les deux."
            )
        return donnees

    def _post_clean(self):
        """Pas de validation du modèle ici : le service la fait (`full_clean`), pour tous les chemins d'écriture."""

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        champs = {champ: d[champ] for champ in CHAMPS_PERSONA if champ in d}
        champs["slug"] = champs.get("slug") or ""
        champs["citation_redigee"] = (champs.get("citation_redigee") or "").strip()
        image = d.get("image") or None
        if image is None and d.get("retirer_image"):
            image = False
        publics = list(d.get("publics") or [])
        return {**champs, "irritants": self.irritants_ordonnes(), "publics": publics, "image": image}


class ChoixIrritantsForm(FormulaireDsfr):
    """Première étape de la dérivation : les irritants d'où tirer un persona (cases à cocher)."""

    irritants = forms.ModelMultipleChoiceField(
        label="Irritants",
        queryset=Irritant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Cochez au moins un irritant.",
            "invalid_choice": "Un des irritants choisis n'existe plus ou a été fusionné : rechargez la page.",
            "invalid_pk_value": "« %(pk)s » n'est pas un irritant.",
        },
    )

    def __init__(self, *args, experimentation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["irritants"].queryset = Irritant.objects.actifs().filter(experimentation=experimentation)

    def clean_irritants(self):
        irritants = self.cleaned_data["irritants"]
        if len(irritants) > IRRITANTS_MAX:
            raise forms.ValidationError(f"{IRRITANTS_MAX} irritants au plus : gardez les plus importants.")
        return irritants


class LettreForm(IrritantsOrdonnes, ErreursDuService, FormulaireModeleDsfr):
    prefixe = "cite"
    rangs = RANGS_LETTRE
    libelle = "irritant cité"
    requis = False
    champ_des_irritants = "cite_1"

    class Meta:
        model = LettreInterpellation
        fields = list(CHAMPS_LETTRE)
        widgets = {
            "destinataire": forms.Textarea(attrs={"rows": 3}),
            "date_lettre": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "corps": forms.Textarea(attrs={"rows": 22}),
            "politesse": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, persona, irritants_initiaux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.persona = persona
        validateurs_du_modele(self)
        self.fields["date_lettre"].help_text = "Au format JJ/MM/AAAA ; elle figure en tête de la lettre."
        self.fields["date_lettre"].error_messages["invalid"] = "Saisissez une date valide, par exemple 05/02/2018."
        self.fields["objet"].widget.attrs["maxlength"] = 200
        irritants = Irritant.objects.actifs().filter(experimentation_id=persona.experimentation_id).order_by("titre")
        self.ajouter_rangs(irritants, list(irritants_initiaux))
        for champ in self.champs_rangs:
            champ.field.help_text = ""
        self.fields["cite_1"].help_text = "Le 1er irritant cité est la note [^1] du corps, le 2e la note [^2]…"

    def clean(self):
        donnees = super().clean()
        self.verifier_rangs()
        return donnees

    def _post_clean(self):
        """Pas de validation du modèle ici : le service la fait (`full_clean`)."""

    def donnees_service(self) -> dict:
        champs = {champ: self.cleaned_data[champ] for champ in CHAMPS_LETTRE}
        return {**champs, "irritants": self.irritants_ordonnes()}


class PublicationForm(FormulaireDsfr):
    action = forms.ChoiceField(
        choices=[("publier", "Publier"), ("depublier", "Remettre en brouillon")],
        error_messages={"invalid_choice": "Action inconnue : rechargez la page.", "required": "Action inconnue."},
    )
