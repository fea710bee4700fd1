from django.http import HttpResponse


def _a_venir(request, *args, **kwargs):
    return HttpResponse("À venir", status=501)


accueil_terrain = observation_nouvelle = observation_detail = observation_modifier = communes_recherche = _a_venir
