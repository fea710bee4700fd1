"""L'avatar aux initiales d'un persona sans portrait : un SVG écrit par le serveur, sans service extérieur.

La couleur de fond vient du prénom (toujours la même pour un persona) parmi des teintes du DSFR sur lesquelles
le blanc des initiales garde un contraste d'au moins 4,5:1 (RGAA 3.2) ; `tests/personas` le vérifie.
"""

import zlib

PALETTE = ("#000091", "#3558a2", "#006a6f", "#447049", "#6e445a", "#845d48", "#7d4e5b", "#465f9d")
TEXTE = "#ffffff"


def couleur(persona) -> str:
    """Une couleur par persona : selon son numéro (des personas voisins diffèrent), sinon selon son nom."""
    if persona.pk:
        return PALETTE[(persona.pk - 1) % len(PALETTE)]
    return PALETTE[zlib.crc32((persona.slug or persona.prenom or "").encode()) % len(PALETTE)]


def luminance(hexa: str) -> float:
    def canal(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hexa[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * canal(r) + 0.7152 * canal(g) + 0.0722 * canal(b)


def contraste(a: str, b: str) -> float:
    claire, sombre = sorted((luminance(a), luminance(b)), reverse=True)
    return (claire + 0.05) / (sombre + 0.05)
