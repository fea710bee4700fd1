import datetime

import pytest


@pytest.fixture
def reference(settings):
    """La date de référence du suivi, fixée (par défaut le 1er octobre 2018)."""

    def fixer(date=datetime.date(2018, 10, 1)):
        settings.PROMESSES_DATE_REFERENCE = date
        return date

    fixer()
    return fixer
