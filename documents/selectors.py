"""Lectures partagées par les vues des apps : le document d'un objet, ceux d'une liste d'objets."""

from collections.abc import Iterable

from documents.models import Document


def document_pour(*, source: str, objet_id) -> Document | None:
    return Document.objects.filter(source=source, objet_id=str(objet_id)).first()


def documents_pour(*, source: str, objet_ids: Iterable) -> dict[str, Document]:
    """Les documents d'une liste d'objets, en une requête : {identifiant (chaîne): document}."""
    ids = [str(i) for i in objet_ids]
    return {d.objet_id: d for d in Document.objects.filter(source=source, objet_id__in=ids)}
