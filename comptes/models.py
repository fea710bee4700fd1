from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from comptes.enums import Role


class User(AbstractUser):
    """Utilisateur de la plateforme. Le public anonyme n'a pas de compte.

    Le rôle est porté par l'appartenance aux groupes Django (voir `comptes.roles`) ; les
    facilitateurs ont en plus accès à l'administration (`is_staff`).
    """

    structure = models.CharField("structure", max_length=200, blank=True)

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    @cached_property
    def noms_groupes(self) -> frozenset[str]:
        """Les groupes de l'utilisateur, lus une fois par requête (une seule requête SQL)."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role.label in self.noms_groupes

    @property
    def is_facilitateur(self) -> bool:
        return self.has_role(Role.FACILITATEUR)

    @property
    def is_agent(self) -> bool:
        return self.has_role(Role.AGENT)
