"""Le titre des pages (`<title>`) : « Page — Section — Carte Blanche », le nom du site une seule fois.

`templates/base.html` passe le bloc `page_title` de chaque page par le filtre `titre_du_site`. Un
morceau déjà égal au nom du site (le nom d'une expérimentation qui le contient, par exemple
« Carte Blanche — bassin de vie de Cahors ») n'est pas répété : le nom du site vient en dernier.
"""

import re

from django import template
from django.conf import settings

register = template.Library()
SEPARATEUR = " — "


@register.filter
def titre_du_site(titre: str) -> str:
    site = settings.SITE_CONFIG["site_title"]
    titre = re.sub(r"\s+", " ", str(titre)).strip()
    morceaux = []
    for morceau in (m.strip() for m in titre.split(SEPARATEUR.strip())):
        if morceau and morceau.casefold() != site.casefold() and morceau not in morceaux:
            morceaux.append(morceau)
    return SEPARATEUR.join([*morceaux, site])
