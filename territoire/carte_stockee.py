"""La carte du territoire, calculée une fois après chaque écriture et gardée en base (`Territoire.carte_svg`).

Pourquoi la garder : projeter et écrire les contours de soixante communes et leurs lieux d'accueil prend
l'essentiel du rendu de /territoire/, alors que ces données ne changent qu'à l'import. Les importeurs la
recalculent à la fin (`cartes_recalculer`) ; une écriture isolée (administration, données de démonstration)
la marque à recalculer (`cartes_invalider`, par les signaux de `territoire.apps`), et la page la recalcule
alors à sa première visite.
"""

from django.template.loader import render_to_string

from territoire import carte, selectors
from territoire.models import Territoire

NOM_CARTE = "Carte des communes d'aujourd'hui du territoire, colorées par EPCI"


def svg_calculer(territoire: Territoire, vue: selectors.VueTerritoire | None = None) -> str:
    """Le SVG de la carte du territoire ("" quand aucune commune n'a de contour)."""
    vue = vue or selectors.territoire_vue(territoire)
    couleurs = carte.couleurs_par_epci(epci for epci, _nombre in vue.epcis)
    resultat = carte.carte_territoire(
        vue.communes, anciennes_communes=vue.anciennes_communes, lieux=vue.lieux, couleurs=couleurs
    )
    if resultat is None:
        return ""
    return render_to_string(
        "territoire/includes/_carte.html", {"carte": resultat, "id": "carte-territoire", "nom": NOM_CARTE}
    ).strip()


def carte_enregistrer(territoire: Territoire) -> str:
    svg = svg_calculer(territoire)
    Territoire.objects.filter(pk=territoire.pk).update(carte_svg=svg)
    territoire.carte_svg = svg
    return svg


def carte_du_territoire(territoire: Territoire) -> str:
    """La carte gardée, recalculée et gardée si une écriture l'a invalidée."""
    if territoire.carte_svg is None:
        return carte_enregistrer(territoire)
    return territoire.carte_svg


def cartes_invalider() -> None:
    """Une commune, un lieu ou une appartenance a changé : toutes les cartes sont à recalculer (une requête)."""
    Territoire.objects.exclude(carte_svg=None).update(carte_svg=None)


def cartes_recalculer() -> int:
    """Recalcule les cartes invalidées ; renvoie leur nombre (appelé à la fin des imports)."""
    territoires = list(Territoire.objects.filter(carte_svg=None))
    for territoire in territoires:
        carte_enregistrer(territoire)
    return len(territoires)


def invalider_apres_ecriture(sender, raw=False, **kwargs) -> None:
    """Récepteur des signaux post_save et post_delete (branché dans `territoire.apps`)."""
    if not raw:
        cartes_invalider()
