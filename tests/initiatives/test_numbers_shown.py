"""Numbers on the document read as they were typed (issue 13, point 6)."""

import re
from decimal import Decimal

from django.urls import reverse

from tests.initiatives.factories import InitiativeVersionFactory, document_data


def test_budget_and_effect_goal_values_read_as_typed(client, author):
    version = InitiativeVersionFactory(author=author, budget=Decimal("250000.50"))
    version.effect_goals.update(baseline_value=Decimal("62.5"), target_value=Decimal("70"))
    client.force_login(author)
    page = client.get(reverse("initiatives:detail", args=[version.initiative_id])).content.decode()
    assert "250.000,50 kr." in page
    assert "62,5 antal" in page and "70 antal" in page
    assert "62,500" not in page


def _input_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert match, name
    return re.search(r'value="([^"]*)"', match.group(0)).group(1)


def test_the_edit_form_shows_saved_numbers_as_they_were_typed(client, author, draft):
    """Save 62,5 and 70, reopen the form: the inputs read "62,5" and "70", not "62,500" and "70,000"."""
    client.force_login(author)
    url = reverse("initiatives:edit", args=[draft.initiative_id])
    data = document_data(
        draft,
        budget="250.000,50",
        **{"effektmaal-0-baseline_value": "62,5", "effektmaal-0-target_value": "70", "effektmaal-0-tolerance": "0,15"},
    )
    assert client.post(url, data).status_code == 302
    goal = draft.effect_goals.get()
    assert (goal.baseline_value, goal.target_value) == (Decimal("62.5"), Decimal("70"))

    page = client.get(url).content.decode()
    assert _input_value(page, "budget") == "250.000,50"
    assert _input_value(page, "effektmaal-0-baseline_value") == "62,5"
    assert _input_value(page, "effektmaal-0-target_value") == "70"
    assert _input_value(page, "effektmaal-0-tolerance") == "0,15"

    # Whole kroner read without øre, and a thousands dot typed back in is read as one.
    draft.refresh_from_db()
    assert client.post(url, document_data(draft, budget="1.200.000")).status_code == 302
    page = client.get(url).content.decode()
    assert _input_value(page, "budget") == "1.200.000"
    draft.refresh_from_db()
    assert draft.budget == Decimal("1200000")


def test_a_form_with_an_error_keeps_the_numbers_as_typed(client, author, draft):
    client.force_login(author)
    data = document_data(draft, title="", **{"effektmaal-0-baseline_value": "62,50"})
    page = client.post(reverse("initiatives:edit", args=[draft.initiative_id]), data).content.decode()
    assert _input_value(page, "effektmaal-0-baseline_value") == "62,50"


def test_a_conflict_shows_the_others_numbers_as_typed(client, author, colleague, draft):
    """The merged form after a conflict puts a colleague's budget in place the way the form shows numbers."""
    anne_opened = document_data(draft)
    client.force_login(colleague)
    url = reverse("initiatives:edit", args=[draft.initiative_id])
    client.post(url, document_data(draft, title="Jonas' titel", budget="62,5"))
    client.force_login(author)
    response = client.post(url, {**anne_opened, "title": "Annes titel"})
    assert response.status_code == 409
    assert _input_value(response.content.decode(), "budget") == "62,50"
