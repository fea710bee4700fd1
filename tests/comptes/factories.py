import factory

from comptes.enums import Role
from comptes.models import User
from comptes.roles import roles_synchroniser


class UserFactory(factory.django.DjangoModelFactory):
    """Utilisateur ; `role=Role.AGENT` (ou FACILITATEUR, PARTICIPANT) le place dans le groupe du rôle."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password("mot-de-passe-de-test")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            groupe = roles_synchroniser()[Role(extracted)]
            obj.groups.add(groupe)
            obj.is_staff = Role(extracted) == Role.FACILITATEUR
            obj.save(update_fields=["is_staff"])
            obj.__dict__.pop("roles", None)


def facilitateur(**kwargs):
    return UserFactory(role=Role.FACILITATEUR, **kwargs)


def agent(**kwargs):
    return UserFactory(role=Role.AGENT, **kwargs)
