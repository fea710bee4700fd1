"""Markdown écrit par les utilisateurs → HTML sûr, pour les pages comme pour les PDF.

Deux bibliothèques tenues à jour, chacune pour ce qu'elle fait bien :
- markdown-it-py (CommonMark) convertit, **sans HTML brut** (`html=False` : une balise tapée par
  l'utilisateur devient du texte échappé), sans images (un PDF ne va rien chercher au dehors) et avec
  des liens limités à http, https et mailto (les autres restent du texte) ;
- nh3 (ammonia) nettoie ensuite la sortie avec une liste blanche stricte : aucune balise ni attribut
  hors de la liste, aucun attribut `style` ni `on*`, aucun schéma d'URL hors de http/https/mailto.
  Même si markdown-it laissait passer quelque chose, nh3 l'arrête.

Les notes de bas de page : `[^clé]` dans le texte devient, si `notes` contient la clé, un
`<span class="note">` dont le texte est celui de la note (échappé). Dans un PDF, la feuille de style
le place en note de bas de page (`float: footnote`) ; c'est ainsi qu'une lettre cite ses irritants.
Une clé inconnue reste le texte « [^clé] ».

Les titres sont abaissés d'un niveau (`#` → h2) : le corps d'une lettre vit sous le titre de la page.
"""

import re
from collections.abc import Mapping

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

SCHEMAS_AUTORISES = frozenset({"http", "https", "mailto"})
_NOTE = re.compile(r"\[\^([\w.-]{1,40})\]")

_NETTOYEUR = nh3.Cleaner(
    tags={
        "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "hr",
        "ul", "ol", "li", "h2", "h3", "h4", "a", "span",
        "table", "thead", "tbody", "tr", "th", "td",
    },
    clean_content_tags={"script", "style"},
    attributes={"a": {"href", "title"}, "ol": {"start"}},
    allowed_classes={"span": {"note"}},
    url_schemes=set(SCHEMAS_AUTORISES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)  # fmt: skip


def _lien_valide(url: str) -> bool:
    schema, deux_points, _reste = url.strip().partition(":")
    return bool(deux_points) and schema.lower() in SCHEMAS_AUTORISES


def _regle_note(state: StateInline, silent: bool) -> bool:
    """`[^clé]` → jeton « note » si la clé est connue (avant la règle des liens, qui le prendrait)."""
    if state.src[state.pos : state.pos + 2] != "[^":
        return False
    correspondance = _NOTE.match(state.src, state.pos)
    notes = state.env.get("notes") or {}
    if not correspondance or correspondance.group(1) not in notes:
        return False
    if not silent:
        jeton = state.push("note", "span", 0)
        jeton.content = str(notes[correspondance.group(1)])
    state.pos = correspondance.end()
    return True


def _rendre_note(renderer, tokens, idx, options, env) -> str:
    return f'<span class="note">{escape(tokens[idx].content)}</span>'


def _abaisser_titres(state) -> None:
    for jeton in state.tokens:
        if jeton.type in ("heading_open", "heading_close"):
            jeton.tag = f"h{min(int(jeton.tag[1]) + 1, 4)}"


def _convertisseur() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = _lien_valide
    md.inline.ruler.before("link", "note", _regle_note)
    md.add_render_rule("note", _rendre_note)
    md.core.ruler.push("abaisser_titres", _abaisser_titres)
    return md


_MD = _convertisseur()


def markdown_sur(texte: str, *, notes: Mapping[str, str] | None = None) -> SafeString:
    """Rend `texte` (Markdown d'un utilisateur) en HTML sûr ; `notes` : clé → texte des notes `[^clé]`."""
    html = _MD.render(texte or "", {"notes": {str(k): v for k, v in (notes or {}).items()}})
    return mark_safe(_NETTOYEUR.clean(html))  # noqa: S308 — nettoyé par nh3 juste au-dessus
