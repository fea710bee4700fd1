"""Exports CSV sûrs pour les tableurs.

Une cellule qui commence par = + - @ (ou tabulation, retour chariot) serait interprétée comme une
formule par Excel ou LibreOffice (injection de formules, OWASP « CSV injection ») : on la
préfixe d'une apostrophe. Écrit ici en quelques lignes plutôt que d'ajouter tablib/import-export
pour un seul usage ; le module `csv` de la bibliothèque standard fait le reste.
"""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")


def cellule_sure(valeur) -> str:
    texte = "" if valeur is None else str(valeur)
    return f"'{texte}" if texte.startswith(DEBUTS_DANGEREUX) else texte


class _Tampon:
    def write(self, valeur):
        return valeur


def reponse_csv(nom_fichier: str, entetes: list[str], lignes: Iterable[Iterable]) -> StreamingHttpResponse:
    """Réponse CSV en flux (UTF-8 avec BOM pour Excel, séparateur « ; » des tableurs français)."""
    ecrivain = csv.writer(_Tampon(), delimiter=";")

    def flux():
        yield "\ufeff" + ecrivain.writerow([cellule_sure(e) for e in entetes])
        for ligne in lignes:
            yield ecrivain.writerow([cellule_sure(c) for c in ligne])

    reponse = StreamingHttpResponse(flux(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse
