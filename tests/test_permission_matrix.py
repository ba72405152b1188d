"""Every URL of the project, for every role, answers as the matrix says."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Organisation
from accounts.roles import Role
from tests.accounts import permission_rows as account_rows
from tests.accounts.factories import UserFactory
from tests.audit import permission_rows as audit_rows
from tests.focusareas import permission_rows as focusarea_rows
from tests.followup import permission_rows as followup_rows
from tests.goal import permission_rows as goal_rows
from tests.indicators import permission_rows_import as indicator_import_rows
from tests.initiatives import permission_rows as initiative_rows
from tests.initiatives import permission_rows_approval as approval_rows
from tests.matrix import LOGIN, REDIRECT, ROLES
from tests.public import permission_rows as public_rows
from tests.sso import permission_rows as sso_rows

ROW_MODULES = [
    account_rows,
    audit_rows,
    focusarea_rows,
    goal_rows,
    indicator_import_rows,
    initiative_rows,
    approval_rows,
    followup_rows,
    public_rows,
    sso_rows,
]
ALL_ROWS = [row for module in ROW_MODULES for row in module.ROWS]

# Django's admin guards its own pages (staff only); the matrix checks its entrance, not its hundreds of URLs.
EXEMPT_NAMESPACES = {"admin"}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def build_world() -> SimpleNamespace:
    """One user per role and the objects every app's rows need (also used by the crawl and robustness tests)."""
    world = SimpleNamespace()
    world.users = {
        "anonymous": None,
        "outsider": UserFactory(username="m-outsider"),
        "staff": UserFactory(username="m-staff", role=Role.MUNICIPAL_STAFF),
        "police": UserFactory(username="m-police", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE),
        "steering": UserFactory(username="m-steering", role=Role.STEERING_MEMBER),
        "admin": UserFactory(username="m-admin", role=Role.ADMINISTRATOR),
    }
    world.users["police"].groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    for module in ROW_MODULES:
        if hasattr(module, "build_world"):
            module.build_world(world)
    return world


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("row", ALL_ROWS, ids=str)
def test_access(row, client, world):
    user = world.users.get(row.role)
    if user is not None:
        client.force_login(user)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, data=row.data(world))
    if row.expected == LOGIN:
        assert response.status_code == 302, response
        assert "?next=" in response["Location"], response["Location"]
    elif row.expected == REDIRECT:
        assert response.status_code == 302, response
        assert "?next=" not in response["Location"], response["Location"]
    else:
        assert response.status_code == row.expected, response


def test_every_url_has_a_row_for_every_role():
    """A new URL without its matrix rows fails here, so no view ships without stated access."""
    names = {n for n in _url_names(get_resolver().url_patterns) if n.split(":")[0] not in EXEMPT_NAMESPACES}
    covered = {(row.url_name, row.role) for row in ALL_ROWS}
    missing = sorted(f"{name} / {role}" for name in names for role in ROLES if (name, role) not in covered)
    assert not missing, "URLs without permission-matrix rows:\n" + "\n".join(missing)


def test_matrix_names_only_existing_urls():
    names = set(_url_names(get_resolver().url_patterns))
    assert {row.url_name for row in ALL_ROWS} <= names
