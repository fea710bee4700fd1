from django.shortcuts import render
from django.utils import timezone

from experimentations.sections import sections_de
from experimentations.selectors import experimentations_publiques, frise
from territoire.selectors import territoire_vue


def accueil(request):
    """Page d'accueil : ce qu'est Carte Blanche, l'expérimentation en vedette, sa frise, ses chiffres, et les
    sections enregistrées par les apps du dessus (`experimentations.sections`)."""
    experimentations = list(experimentations_publiques())
    experimentation = experimentations[0] if experimentations else None
    context = {"experimentation": experimentation, "autres_experimentations": experimentations[1:]}
    if experimentation:
        aujourd_hui = timezone.localdate()
        phases = list(experimentation.phases.all())
        context.update(
            frise=frise(phases, aujourd_hui),
            phase_courante=experimentation.phase_courante(phases, aujourd_hui),
            statut=experimentation.statut(aujourd_hui),
            vue_territoire=territoire_vue(experimentation.territoire, contours=False),
            # Ce que les apps du dessus ajoutent (la co-construction…) : experimentations.sections.
            sections=sections_de(experimentation),
        )
    return render(request, "experimentations/accueil.html", context)
