"""Importé par un worker lancé avec `-I documents.exemple.source` (banc, tests) : enregistre la lettre d'exemple."""

from documents.exemple import enregistrer

enregistrer()
