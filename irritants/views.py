from django.http import HttpResponse


def _a_venir(request, *args, **kwargs):
    return HttpResponse("À venir", status=501)


synthese = irritant_detail = codage = codage_observation = fusion = journal = _a_venir
