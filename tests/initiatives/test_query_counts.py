"""The steering group's pages and the exports issue the same number of SQL queries for few and many versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import SubGoal
from initiatives import workflow
from tests.initiatives.factories import InitiativeVersionFactory, PartnerFactory

PAGES = [
    ("initiatives:steering", {}), ("initiatives:agenda", {}), ("initiatives:decision_log", {}),
    ("initiatives:export", {"fmt": "csv"}), ("initiatives:export", {"fmt": "xlsx"}),
]


def _world(count, author, police_member):
    partner = PartnerFactory()
    for _ in range(count):
        version = InitiativeVersionFactory(author=author, sub_goals=[1, 2])
        version.partners.add(partner)
        workflow.submit(version, by=author, send_mail=False)
        workflow.decide(version, by=police_member, outcome="godkend", justification="Ja",
                        sub_goals=SubGoal.objects.filter(number=1), contributes_to_goal=True, send_mail=False)


def _queries(client, url_name, kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("url_name", "kwargs"), PAGES)
def test_queries_do_not_grow_with_the_number_of_versions(client, author, police_member, municipal_member,
                                                         url_name, kwargs):
    client.force_login(municipal_member)
    _world(2, author, police_member)
    few = _queries(client, url_name, kwargs)
    _world(10, author, police_member)
    assert _queries(client, url_name, kwargs) == few
