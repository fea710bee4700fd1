"""Le formulaire court de saisie d'une observation, pensé pour un téléphone.

Le formulaire lit et contrôle la saisie (choix connus, date lisible, communes trouvées) ; les
règles métier (longueurs, date dans l'expérimentation, verbatim complet) sont dans
`terrain.services`, dont les erreurs reviennent sur les mêmes noms de champs.

Date : aujourd'hui par défaut seulement s'il tombe dans l'expérimentation, sinon à choisir ; l'aide
du champ dit les dates permises. Les champs à longueur bornée portent `data-longueur-max` (compteur
de la page) et les champs obligatoires `data-requis` (leur message, pour la vérification hors ligne).

Communes : sans JavaScript, un simple champ texte accepte des codes INSEE ou des noms exacts
séparés par des virgules ; avec le script de la page, chaque commune choisie dans l'autocomplétion
devient une puce portant un champ caché `communes=<code INSEE>`. Les deux se combinent.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from commun.textes import normaliser
from commun.validateurs import LongueurMax, jour, milliers
from experimentations.models import Experimentation
from experimentations.selectors import experimentations_publiques
from terrain.enums import SourceObservation, StatutPublication, TrancheAge, TypeObservation
from terrain.models import TEXTE_MAX, VERBATIM_MAX, Observation, Public, Verbatim
from territoire.models import Commune, Territoire
from territoire.selectors import CODE_INSEE, communes_chercher, communes_par_noms

SEPARATEURS = re.compile(r"[,;\n]+")
NOM_ET_CODE = re.compile(r"^(?P<nom>.*?)\s*\((?P<code>[0-9][0-9AB][0-9]{3})\)$")
COMMUNES_MAX = 30
COMMUNES_LONGUEUR_MAX = 3000
SITUATION_MAX = Verbatim._meta.get_field("situation").max_length
NOM_SITUATION = "Le champ « Situation de la personne »"


def compteur(limite: int, nom: str, **attrs) -> dict:
    """Les attributs d'un champ à longueur bornée : le script de la page y ajoute un compteur de caractères."""
    return {"data-longueur-max": limite, "data-longueur-nom": nom, **attrs}


def recherche_extraire(texte: str) -> str:
    """Ce que l'on cherche : le dernier morceau après une virgule (« Cahors, Prad » → « Prad »)."""
    return SEPARATEURS.split(texte or "")[-1].strip()


def communes_suggerer(recherche: str, territoire: Territoire | None) -> list[Commune]:
    """Les suggestions de l'autocomplétion pour le dernier morceau tapé (« Cahors, Prad » → « Prad »)."""
    return communes_chercher(recherche_extraire(recherche), territoire=territoire)


class CommunesWidget(forms.TextInput):
    """Un champ texte qui reçoit aussi les valeurs multiples des puces (`communes=46042&communes=46224`)."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return [v for v in data.getlist(name) if v.strip()]
        valeur = data.get(name)
        return [valeur] if isinstance(valeur, str) and valeur.strip() else list(valeur or [])

    def format_value(self, value):
        if isinstance(value, list | tuple):
            # Les communes déjà choisies s'affichent « Cahors (46042) », forme que le champ relit.
            return ", ".join(f"{v.nom} ({v.code_insee})" if isinstance(v, Commune) else str(v) for v in value)
        return super().format_value(value)


class CommunesField(forms.Field):
    """Codes INSEE ou noms exacts de communes actuelles → liste de `Commune`.

    Les noms sont cherchés d'abord dans le territoire de l'expérimentation (sans accents ni
    majuscules), puis dans toute la France ; un nom porté par plusieurs communes hors du
    territoire demande le code INSEE. `resolues` et `reste` gardent ce qui a été compris et ce
    qui ne l'a pas été, pour réafficher la saisie sans rien perdre.
    """

    widget = CommunesWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.territoire: Territoire | None = None
        self.resolues: list[Commune] = []
        self.reste: list[str] = []

    def to_python(self, value):
        if not value:
            return []
        valeurs = value if isinstance(value, list | tuple) else [value]
        morceaux, vus = [], set()
        for valeur in valeurs:
            for morceau in SEPARATEURS.split(str(valeur)):
                if (morceau := morceau.strip()) and normaliser(morceau) not in vus:
                    vus.add(normaliser(morceau))
                    morceaux.append(morceau)
        return morceaux

    def clean(self, value):
        self.resolues, self.reste = [], []
        valeurs = value if isinstance(value, list | tuple) else [value or ""]
        if len(valeurs) > COMMUNES_MAX or sum(len(str(v)) for v in valeurs) > COMMUNES_LONGUEUR_MAX:
            raise ValidationError(
                f"Une observation concerne au plus {COMMUNES_MAX} communes : la liste envoyée est trop longue. "
                "Gardez les communes les plus concernées.",
                code="trop_de_communes",
            )
        morceaux = self.to_python(value)
        if not morceaux:
            return []
        if len(morceaux) > COMMUNES_MAX:
            # Borné avant toute requête : une liste géante ne coûte rien au serveur.
            self.reste = morceaux[:COMMUNES_MAX]
            raise ValidationError(
                f"Une observation concerne au plus {COMMUNES_MAX} communes (ici {len(morceaux)}) : "
                "gardez les plus concernées.",
                code="trop_de_communes",
            )
        codes = {}
        for morceau in morceaux:
            if correspondance := NOM_ET_CODE.match(morceau):
                morceau = correspondance["code"]
            if CODE_INSEE.fullmatch(morceau):
                codes[morceau] = None
        par_code = {c.code_insee: c for c in Commune.objects.actuelles().filter(code_insee__in=list(codes))}
        noms = [m for m in morceaux if not NOM_ET_CODE.match(m) and not CODE_INSEE.fullmatch(m)]
        par_nom = communes_par_noms(noms, territoire=self.territoire)
        erreurs = []
        for morceau in morceaux:
            if correspondance := NOM_ET_CODE.match(morceau):
                commune = par_code.get(correspondance["code"])
            else:
                commune = par_code.get(morceau) or par_nom.trouvees.get(normaliser(morceau))
            if commune is not None:
                if commune not in self.resolues:
                    self.resolues.append(commune)
                continue
            self.reste.append(morceau)
            if homonymes := par_nom.ambigus.get(normaliser(morceau)):
                exemples = " ou ".join(f"« {c.nom} ({c.code_insee}) »" for c in homonymes[:3])
                erreurs.append(
                    f"Plusieurs communes s'appellent « {morceau} » : indiquez laquelle avec son code INSEE, "
                    f"{exemples}."
                )
            else:
                erreurs.append(
                    f"Commune inconnue : « {morceau} ». Tapez le début de son nom puis choisissez-la dans la liste, "
                    "ou indiquez son code INSEE (5 caractères)."
                )
        if erreurs:
            raise ValidationError(erreurs)
        return self.resolues


class TexteMultiligne(forms.CharField):
    """Un texte sur plusieurs lignes : un retour à la ligne compte pour un caractère, comme dans le compteur de la
    page (le navigateur envoie « \\r\\n », l'envoi de la file « \\n »)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ObservationForm(forms.Form):
    """Saisie courte d'une observation, et de son verbatim s'il y en a un."""

    experimentation = forms.ModelChoiceField(
        label="Expérimentation",
        queryset=Experimentation.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": "Cette expérimentation n'existe pas ou plus."},
    )
    date = forms.DateField(
        label="Date de l'observation",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date de l'observation.", "invalid": "Date illisible (jj/mm/aaaa)."},
    )
    texte = TexteMultiligne(
        label="Ce que vous avez observé",
        validators=[LongueurMax(TEXTE_MAX, "Le texte de l'observation")],
        help_text=f"Un fait, en quelques phrases ({milliers(TEXTE_MAX)} caractères au plus).",
        widget=forms.Textarea(
            attrs=compteur(TEXTE_MAX, "Le texte de l'observation", rows=5, autocomplete="off", spellcheck="true")
        ),
        error_messages={"required": "Décrivez ce que vous avez observé."},
    )
    type = forms.ChoiceField(
        label="Nature",
        choices=TypeObservation.choices,
        initial=TypeObservation.DIFFICULTE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la nature de l'observation."},
    )
    source = forms.ChoiceField(
        label="Source",
        choices=SourceObservation.choices,
        initial=SourceObservation.USAGER,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez d'où vient l'observation."},
    )
    communes = CommunesField(
        label="Communes concernées",
        help_text=(
            "Tapez le début du nom, puis choisissez. Sans la liste : noms ou codes INSEE séparés par des virgules."
        ),
        widget=CommunesWidget(attrs={"autocomplete": "off", "inputmode": "search", "enterkeyhint": "search"}),
    )
    publics = forms.ModelMultipleChoiceField(
        label="Publics concernés",
        queryset=Public.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    verbatim_texte = TexteMultiligne(
        label="Les mots de la personne",
        validators=[LongueurMax(VERBATIM_MAX, "Le verbatim")],
        help_text=f"Tels qu'elle les a dits, sans son nom ({milliers(VERBATIM_MAX)} caractères au plus).",
        required=False,
        widget=forms.Textarea(attrs=compteur(VERBATIM_MAX, "Le verbatim", rows=3, autocomplete="off")),
    )
    verbatim_tranche_age = forms.ChoiceField(
        label="Tranche d'âge", choices=TrancheAge.choices, initial=TrancheAge.INCONNUE, required=False
    )
    verbatim_situation = forms.CharField(
        label="Situation de la personne",
        help_text=f"Ex. « mère isolée, aide à domicile en CDD ». Jamais de nom ({SITUATION_MAX} caractères au plus).",
        required=False,
        validators=[LongueurMax(SITUATION_MAX, NOM_SITUATION)],
        widget=forms.TextInput(attrs=compteur(SITUATION_MAX, NOM_SITUATION, autocomplete="off")),
    )
    verbatim_statut = forms.ChoiceField(
        label="Publication du verbatim",
        help_text="Seul un verbatim « publiable » peut paraître sur les pages publiques.",
        choices=StatutPublication.choices,
        initial=StatutPublication.INTERNE,
        widget=forms.RadioSelect,
        required=False,
    )
    uuid_client = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Identifiant d'envoi invalide : rechargez le formulaire."},
    )

    CHAMPS_VERBATIM = ("verbatim_texte", "verbatim_tranche_age", "verbatim_situation", "verbatim_statut")

    def __init__(self, *args, user, observation: Observation | None = None, **kwargs):
        self.observation = observation
        if observation is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial_depuis(observation)
        super().__init__(*args, **kwargs)
        if observation is not None:
            # Une observation enregistrée ne change pas d'expérimentation (règle du modèle).
            self.experimentations = [observation.experimentation]
        else:
            self.experimentations = list(experimentations_publiques())
        champ = self.fields["experimentation"]
        champ.queryset = Experimentation.objects.filter(pk__in=[e.pk for e in self.experimentations])
        champ.choices = [(e.pk, e.nom) for e in self.experimentations]
        if len(self.experimentations) <= 1:
            champ.widget = forms.HiddenInput()
        else:
            champ.widget = forms.RadioSelect(choices=champ.choices)
        if not user.has_perm("terrain.publier_verbatim"):
            # Un agent note un verbatim « interne » ; seul un facilitateur le publie ou le retire.
            del self.fields["verbatim_statut"]
        par_defaut = observation.experimentation if observation else next(iter(self.experimentations), None)
        if par_defaut is not None:
            self.initial.setdefault("experimentation", par_defaut.pk)
            if (aujourd_hui := self._date_par_defaut(par_defaut)) is not None:
                self.initial.setdefault("date", aujourd_hui)
            self._date_expliquer(par_defaut, aujourd_hui_par_defaut=aujourd_hui is not None and observation is None)
        for nom in ("texte", "date"):
            # Le script de la page vérifie ces champs avant de garder une observation hors connexion.
            self.fields[nom].widget.attrs["data-requis"] = self.fields[nom].error_messages["required"]
        if observation is None and "verbatim_statut" in self.fields:
            # « Retiré » sert à dépublier un verbatim existant : pas à la création.
            self.fields["verbatim_statut"].choices = [
                c for c in StatutPublication.choices if c[0] != StatutPublication.RETIRE
            ]
        self.fields["communes"].territoire = (
            self._experimentation_choisie().territoire if self.experimentations else None
        )

    @staticmethod
    def _date_par_defaut(experimentation: Experimentation):
        """Aujourd'hui s'il tombe dans l'expérimentation ; sinon pas de date par défaut (Cahors : 2018), jamais une
        date choisie en silence à la place de l'agent."""
        aujourd_hui = timezone.localdate()
        if experimentation.date_lancement <= aujourd_hui <= experimentation.date_echeance_promesses:
            return aujourd_hui
        return None

    def _date_expliquer(self, experimentation: Experimentation, *, aujourd_hui_par_defaut: bool) -> None:
        """L'aide du champ date dit les dates permises (et les bornes du calendrier les suivent) ; elle dit aussi
        quand la date proposée est celle du jour."""
        champ = self.fields["date"]
        if len(self.experimentations) == 1:
            champ.widget.attrs.update(
                min=experimentation.date_lancement.isoformat(), max=experimentation.date_echeance_promesses.isoformat()
            )
            champ.help_text = (
                f"Entre le {jour(experimentation.date_lancement)} et le "
                f"{jour(experimentation.date_echeance_promesses)}, dates de l'expérimentation."
            )
        else:
            champ.help_text = "Dans les dates de l'expérimentation choisie."
        if aujourd_hui_par_defaut:
            champ.help_text += " Aujourd'hui par défaut : changez-la si l'observation date d'un autre jour."

    @staticmethod
    def _initial_depuis(observation: Observation) -> dict:
        initial = {
            "experimentation": observation.experimentation_id,
            "texte": observation.texte,
            "type": observation.type,
            "source": observation.source,
            "date": observation.date,
            "communes": list(observation.communes.all()),
            "publics": list(observation.publics.all()),
            "uuid_client": observation.uuid_client,
        }
        if verbatim := observation.verbatims.order_by("pk").first():
            initial.update(
                verbatim_texte=verbatim.texte,
                verbatim_tranche_age=verbatim.tranche_age,
                verbatim_situation=verbatim.situation,
                verbatim_statut=verbatim.statut,
            )
        return initial

    def _experimentation_choisie(self) -> Experimentation:
        """L'expérimentation envoyée si elle est connue, sinon celle par défaut (pour le territoire des communes)."""
        valeur = self.data.get(self.add_prefix("experimentation")) if self.is_bound else None
        valeur = valeur or self.initial.get("experimentation")
        return next((e for e in self.experimentations if str(e.pk) == str(valeur)), self.experimentations[0])

    # --- Lecture de l'état des communes, pour le gabarit (puces et texte non reconnu) ---

    def communes_puces(self) -> list[Commune]:
        if self.is_bound:
            _ = self.errors  # valide le formulaire si ce n'est pas déjà fait
            return self.fields["communes"].resolues
        return list(self.initial.get("communes") or [])

    def communes_reste(self) -> str:
        return ", ".join(self.fields["communes"].reste) if self.is_bound else ""

    def a_un_verbatim(self) -> bool:
        """Le bloc verbatim s'ouvre quand il contient quelque chose (ou une erreur)."""
        if any(self.has_error(nom) for nom in self.CHAMPS_VERBATIM):
            return True
        source = self.data if self.is_bound else self.initial
        return bool((source.get("verbatim_texte") or "").strip() or (source.get("verbatim_situation") or "").strip())

    # --- Vers le service ---

    def donnees_service(self) -> dict:
        """Les arguments de `observation_creer` / `observation_modifier`, depuis un formulaire valide."""
        donnees = self.cleaned_data
        champs = {
            "experimentation": donnees["experimentation"],
            "texte": donnees["texte"],
            "type": donnees["type"],
            "source": donnees["source"],
            "date": donnees["date"],
            "communes": donnees["communes"],
            "publics": list(donnees["publics"]),
            "verbatim": None,
        }
        tranche = donnees.get("verbatim_tranche_age") or TrancheAge.INCONNUE
        if (
            donnees["verbatim_texte"].strip()
            or donnees["verbatim_situation"].strip()
            or tranche != TrancheAge.INCONNUE
        ):
            champs["verbatim"] = {
                "texte": donnees["verbatim_texte"],
                "tranche_age": tranche,
                "situation": donnees["verbatim_situation"],
            }
            if donnees.get("verbatim_statut"):
                champs["verbatim"]["statut"] = donnees["verbatim_statut"]
        if self.observation is None and donnees.get("uuid_client"):
            champs["uuid_client"] = donnees["uuid_client"]
        return champs

    def clean(self):
        """Les règles du modèle qui croisent plusieurs champs (date dans l'expérimentation…), vérifiées même quand
        un autre champ est en erreur : toutes les erreurs s'affichent d'un coup."""
        donnees = super().clean()
        if donnees.get("experimentation") and donnees.get("date"):
            observation = Observation(experimentation=donnees["experimentation"], date=donnees["date"])
            try:
                observation.clean()
            except ValidationError as erreur:
                self.erreurs_service_ajouter(erreur)
        return donnees

    def erreurs_service_ajouter(self, erreur: ValidationError) -> None:
        """Place les erreurs du modèle et du service sous leurs champs (`verbatim.texte` → `verbatim_texte`) ;
        les autres en tête du formulaire. Une erreur déjà affichée sous un champ ne l'est pas deux fois."""
        for cle, messages in erreur.message_dict.items():
            champ = cle.replace(".", "_")
            champ = champ if champ in self.fields else None
            nouveaux = [m for m in messages if m not in self.errors.get(champ or "__all__", [])]
            if nouveaux:
                self.add_error(champ, nouveaux)

    def erreurs_json(self) -> dict[str, list[str]]:
        return {champ: [str(m) for m in messages] for champ, messages in self.errors.items()}
