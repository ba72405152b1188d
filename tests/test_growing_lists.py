"""Pages that list initiatives show a page or a summary: the same queries and the same number of rows rendered
with 300 and with 3,000 initiatives (issue 9). The time itself is measured in bench/, never here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focusareas.models import FocusArea
from followup.sections import OVERDUE_SHOWN
from initiatives.models import InitiativeVersion
from initiatives.pagination import PAGE_SIZE
from initiatives.steering import TASKS_SHOWN
from tests.initiatives.factories import bulk_initiatives

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SMALL, LARGE = 300, 3000


def _page(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, len(queries)


def _rows(html: str, testid: str) -> int:
    return html.count(f'data-testid="{testid}"')


def _measure(client, author, municipal_member, police_member) -> dict:
    """Per page: (queries, rows rendered of each list, HTML size in KB)."""
    area = FocusArea.objects.order_by("order").first()
    pages = {
        "focus area": (municipal_member, reverse("focusarea", args=[area.slug]), ["focus-area-initiative"]),
        "queue": (municipal_member, reverse("initiatives:steering"), ["queue-item", "overdue-initiative"]),
        "agenda": (municipal_member, reverse("initiatives:agenda"), ["agenda-item", "overdue-initiative"]),
        "member's front page": (municipal_member, reverse("home"), ["awaiting-decision-item"]),
        "police liaison's front page": (police_member, reverse("home"), ["awaiting-decision-item"]),
        "author's front page": (author, reverse("home"), ["returned-item", "follow-up-due-item"]),
        "follow-up overview": (municipal_member, reverse("followup:overview") + "?forfaldne=ja", ["overview-row"]),
    }
    figures = {}
    for name, (user, url, testids) in pages.items():
        client.force_login(user)
        html, queries = _page(client, url)
        figures[name] = (queries, [_rows(html, testid) for testid in testids], len(html.encode()) // 1024)
    return figures


def test_pages_render_the_same_rows_with_the_same_queries_at_300_and_3000_initiatives(
    client, author, municipal_member, police_member
):
    bulk_initiatives(SMALL, author=author)  # every initiative in force has a goal overdue for follow-up
    small = _measure(client, author, municipal_member, police_member)
    bulk_initiatives(LARGE - SMALL, author=author)
    large = _measure(client, author, municipal_member, police_member)

    for name in small:
        assert large[name][:2] == small[name][:2], name
        # Longer numbers ("Initiativ 2999") may add a little; a list that grew would add hundreds of KB.
        assert large[name][2] <= small[name][2] * 1.1 + 1, (name, small[name][2], large[name][2])
    rows = {name: figure[1] for name, figure in small.items()}
    assert rows == {
        "focus area": [PAGE_SIZE],
        "queue": [PAGE_SIZE, OVERDUE_SHOWN],
        "agenda": [PAGE_SIZE, OVERDUE_SHOWN],
        "member's front page": [TASKS_SHOWN],
        "police liaison's front page": [TASKS_SHOWN],
        "author's front page": [TASKS_SHOWN, TASKS_SHOWN],
        "follow-up overview": [PAGE_SIZE],
    }


def test_the_steering_group_sees_how_many_goals_are_overdue_and_where_to_find_them_all(
    client, author, municipal_member
):
    bulk_initiatives(SMALL, author=author)  # half of them in force, each with one goal overdue
    client.force_login(municipal_member)
    page = client.get(reverse("initiatives:steering")).text
    overdue = InitiativeVersion.objects.filter(state=InitiativeVersion.State.APPROVED).count()
    assert f"Opfølgning over fristen ({overdue})" in page
    more = page.split('data-testid="overdue-more"')[1]
    assert f"De første {OVERDUE_SHOWN} af {overdue} initiativer" in more
    assert "?forfaldne=ja" in more
    listed = client.get(reverse("followup:overview") + f"?forfaldne=ja&side={overdue // PAGE_SIZE + 1}").text
    assert _rows(listed, "overview-row") == (overdue % PAGE_SIZE or PAGE_SIZE)


def test_the_front_page_says_how_many_tasks_there_are_and_where_to_find_them_all(client, author, municipal_member):
    bulk_initiatives(SMALL, author=author)  # a fifth submitted, a tenth returned
    client.force_login(municipal_member)
    page = client.get(reverse("home")).text
    assert "Afventer din beslutning (60)" in page
    assert f'href="{reverse("initiatives:steering")}"' in page.split('data-testid="awaiting-more"')[1]
    client.force_login(author)
    page = client.get(reverse("home")).text
    assert "Sendt tilbage til dig til revision (30)" in page
    assert "?state=tilbagesendt" in page.split('data-testid="returned-more"')[1]


def test_the_queue_and_the_agenda_go_on_over_pages(client, author, municipal_member):
    bulk_initiatives(SMALL, author=author)
    client.force_login(municipal_member)
    second = client.get(reverse("initiatives:agenda") + "?side=2").text
    assert _rows(second, "agenda-item") == PAGE_SIZE
    assert f'id="item-{PAGE_SIZE + 1}"' in second  # numbering goes on from the first page
    assert "Punkt 26–50 af 60." in second
    last = client.get(reverse("initiatives:steering") + "?side=3").text
    assert _rows(last, "queue-item") == 60 - 2 * PAGE_SIZE
    assert "Versioner, du mangler at træffe beslutning om: 60" in last
