from django.db import models


class Role(models.TextChoices):
    """Rôles de la plateforme ; chacun correspond à un groupe Django du même nom."""

    FACILITATEUR = "facilitateur", "Facilitateur"
    AGENT = "agent", "Agent local"
    PARTICIPANT = "participant", "Participant"
