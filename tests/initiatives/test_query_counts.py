"""The steering group's pages and the exports issue the same number of SQL queries for few and many versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import SubGoal
from initiatives import workflow
from tests.initiatives.factories import InitiativeVersionFactory, PartnerFactory

PAGES = [
    ("initiatives:steering", {}),
    ("initiatives:agenda", {}),
    ("initiatives:decision_log", {}),
    ("initiatives:export", {"fmt": "csv"}),
    ("initiatives:export", {"fmt": "xlsx"}),
]


def _world(count, author, police_member):
    partner = PartnerFactory()
    for _ in range(count):
        version = InitiativeVersionFactory(author=author, sub_goals=[1, 2])
        version.partners.add(partner)
        workflow.submit(version, by=author, send_mail=False)
        workflow.decide(
            version,
            by=police_member,
            outcome="godkend",
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )


def _queries(client, url_name, kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("url_name", "kwargs"), PAGES)
def test_queries_do_not_grow_with_the_number_of_versions(
    client, author, police_member, municipal_member, url_name, kwargs
):
    client.force_login(municipal_member)
    _world(2, author, police_member)
    few = _queries(client, url_name, kwargs)
    _world(10, author, police_member)
    assert _queries(client, url_name, kwargs) == few


def test_my_initiatives_on_the_front_page_in_constant_queries(client, author, police_member):
    """Drafts the user writes and initiatives naming them as contact: listed, and no query per initiative."""
    client.force_login(author)
    InitiativeVersionFactory(author=author, title="Min kladde")
    InitiativeVersionFactory(author=police_member, title="Kollegaens, med mig som kontakt", municipal_contact=author)
    # Counted when built, not when kept (datacache): the new drafts below make the page be built again too.
    few = _queries(client, "home", {})
    page = client.get(reverse("home")).text
    mine = page.split('data-testid="my-initiatives"')[1].split("</section>")[0]
    assert "Min kladde" in mine.split('data-testid="contact-for"')[0]
    assert "Kollegaens, med mig som kontakt" in mine.split('data-testid="contact-for"')[1]
    for _ in range(8):
        InitiativeVersionFactory(author=author)
    assert _queries(client, "home", {}) == few
