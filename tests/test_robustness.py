"""Junk in the address never gives an error page: every GET page of the permission matrix, opened with nonsense
query parameters and unknown or absurd ids by an administrator and a municipal staff member, answers below 500."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from initiatives.filters import DecisionFilter, InitiativeFilter
from tests.test_permission_matrix import ALL_ROWS, build_world

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # a crawl: every page times every junk value

# Every query parameter a view reads, plus some a curious user might try.
PARAMETERS = [
    "side",
    "page",
    "q",
    "focus_area",
    "sub_goal",
    "state",
    "responsibility",
    "basis",
    "embargo",
    "sort",
    "dato",
    "outcome",
    "organisation",
    "member",
    "fra",
    "til",
    "maaling",
    "opret",
    "aar",
    "next",
    "format",
    "forfaldne",
    "idp",
    "id",
    "in_force",
    "version",
    "fokusomraade",
    "delmaal",
    "under",
    "sorter",
]
# Raw (already URL-encoded) values: NUL bytes, invalid UTF-8, numbers beyond 64 bits, impossible dates, SQL and
# HTML fragments, broken percent escapes, very long text.
JUNK_VALUES = [
    "abc",
    "-1",
    "0",
    "%00",
    "a%00b",
    "%FF%FE",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "2024-13-45",
    "31-02-2026",
    "0000-00-00",
    ";drop%20table",
    "'%20OR%201=1--",
    "%3Cscript%3E",
    "%zz",
    "",
    "x" * 2000,
    "%C3%A6%C3%B8%C3%A5",
    "1.5",
    "NaN",
]
QUERY_STRINGS = [
    *("&".join(f"{name}={value}" for name in PARAMETERS) for value in JUNK_VALUES),
    "side=1&side=x&sort=-&sort=title&sort=&maaling=&maaling=andel_trygge&opret=x&opret=%00",
    "sort=-----&side=last&side=0",
    "=&&&=x&%00=%00",
]
JUNK_INTS = [0, 2**31, 2**63, 10**25]
JUNK_TEXTS = ["findes-ikke", "a" * 300, "\x00", "..", "x.y", "æøå"]

GET_TARGETS = {}
for row in ALL_ROWS:
    if row.method == "get":
        GET_TARGETS.setdefault((row.url_name, row.case), row)


def _junk_kwargs(url_name, kwargs):
    """The row's own arguments with one replaced at a time by absurd values the URL pattern still accepts."""
    for key, value in kwargs.items():
        for junk in JUNK_INTS if isinstance(value, int) else JUNK_TEXTS:
            try:
                yield reverse(url_name, kwargs={**kwargs, key: junk})
            except NoReverseMatch:
                continue


@pytest.fixture
def robust_world(db):
    return build_world()


def test_the_parameter_list_names_every_parameter_the_views_read():
    read = set(InitiativeFilter.base_filters) | set(DecisionFilter.base_filters)
    for source in [*ROOT.glob("*/views.py"), *ROOT.glob("*/*_views.py"), *ROOT.glob("tryg/*.py")]:
        read |= set(re.findall(r"GET\.(?:get|getlist)\(\s*[\"'](\w+)[\"']", source.read_text()))
    assert read <= set(PARAMETERS), f"add to PARAMETERS: {sorted(read - set(PARAMETERS))}"


@pytest.mark.parametrize("role", ["admin", "staff"])
@pytest.mark.parametrize("target", sorted(GET_TARGETS), ids=lambda t: f"{t[0]}[{t[1]}]" if t[1] else t[0])
def test_junk_in_the_address_is_never_a_server_error(target, role, robust_world):
    row = GET_TARGETS[target]
    client = Client(raise_request_exception=False)
    client.force_login(robust_world.users[role])
    kwargs = dict(row.kwargs(robust_world))
    url = reverse(row.url_name, kwargs=kwargs)
    requests = [f"{url}?{query}" for query in QUERY_STRINGS] + list(_junk_kwargs(row.url_name, kwargs))
    errors = []
    for address in requests:
        response = client.get(address)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {address[:200]}")
    assert not errors, "\n".join(errors)
