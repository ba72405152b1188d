"""The initiative list: filters, sorting, paging, embargo marking, and a constant number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory

# Built: the data version (datacache), session, user, the user's groups (header), user and group permissions, the
# chosen sub-goal, count, page, contributions, and the filter form's focus areas and sub-goals: the same for any
# number of initiatives.
LIST_QUERIES = 12
# Kept until the data changes: the session, the user and the data version.
KEPT_LIST_QUERIES = 3


def _titles(response):
    return [version.title for version in response.context["page"].object_list]


@pytest.fixture
def mixed(author, police_member):
    night = FocusArea.objects.get(slug="byens-natteliv")
    return {
        "burglary": InitiativeVersionFactory(
            author=author,
            title="Informationsmøder om indbrud",
            sub_goals=[1, 3],
            description="Møder i lokalområderne om nabohjælp.",
        ),
        "night": InitiativeVersionFactory(
            author=author,
            title="Basiskursus for natteliv",
            focus_area=night,
            sub_goals=[2],
            responsibility="faelles",
            police_contact=police_member,
            basis="evidens",
            evidence_summary="x",
            evidence_references="y",
        ),
        "trial": InitiativeVersionFactory(
            author=author,
            title="Forsøg om indbrudsforebyggelse",
            sub_goals=[3],
            embargo_until=datetime.date(2099, 1, 1),
            embargo_reason="Forsøget kører",
            state=InitiativeVersion.State.APPROVED,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Forsøg om indbrudsforebyggelse", "Basiskursus for natteliv", "Informationsmøder om indbrud"]),
        ({"q": "nabohjælp"}, ["Informationsmøder om indbrud"]),
        ({"q": "INDBRUD", "sort": "titel"}, ["Forsøg om indbrudsforebyggelse", "Informationsmøder om indbrud"]),
        ({"focus_area": "__night__"}, ["Basiskursus for natteliv"]),
        ({"sub_goal": "__sg3__"}, ["Forsøg om indbrudsforebyggelse", "Informationsmøder om indbrud"]),
        ({"state": "godkendt"}, ["Forsøg om indbrudsforebyggelse"]),
        ({"responsibility": "faelles"}, ["Basiskursus for natteliv"]),
        ({"basis": "evidens"}, ["Basiskursus for natteliv"]),
        ({"embargo": "ja"}, ["Forsøg om indbrudsforebyggelse"]),
        ({"embargo": "nej", "sort": "titel"}, ["Basiskursus for natteliv", "Informationsmøder om indbrud"]),
        (
            {"sort": "-titel"},
            ["Informationsmøder om indbrud", "Forsøg om indbrudsforebyggelse", "Basiskursus for natteliv"],
        ),
    ],
)
def test_filters_and_sorting(client, author, mixed, params, expected):
    replacements = {
        "__night__": FocusArea.objects.get(slug="byens-natteliv").pk,
        "__sg3__": SubGoal.objects.get(number=3).pk,
    }
    client.force_login(author)
    response = client.get(reverse("initiatives:list"), {k: replacements.get(v, v) for k, v in params.items()})
    assert _titles(response) == expected


def test_further_focus_area_finds_the_initiative_too(client, author):
    version = InitiativeVersionFactory(author=author, title="Tryghedsvandring")
    version.other_focus_areas.add(FocusArea.objects.get(slug="tryghed-i-trafikken"))
    client.force_login(author)
    area = FocusArea.objects.get(slug="tryghed-i-trafikken")
    assert _titles(client.get(reverse("initiatives:list"), {"focus_area": area.pk})) == ["Tryghedsvandring"]


@pytest.mark.parametrize("params", [{"focus_area": "abc"}, {"state": "hacked"}, {"sort": "password"}, {"side": "x"}])
def test_unknown_filter_values_are_field_errors_not_crashes(client, author, mixed, params):
    client.force_login(author)
    response = client.get(reverse("initiatives:list"), params)
    assert response.status_code == 200
    if "side" not in params:
        assert response.context["filter"].form.errors


def test_embargo_is_marked_in_the_list_and_on_the_document(client, author, mixed):
    client.force_login(author)
    listing = client.get(reverse("initiatives:list")).text
    assert "Embargo: må ikke kommunikeres før 01.01.2099" in listing
    document = client.get(mixed["trial"].initiative.get_absolute_url()).text
    assert "Dette initiativ må ikke kommunikeres før 1. januar 2099" in document
    printed = client.get(reverse("initiatives:print", args=[mixed["trial"].initiative_id])).text
    assert "Dette initiativ må ikke kommunikeres før" in printed


def test_embargo_ends_on_its_date(author):
    version = InitiativeVersionFactory(author=author, embargo_until=datetime.date(2020, 1, 1), embargo_reason="x")
    assert not version.is_embargoed
    assert InitiativeVersion.objects.not_embargoed().filter(pk=version.pk).exists()


def test_list_pages_through_many_initiatives(client, author):
    InitiativeVersionFactory.create_batch(30, author=author, sub_goals=[])
    client.force_login(author)
    first = client.get(reverse("initiatives:list"))
    assert len(first.context["page"].object_list) == 25 and "Side 1 af 2" in first.text
    second = client.get(reverse("initiatives:list"), {"side": 2})
    assert len(second.context["page"].object_list) == 5


def test_page_links_keep_the_filters(client, author):
    InitiativeVersionFactory.create_batch(30, author=author, sub_goals=[], title="Nabohjælp")
    client.force_login(author)
    response = client.get(reverse("initiatives:list"), {"q": "Nabohjælp", "sort": "titel"})
    assert 'href="?q=Nabohj%C3%A6lp&amp;sort=titel&amp;side=2"' in response.text


@pytest.mark.parametrize("count", [10, 200])
def test_list_uses_the_same_number_of_queries_for_10_and_200(client, author, count, django_assert_max_num_queries):
    InitiativeVersionFactory.create_batch(count, author=author, sub_goals=[1, 2])
    client.force_login(author)
    params = {"sort": "titel", "sub_goal": SubGoal.objects.get(number=1).pk}
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("initiatives:list"), params)
    assert response.context["page"].paginator.count == count
    with django_assert_max_num_queries(KEPT_LIST_QUERIES):
        again = client.get(reverse("initiatives:list"), params)
    table = re.compile(r'data-testid="initiative-table".*?</table>', re.S)
    assert table.search(again.text).group(0) == table.search(response.text).group(0)


def test_a_later_version_is_listed_once(client, author, approved):
    """The list shows each initiative once, by its latest version, even with an approved one behind it."""
    newer = InitiativeVersionFactory(author=author, initiative=approved.initiative, number=2, title="Ny udgave")
    client.force_login(author)
    response = client.get(reverse("initiatives:list"))
    assert _titles(response) == ["Ny udgave"]
    assert "en godkendt version gælder" in response.text
    assert newer.initiative.approved_version == approved
