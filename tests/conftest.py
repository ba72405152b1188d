"""The cast, named like the roles they play (healthchecks' alice/bob/charlie)."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import Organisation
from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Hashing is not what these tests test; the default hasher costs about 0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def author(db):
    """A municipal staff member who writes initiative documents."""
    return UserFactory(username="author", role=Role.MUNICIPAL_STAFF)


@pytest.fixture
def colleague(db):
    """Another municipal staff member: may read the author's work."""
    return UserFactory(username="colleague", role=Role.MUNICIPAL_STAFF)


@pytest.fixture
def police_member(db):
    """A police liaison who sits in the steering group."""
    user = UserFactory(username="police", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE)
    user.groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    return user


@pytest.fixture
def municipal_member(db):
    """A municipal member of the steering group."""
    return UserFactory(username="municipal", role=Role.STEERING_MEMBER, organisation=Organisation.MUNICIPALITY)


@pytest.fixture
def admin_user(db):
    """An administrator: imports index data, manages focus areas and the goal."""
    return UserFactory(username="admin", role=Role.ADMINISTRATOR)


@pytest.fixture
def outsider(db):
    """A logged-in user without any role: may read nothing but the overview pages."""
    return UserFactory(username="outsider")
