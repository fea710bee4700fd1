"""Filtres des gabarits des ateliers."""

from django import template

register = template.Library()


@register.filter
def pluriel(nombre, suffixe: str = "s") -> str:
    """Le pluriel à la française : « 0 inscrit », « 1 inscrit », « 2 inscrits » (`pluralize` écrit « 0 inscrits »)."""
    try:
        return suffixe if abs(int(nombre)) > 1 else ""
    except (TypeError, ValueError):
        return ""
