"""Flux Atom des points d'avancement (framework de syndication de Django) : pour suivre sans donner son courriel.

- `/promesses/flux/` : l'expérimentation la plus récente ; `/promesses/flux/<slug>/` : une expérimentation ;
- `/promesses/<id>/flux/` : une promesse.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from experimentations import selectors as experimentations_selectors
from experimentations.models import Experimentation
from promesses import selectors

NB_ELEMENTS = 50


class _FluxPoints(Feed):
    feed_type = Atom1Feed

    def item_title(self, point):
        return f"{point.promesse.engagement.titre} : {point.avancement} % ({point.get_statut_display()})"

    def item_description(self, point):
        return point.commentaire or "Nouveau point d'avancement."

    def item_link(self, point):
        return f"{point.promesse.get_absolute_url()}#point-{point.pk}"

    def item_pubdate(self, point):
        return point.cree_le

    def item_author_name(self, point):
        return point.auteur_nom or None

    def item_guid(self, point):
        return f"promesses:point:{point.pk}"

    item_guid_is_permalink = False


class FluxExperimentation(_FluxPoints):
    def get_object(self, request, slug=None):
        if slug:
            return get_object_or_404(Experimentation, slug=slug)
        liste = experimentations_selectors.experimentations()
        experimentation = liste[0] if liste else None
        if experimentation is None:
            raise Http404("Aucune expérimentation n'est encore ouverte.")
        return experimentation

    def title(self, experimentation):
        return f"Avancement des promesses — {experimentation.nom}"

    def link(self, experimentation):
        return reverse("promesses:tableau") + f"?experimentation={experimentation.slug}"

    def subtitle(self, experimentation):
        return "Chaque point d'avancement des promesses, dès qu'il est publié."

    def items(self, experimentation):
        return selectors.points_publics(experimentation)[:NB_ELEMENTS]


class FluxPromesse(_FluxPoints):
    def get_object(self, request, pk):
        vue = selectors.promesses_publiques().filter(pk=pk).first()
        if vue is None:
            raise Http404("Cette promesse n'existe pas, ou elle n'est pas publiée.")
        return vue

    def title(self, promesse):
        return f"Avancement de la promesse « {promesse.engagement.titre} »"

    def link(self, promesse):
        return promesse.get_absolute_url()

    def subtitle(self, promesse):
        return f"Porteur : {promesse.engagement.porteur}."

    def items(self, promesse):
        return selectors.points_publics(promesse=promesse)[:NB_ELEMENTS]
