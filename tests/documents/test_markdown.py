"""Le Markdown des utilisateurs devient du HTML sûr : rien d'exécutable, rien qui aille chercher au dehors."""

from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from documents.markdown import markdown_sur

BALISES_PERMISES = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "hr", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class _Balises(HTMLParser):
    def __init__(self):
        super().__init__()
        self.balises = []

    def handle_starttag(self, tag, attrs):
        self.balises.append((tag, dict(attrs)))


def balises(html: str) -> list[tuple[str, dict]]:
    """Les éléments réellement présents dans le HTML (le texte échappé n'en est pas)."""
    analyseur = _Balises()
    analyseur.feed(html)
    return analyseur.balises


def verifier_inoffensif(html: str) -> None:
    for balise, attributs in balises(html):
        assert balise in BALISES_PERMISES, balise
        for nom, valeur in attributs.items():
            assert not nom.startswith("on"), (balise, nom)
            assert nom in {"href", "title", "rel", "class", "start"}, (balise, nom)
            if nom == "href":
                assert valeur.split(":", 1)[0] in {"http", "https", "mailto"}, valeur
            if nom == "class":
                assert valeur == "note"


def test_le_markdown_courant_est_rendu():
    html = markdown_sur("# Ma situation\n\nJe vis à **Cahors**, *sans voiture*.\n\n- le bus\n- le train")
    assert isinstance(html, SafeString)
    assert "<h2>Ma situation</h2>" in html  # abaissé d'un niveau : le corps vit sous le titre de la page
    assert "<strong>Cahors</strong>" in html
    assert "<em>sans voiture</em>" in html
    assert "<li>le bus</li>" in html


@pytest.mark.parametrize(
    "texte",
    [
        "<script>alert('x')</script>",
        "Bonjour <script src=https://mal.example/x.js></script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">clic</a>',
        '<p onmouseover="alert(1)">survol</p>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://mal.example"></iframe>',
    ],
)
def test_aucune_balise_ni_gestionnaire_d_evenement_ne_passe(texte):
    html = markdown_sur(texte)
    verifier_inoffensif(html)
    assert {balise for balise, _ in balises(html)} <= {"p"}
    # Le texte tapé reste lisible, échappé : l'utilisateur voit ce qu'il a écrit.
    assert "&lt;" in html


@pytest.mark.parametrize(
    "lien",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "/static/documents/pdf.css",
    ],
)
def test_les_liens_hors_http_https_mailto_restent_du_texte(lien):
    html = markdown_sur(f"[cliquez]({lien}) et <{lien}>")
    verifier_inoffensif(html)
    assert not [b for b, _ in balises(html) if b == "a"]


def test_les_liens_http_https_et_mailto_sont_gardes_sans_transmettre_la_page():
    html = markdown_sur(
        "[site](https://www.modernisation.gouv.fr) [courriel](mailto:equipe@exemple.fr) [h](http://a.fr)"
    )
    assert '<a href="https://www.modernisation.gouv.fr" rel="noopener noreferrer nofollow">site</a>' in html
    assert 'href="mailto:equipe@exemple.fr"' in html
    assert 'href="http://a.fr"' in html


def test_css_et_attribut_style_n_existent_pas():
    html = markdown_sur(
        '<span style="background:url(https://mal.example/pixel.png)">x</span>\n\n'
        "<style>body{background:url(https://mal.example/p.png)}</style>\n\n"
        '<div style="position:fixed">y</div>'
    )
    verifier_inoffensif(html)
    assert {balise for balise, _ in balises(html)} <= {"p"}


def test_les_images_ne_sont_jamais_rendues():
    html = markdown_sur("![plan](https://mal.example/plan.png)")
    verifier_inoffensif(html)
    assert "img" not in {balise for balise, _ in balises(html)}


def test_le_html_brut_est_du_texte_meme_d_apparence_inoffensive():
    html = markdown_sur('<b>gras</b> et <span class="note">fausse note</span>')
    assert balises(html) == [("p", {})]
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_les_notes_citent_en_bas_de_page_avec_leur_texte_echappe():
    html = markdown_sur(
        "Le bus ne passe plus[^12]. Voir aussi [^99].",
        notes={12: "Irritant « Se déplacer <sans> voiture » — 14 observations"},
    )
    assert '<span class="note">Irritant « Se déplacer &lt;sans&gt; voiture » — 14 observations</span>' in html
    assert "[^99]" in html  # clé inconnue : le texte reste tel quel
    verifier_inoffensif(html)


def test_un_tableau_perd_son_alignement_en_style():
    html = markdown_sur("| a | b |\n|:--|--:|\n| 1 | 2 |")
    verifier_inoffensif(html)
    assert ("td", {}) in balises(html)


def test_une_note_dans_un_lien_n_ouvre_pas_d_attribut():
    html = markdown_sur("[voir[^1]](https://exemple.fr/[^1])", notes={"1": 'note " onclick="x'})
    verifier_inoffensif(html)
    for _balise, attributs in balises(html):
        assert set(attributs) <= {"class", "href", "rel"}


def test_texte_vide():
    assert markdown_sur("") == ""
    assert markdown_sur(None) == ""
