"""Les pages d'information du pied de page : leur adresse, leur titre et leur texte en Markdown.

Le texte vit dans `pages/contenus/<slug>.md`, relu et versionné comme le code ; il est rendu par
`documents.markdown.markdown_sur` (le même Markdown sûr que les lettres des personas). Les titres
`#` y deviennent des `<h2>` : le titre de la page (`<h1>`) vient d'ici.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString

from documents.markdown import markdown_sur

DOSSIER = Path(__file__).resolve().parent / "contenus"


@dataclass(frozen=True)
class PageInformation:
    slug: str
    titre: str
    description: str

    @property
    def url_name(self) -> str:
        return f"pages:{self.slug}"

    def html(self) -> SafeString:
        return _rendre(self.slug)


# L'ordre est celui du pied de page et du plan du site.
PAGES = (
    PageInformation(
        "accessibilite",
        "Déclaration d'accessibilité",
        "État de conformité au RGAA, ce qui n'est pas encore accessible, comment nous le signaler.",
    ),
    PageInformation(
        "mentions-legales",
        "Mentions légales",
        "Qui édite et héberge ce site, licences des contenus et du code.",
    ),
    PageInformation(
        "donnees-personnelles",
        "Données personnelles",
        "Ce que le site enregistre, pourquoi, combien de temps, et à qui s'adresser.",
    ),
)
PAR_SLUG = {page.slug: page for page in PAGES}


@cache
def _rendre(slug: str) -> SafeString:
    """Le HTML d'une page, lu et converti une fois par processus (le fichier ne change qu'au déploiement)."""
    return markdown_sur((DOSSIER / f"{slug}.md").read_text(encoding="utf-8"))
