"""Users for the cast: a role joins its group and picks its usual organisation."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Organisation
from accounts.roles import Role

PASSWORD = "test-password-123"

ROLE_ORGANISATION = {
    Role.MUNICIPAL_STAFF: Organisation.MUNICIPALITY,
    Role.POLICE_LIAISON: Organisation.POLICE,
    Role.STEERING_MEMBER: Organisation.MUNICIPALITY,
    Role.ADMINISTRATOR: Organisation.MUNICIPALITY,
}


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `role=Role.X` joins the role's group and picks the role's usual organisation."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    role = None
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    organisation = factory.LazyAttribute(lambda u: ROLE_ORGANISATION.get(u.role, Organisation.MUNICIPALITY))
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.ADMINISTRATOR)
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _build(cls, model_class, *args, role=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user
