"""Pages that list initiatives show a page or a summary: the same queries and the same number of rows rendered
with 300 and with 3,000 initiatives (issue 9). The time itself is measured in bench/, never here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focusareas.models import FocusArea
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
    area = FocusArea.objects.order_by("order").first()
    client.force_login(municipal_member)
    pages = {
        "focus area": (reverse("focusarea", args=[area.slug]), "focus-area-initiative"),
        "queue": (reverse("initiatives:steering"), "queue-item"),
        "agenda": (reverse("initiatives:agenda"), "agenda-item"),
        "member's front page": (reverse("home"), "awaiting-decision-item"),
    }
    figures = {}
    for name, (url, testid) in pages.items():
        html, queries = _page(client, url)
        figures[name] = (queries, _rows(html, testid))
    client.force_login(author)
    html, queries = _page(client, reverse("home"))
    figures["author's front page"] = (queries, _rows(html, "returned-item"))
    return figures


def test_pages_render_the_same_rows_with_the_same_queries_at_300_and_3000_initiatives(
    client, author, municipal_member, police_member
):
    bulk_initiatives(SMALL, author=author)
    small = _measure(client, author, municipal_member, police_member)
    bulk_initiatives(LARGE - SMALL, author=author)
    large = _measure(client, author, municipal_member, police_member)

    assert large == small
    assert small == {
        "focus area": (small["focus area"][0], PAGE_SIZE),
        "queue": (small["queue"][0], PAGE_SIZE),
        "agenda": (small["agenda"][0], PAGE_SIZE),
        "member's front page": (small["member's front page"][0], TASKS_SHOWN),
        "author's front page": (small["author's front page"][0], TASKS_SHOWN),
    }


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
