"""Les fichiers d'une maquette : vérifiés par leur contenu, jamais par leur nom ni leur type déclaré.

Une image (JPEG, PNG, WebP) est ouverte et lue en entier par Pillow, comme le portrait d'un persona
(`personas.images`) ; un PDF doit commencer par la signature `%PDF-` et finir par `%%EOF`. 5 Mo au plus.
"""

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

FORMATS_IMAGE = {"JPEG", "PNG", "WEBP"}
TAILLE_MAX = 5 * 1024 * 1024
COTE_MAX = 8000
MESSAGE_REFUS = "Ce fichier n'est ni une image (JPEG, PNG, WebP) ni un PDF lisible : rien n'a été enregistré."


def _lire_debut_fin(fichier) -> tuple[bytes, bytes]:
    fichier.seek(0)
    debut = fichier.read(8)
    taille = getattr(fichier, "size", None)
    if taille and taille > 1024:
        fichier.seek(taille - 1024)
    else:
        fichier.seek(0)
    fin = fichier.read()
    fichier.seek(0)
    return debut, fin


def nature_fichier(fichier) -> str:
    """« image » ou « pdf » selon le contenu ; ValidationError sinon."""
    debut, fin = _lire_debut_fin(fichier)
    if debut.startswith(b"%PDF-"):
        if b"%%EOF" not in fin:
            raise ValidationError("Ce PDF est incomplet (tronqué) : envoyez-le à nouveau.", code="pdf_tronque")
        return "pdf"
    try:
        with Image.open(fichier) as image:
            if image.format not in FORMATS_IMAGE:
                raise ValidationError(MESSAGE_REFUS, code="maquette_format")
            if max(image.size) > COTE_MAX:
                raise ValidationError(
                    f"L'image mesure {image.size[0]} × {image.size[1]} pixels : {COTE_MAX} pixels de côté au plus.",
                    code="image_trop_grande",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(MESSAGE_REFUS, code="maquette_illisible") from None
    finally:
        fichier.seek(0)
    return "image"


def maquette_valider(fichier) -> None:
    if not fichier or getattr(fichier, "_committed", False):
        return  # rien, ou un fichier déjà enregistré (vérifié à son envoi)
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > TAILLE_MAX:
        mo = f"{taille / (1024 * 1024):.1f}".replace(".", ",")
        raise ValidationError(
            f"Le fichier pèse {mo} Mo : 5 Mo au plus. Réduisez-le ; rien n'a été enregistré.", code="trop_lourd"
        )
    nature_fichier(fichier)
