"""Le registre des sources : ce que l'app documents sait rendre, sans connaître aucune app du domaine.

Une app du domaine déclare une source dans son module `<app>/documents.py` (importé au démarrage
par `DocumentsConfig.ready`) :

    from documents.registre import Contenu, source

    @source("personas.lettre", voir=peut_voir_lettre, demander="personas.gerer_personas")
    def lettre_interpellation(objet_id: str) -> Contenu:
        lettre = LettreInterpellation.objects.select_related("persona").get(pk=objet_id)
        return Contenu(
            titre=f"Lettre d'interpellation de {lettre.persona.prenom}",
            nom_fichier=f"lettre-{lettre.persona.slug}.pdf",
            gabarit="personas/pdf/lettre.html",
            contexte={"lettre": lettre, "entete": {...}, "date": lettre.modifiee_le},
        )

- Le nom d'une source (« app.chose ») et l'identifiant de l'objet forment la clé stable d'un
  document : une ligne `Document` par couple, quoi qu'on demande et combien de fois.
- La fonction reçoit l'identifiant sous forme de chaîne et renvoie un `Contenu` : un gabarit et son
  contexte (cas courant) ou une chaîne HTML déjà rendue. Si l'objet n'existe pas, elle laisse
  passer `ObjectDoesNotExist` (le `.get()` de Django) : le document est alors introuvable (404).
  Le contenu ne doit dépendre que de l'objet, jamais de l'heure courante : son empreinte décide si
  le PDF est à refaire (une date « aujourd'hui » le referait chaque jour).
- `voir` dit qui peut voir le document (page d'état, fichier) ; `demander` qui peut le (re)générer,
  par défaut les mêmes. Chacun est soit un appelable `(user, objet_id) -> bool`, soit le nom d'une
  permission (paquet `rules` ou permission Django) vérifiée par `user.has_perm(nom, objet_id)`.
- `version` est à changer quand le rendu change sans que le HTML produit ne change (rare : le HTML,
  la feuille de style et la version de WeasyPrint entrent déjà dans l'empreinte).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils.text import get_valid_filename

Regle = Callable[..., bool] | str


class SourceInconnue(LookupError):
    """Aucune source n'est enregistrée sous ce nom (app retirée, faute de frappe)."""


class DocumentIntrouvable(LookupError):
    """L'objet que le document présente n'existe pas (ou plus)."""


@dataclass(frozen=True)
class Contenu:
    """Ce qu'une source rend pour un objet : un titre, un nom de fichier et le HTML à mettre en page."""

    titre: str
    nom_fichier: str
    gabarit: str = ""
    contexte: Mapping = field(default_factory=dict)
    html: str = ""

    def __post_init__(self):
        if bool(self.gabarit) == bool(self.html):
            raise ImproperlyConfigured("Un contenu de document donne soit un gabarit, soit du HTML, pas les deux.")

    @property
    def nom_fichier_sur(self) -> str:
        """Le nom de fichier proposé au téléchargement : sans chemin ni caractère spécial, en .pdf."""
        nom = get_valid_filename(self.nom_fichier.rsplit("/", 1)[-1]) or "document.pdf"
        if not nom.lower().endswith(".pdf"):
            nom = f"{nom}.pdf"
        return nom[-150:]

    def rendre(self) -> str:
        if self.html:
            return self.html
        return render_to_string(self.gabarit, {**self.contexte, "document_titre": self.titre})


def tout_le_monde(user, objet_id) -> bool:
    """Règle de visibilité des documents publics (le public anonyme compris)."""
    return True


def _verifier(regle: Regle, user, objet_id: str) -> bool:
    if isinstance(regle, str):
        return bool(user.has_perm(regle, objet_id))
    return bool(regle(user, objet_id))


@dataclass(frozen=True)
class Source:
    nom: str
    fonction: Callable[[str], Contenu]
    voir: Regle
    demander: Regle | None = None
    version: str = "1"

    def contenu(self, objet_id) -> Contenu:
        try:
            contenu = self.fonction(str(objet_id))
        except ObjectDoesNotExist as exc:
            raise DocumentIntrouvable(f"{self.nom} : aucun objet {objet_id!r}") from exc
        if not isinstance(contenu, Contenu):
            raise ImproperlyConfigured(f"La source {self.nom} doit renvoyer un documents.registre.Contenu.")
        return contenu

    def peut_voir(self, user, objet_id) -> bool:
        return _verifier(self.voir, user, str(objet_id))

    def peut_demander(self, user, objet_id) -> bool:
        if not self.peut_voir(user, objet_id):
            return False
        return self.demander is None or _verifier(self.demander, user, str(objet_id))


_sources: dict[str, Source] = {}


def enregistrer(source_: Source) -> Source:
    deja = _sources.get(source_.nom)
    if deja is not None and deja.fonction is not source_.fonction:
        raise ImproperlyConfigured(f"Deux sources de documents portent le nom {source_.nom!r}.")
    _sources[source_.nom] = source_
    return source_


def source(nom: str, *, voir: Regle, demander: Regle | None = None, version: str = "1"):
    """Décorateur : enregistre la fonction comme source de documents sous ce nom."""
    if not nom or ":" in nom or len(nom) > 100:
        raise ImproperlyConfigured(f"Nom de source de documents invalide : {nom!r} (1 à 100 caractères, sans « : »).")

    def decorer(fonction: Callable[[str], Contenu]):
        enregistrer(Source(nom=nom, fonction=fonction, voir=voir, demander=demander, version=version))
        return fonction

    return decorer


def obtenir(nom: str) -> Source:
    try:
        return _sources[nom]
    except KeyError:
        raise SourceInconnue(f"Aucune source de documents nommée {nom!r}.") from None


def retirer(nom: str) -> None:
    """Retire une source (tests)."""
    _sources.pop(nom, None)


def noms() -> list[str]:
    return sorted(_sources)
