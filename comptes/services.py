from django.db import transaction

from comptes.enums import Role
from comptes.models import User
from comptes.roles import roles_synchroniser


@transaction.atomic
def utilisateur_creer(*, username: str, email: str, password: str | None, role: Role, **fields) -> User:
    """Crée (ou retrouve) un utilisateur avec son rôle. Les facilitateurs accèdent à l'admin."""
    groups = roles_synchroniser()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email, **fields})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    user.is_staff = role == Role.FACILITATEUR
    user.save()
    user.groups.add(groups[role])
    user.__dict__.pop("roles", None)  # rôle tout juste ajouté : relire les groupes
    return user
