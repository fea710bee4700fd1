"""Validateurs de modèle aux messages français précis, réutilisés par toutes les apps."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format, number_format


def milliers(nombre: int) -> str:
    """« 2 182 » : les milliers séparés comme en français."""
    return number_format(nombre, force_grouping=True)


@deconstructible
class LongueurMax:
    """Refuse un texte trop long en disant de combien : « Le verbatim est trop long : 1 204 caractères… »."""

    def __init__(self, limite: int, quoi: str):
        self.limite = limite
        self.quoi = quoi

    def __call__(self, valeur):
        if valeur is not None and len(valeur) > self.limite:
            raise ValidationError(
                f"{self.quoi} est trop long : {milliers(len(valeur))} caractères pour {milliers(self.limite)} au "
                "maximum. Raccourcissez-le ; rien n'a été enregistré.",
                code="max_length",
            )

    def __eq__(self, autre):
        return isinstance(autre, LongueurMax) and (self.limite, self.quoi) == (autre.limite, autre.quoi)


def jour(date) -> str:
    """« 7 février 2018 »."""
    return date_format(date, "j F Y")
