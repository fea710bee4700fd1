from functools import cached_property

import rules
from django.contrib.auth.models import AbstractUser, Group
from django.db import models

from comptes.enums import Role


class User(AbstractUser):
    """Utilisateur de la plateforme. Le public anonyme n'a pas de compte.

    Le rôle est porté par l'appartenance à un groupe Django lié à un `Role` par `GroupeRole` (voir
    `comptes.roles`) ; les facilitateurs ont en plus accès à l'administration (`is_staff`).
    Un compte n'est jamais supprimé une fois qu'il a écrit dans un journal : on le désactive.
    """

    structure = models.CharField("structure", max_length=200, blank=True)

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    @cached_property
    def roles(self) -> frozenset[str]:
        """Les valeurs stables (`Role`) des rôles de l'utilisateur, lues une fois par requête (une requête SQL)."""
        return frozenset(
            self.groups.filter(role_carteblanche__isnull=False).values_list("role_carteblanche__role", flat=True)
        )

    def has_perm(self, perm, obj=None):
        """Une permission déclarée par `rules` (les règles du projet) se décide par sa règle seule : sans les deux
        requêtes des permissions de modèle de Django, qui ne la connaissent pas."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or Role(role).value in self.roles

    @property
    def is_facilitateur(self) -> bool:
        return self.has_role(Role.FACILITATEUR)

    @property
    def is_agent(self) -> bool:
        return self.has_role(Role.AGENT)


class GroupeRole(models.Model):
    """Le rôle que confère un groupe Django, désigné par sa valeur stable.

    Le nom du groupe n'est qu'un libellé (modifiable dans l'administration) : renommer le groupe ou le
    libellé d'un rôle ne retire à personne son rôle.
    """

    groupe = models.OneToOneField(
        Group, verbose_name="groupe", on_delete=models.CASCADE, primary_key=True, related_name="role_carteblanche"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices, unique=True)

    class Meta:
        verbose_name = "rôle d'un groupe"
        verbose_name_plural = "rôles des groupes"

    def __str__(self):
        return f"{self.groupe} : {self.get_role_display()}"
