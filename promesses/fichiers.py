"""La pièce justificative d'un point d'avancement : une image (JPEG, PNG, WebP) ou un PDF, vérifié par son
contenu (même lecture que les maquettes des ateliers, `ateliers.fichiers.nature_fichier`), 5 Mo au plus."""

from django.core.exceptions import ValidationError

from ateliers.fichiers import nature_fichier

TAILLE_MAX = 5 * 1024 * 1024


def preuve_valider(fichier) -> None:
    if not fichier or getattr(fichier, "_committed", False):
        return
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > TAILLE_MAX:
        mo = f"{taille / (1024 * 1024):.1f}".replace(".", ",")
        raise ValidationError(f"Le fichier pèse {mo} Mo : 5 Mo au plus.", code="preuve_trop_lourde")
    nature_fichier(fichier)
