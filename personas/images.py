"""Le portrait d'un persona : une image vérifiée par son contenu (Pillow), jamais par son nom ni son type déclaré.

- `portrait_valider` (validateur du champ) : au plus 2 Mo et 4 000 px de côté, un vrai JPEG, PNG ou WebP
  lisible en entier ; sinon un message français qui dit quoi faire.
- `portrait_normaliser` (appelé par le service) : réencode l'image, réduite à 800 px de côté, sans ses
  métadonnées (EXIF : appareil, date, position GPS…) ; le fichier enregistré ne garde que des pixels.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
TAILLE_MAX = 2 * 1024 * 1024
COTE_MAX = 4000
COTE_ENREGISTRE = 800
MESSAGE_ILLISIBLE = "Ce fichier n'est pas une image lisible : choisissez une photo ou une image JPEG, PNG ou WebP."


def _megaoctets(octets: int) -> str:
    return f"{octets / (1024 * 1024):.1f}".replace(".", ",")


def portrait_valider(fichier) -> None:
    if not fichier or getattr(fichier, "_committed", False):
        return  # rien, ou un fichier déjà enregistré (vérifié à son envoi)
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > TAILLE_MAX:
        raise ValidationError(
            f"L'image pèse {_megaoctets(taille)} Mo : 2 Mo au plus. Réduisez-la ; rien n'a été enregistré.",
            code="image_trop_lourde",
        )
    try:
        fichier.seek(0)
        with Image.open(fichier) as image:
            format_ = image.format
            largeur, hauteur = image.size
            if format_ not in FORMATS:
                raise ValidationError(
                    f"Format d'image non accepté ({format_ or 'inconnu'}) : JPEG, PNG ou WebP.", code="image_format"
                )
            if max(largeur, hauteur) > COTE_MAX:
                raise ValidationError(
                    f"L'image mesure {largeur} × {hauteur} pixels : {COTE_MAX} pixels de côté au plus.",
                    code="image_trop_grande",
                )
            image.verify()  # lit tout le fichier : une image tronquée ou corrompue est refusée ici
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(MESSAGE_ILLISIBLE, code="image_illisible") from None
    finally:
        if hasattr(fichier, "seek"):
            fichier.seek(0)


def portrait_normaliser(fichier, *, nom: str) -> ContentFile:
    """L'image réencodée (orientation appliquée, 800 px de côté au plus, sans métadonnées), nommée `nom.<ext>`."""
    fichier.seek(0)
    with Image.open(fichier) as image:
        format_ = image.format if image.format in FORMATS else "PNG"
        image = ImageOps.exif_transpose(image)
        image.thumbnail((COTE_ENREGISTRE, COTE_ENREGISTRE))
        if format_ == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        sortie = io.BytesIO()
        # Aucune métadonnée passée à save() : ni EXIF, ni profil, ni commentaire.
        image.save(sortie, format=format_, **({"quality": 85} if format_ in ("JPEG", "WEBP") else {}))
    return ContentFile(sortie.getvalue(), name=f"{nom}.{FORMATS[format_]}")
