"""The permission matrix holds for users created by single sign-on: each role's user comes from a provider."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sso import config, signin
from tests.matrix import LOGIN, REDIRECT
from tests.sso.conftest import GROUPS, municipal
from tests.test_permission_matrix import ALL_ROWS, ROW_MODULES

# role in the matrix -> provider, subject, what the provider sends
FROM_PROVIDERS = {
    "outsider": ("kommune", "uuid-outsider", municipal()),
    "staff": ("kommune", "uuid-staff", municipal("urn:dk:aarhus:tryg:medarbejder")),
    "police": ("politi", "uuid-police", {GROUPS: ["Tryg-Politikontakt", "Tryg-Styregruppe"]}),
    "steering": ("kommune", "uuid-steering", municipal("urn:dk:aarhus:tryg:styregruppe")),
    "admin": ("kommune", "uuid-admin", municipal("urn:dk:aarhus:tryg:administrator")),
}


@pytest.fixture
def sso_world(db):
    providers = config.load().providers
    request = RequestFactory().get("/")
    world = SimpleNamespace(users={"anonymous": None})
    for role, (provider, subject, attributes) in FROM_PROVIDERS.items():
        world.users[role] = signin.sign_in(request, providers[provider], subject, attributes)
    for module in ROW_MODULES:
        if hasattr(module, "build_world"):
            module.build_world(world)
    return world


# Every row again (about 500 requests): with the slow tests, which CI runs.
@pytest.mark.slow
@pytest.mark.parametrize("row", [row for row in ALL_ROWS if row.role in FROM_PROVIDERS], ids=str)
def test_access_of_users_from_the_providers(row, client, sso_world):
    client.force_login(sso_world.users[row.role], backend="sso.backends.AccountBackend")
    response = getattr(client, row.method)(
        reverse(row.url_name, kwargs=row.kwargs(sso_world)), data=row.data(sso_world)
    )
    if row.expected in {LOGIN, REDIRECT}:
        assert response.status_code == 302, response
        assert ("?next=" in response["Location"]) == (row.expected == LOGIN), response["Location"]
    else:
        assert response.status_code == row.expected, response
