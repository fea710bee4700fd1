"""La date de référence du suivi des promesses : « en retard », « jours restants » et les rappels se calculent
contre elle, jamais contre l'horloge lue dans un gabarit.

Par défaut, c'est aujourd'hui (fuseau du projet). Un réglage `PROMESSES_DATE_REFERENCE` (date ISO) la fixe, par
exemple pour rejouer la démo au 31 décembre 2018 ; les tests la fixent avec time-machine ou ce réglage.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def date_reference() -> datetime.date:
    fixee = getattr(settings, "PROMESSES_DATE_REFERENCE", None)
    if fixee:
        return fixee if isinstance(fixee, datetime.date) else datetime.date.fromisoformat(fixee)
    return timezone.localdate()
