"""La lettre d'exemple : une source de documents qui n'appartient à aucun domaine.

Son texte est une donnée (`lettre.yaml`, Markdown pour le corps), mis en page par
`templates/documents/pdf/exemple.html`. Elle sert au préchauffage du moteur dans le worker
(`documents.pdf.prechauffer`), aux tests et au banc de mesure (bench/documents.py).

La source « documents.exemple » n'est enregistrée que si l'on appelle `enregistrer()` (tests, banc,
worker lancé avec `-I documents.exemple.source`) : le site ne la publie pas. Chaque identifiant d'objet
donne une lettre distincte (la référence imprimée change), donc une empreinte distincte.
"""

import datetime
from functools import cache
from pathlib import Path

import yaml

from documents.markdown import markdown_sur
from documents.registre import Contenu, source, tout_le_monde

NOM_SOURCE = "documents.exemple"
FICHIER = Path(__file__).resolve().parent / "lettre.yaml"


@cache
def donnees() -> dict:
    lettre = yaml.safe_load(FICHIER.read_text(encoding="utf-8"))
    if not isinstance(lettre.get("date"), datetime.date):
        raise ValueError(f"{FICHIER} : « date » doit être une date AAAA-MM-JJ.")
    return lettre


def contenu(objet_id: str) -> Contenu:
    lettre = donnees()
    return Contenu(
        titre=lettre["titre"],
        nom_fichier=lettre["nom_fichier"],
        gabarit="documents/pdf/exemple.html",
        contexte={
            "lettre": lettre,
            "entete": lettre["entete"],
            "lieu": lettre["lieu"],
            "date": lettre["date"],
            "reference": objet_id,
            "corps": markdown_sur(lettre["corps"], notes=lettre.get("notes")),
        },
    )


def enregistrer() -> None:
    """Enregistre la source « documents.exemple » (visible et demandable par tous)."""
    source(NOM_SOURCE, voir=tout_le_monde)(contenu)
