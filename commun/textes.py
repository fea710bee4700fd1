"""Textes : la forme normalisée qui sert à chercher et à trier à la française, quelle que soit la base."""

import unicodedata


def normaliser(texte: str) -> str:
    """« Saint-Géry » → « saint-gery » : sans accents ni majuscules.

    Sert aussi au tri à la française quelle que soit la base (SQLite trie les octets ; « Cézac » avant « Cours »).
    """
    return unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode().casefold()
