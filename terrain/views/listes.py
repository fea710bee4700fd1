from django.http import HttpResponse


def _a_venir(request, *args, **kwargs):
    return HttpResponse("À venir", status=501)


observations_liste = observations_export = entretiens_liste = entretien_detail = _a_venir
immersions_liste = immersion_detail = _a_venir
