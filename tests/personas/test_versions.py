"""La partie générique des versions (`commun.versions`) : résumé, diff lisible et sûr, listes ordonnées.

(Les versions des lettres d'interpellation, leur écriture et leur restauration, sont testées avec les services des
personas ; les lettres d'engagement réutiliseront ce même module.)"""

from commun.versions import diff_html, diff_liste_html, differences, resume_changements

LIBELLES = {"objet": "Objet", "corps": "Corps de la lettre", "irritants": "Irritants cités"}


def test_le_resume_dit_quels_champs_ont_change():
    avant = {"objet": "A", "corps": "x" * 300, "irritants": []}
    apres = {"objet": "A", "corps": "x" * 300 + "y" * 20, "irritants": [{"id": 1, "libelle": "Sans voiture"}]}
    assert resume_changements(None, apres, LIBELLES) == "Première version"
    assert (
        resume_changements(avant, apres, LIBELLES)
        == "Modifié : Corps de la lettre (+20 / −0 caractères), Irritants cités"
    )
    assert resume_changements(apres, apres, LIBELLES) == "Aucun changement"


def test_le_diff_barre_les_mots_retires_et_souligne_les_mots_ajoutes():
    html = diff_html("Je vis seule à Lalbenque.\nLe car passe.", "Je vis seule à Cahors.\nLe car passe.")
    assert '<del><span class="fr-sr-only">[supprimé : </span>Lalbenque.<span class="fr-sr-only">]</span></del>' in html
    assert '<ins><span class="fr-sr-only">[ajouté : </span>Cahors.<span class="fr-sr-only">]</span></ins>' in html
    assert "Je vis seule à " in html and "Le car passe." in html


def test_le_diff_resume_les_lignes_inchangees_eloignees():
    avant = "\n".join(f"Ligne {n}" for n in range(20))
    apres = avant.replace("Ligne 10", "Ligne dix")
    html = diff_html(avant, apres)
    assert "Ligne 9" in html and "Ligne 11" in html, "une ligne de contexte de chaque côté"
    assert "Ligne 2<" not in html and "Ligne 18" not in html


def test_le_diff_echappe_tout_texte():
    html = diff_html("Bonjour", 'Bonjour <script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_une_liste_ordonnee_montre_les_elements_retires_et_ajoutes():
    html = diff_liste_html(
        [{"id": 1, "libelle": "Sans voiture"}, {"id": 2, "libelle": "Horaires <b>"}],
        [{"id": 2, "libelle": "Horaires <b>"}, {"id": 3, "libelle": "Téléphone"}],
    )
    assert html.startswith('<ol class="cb-diff cb-diff--liste">')
    assert "[supprimé : </span>Sans voiture" in html and "[ajouté : </span>Téléphone" in html
    assert "<li>Horaires &lt;b&gt;</li>" in html


def test_differences_champ_par_champ():
    liste = differences({"objet": "A", "corps": "B"}, {"objet": "A", "corps": "C", "irritants": []}, LIBELLES)
    assert [d.libelle for d in liste] == ["Corps de la lettre", "Irritants cités"]
