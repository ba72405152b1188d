"""Numbers on the document read as they were typed (issue 13, point 6)."""

from decimal import Decimal

from django.urls import reverse

from tests.initiatives.factories import InitiativeVersionFactory


def test_budget_and_effect_goal_values_read_as_typed(client, author):
    version = InitiativeVersionFactory(author=author, budget=Decimal("250000.50"))
    version.effect_goals.update(baseline_value=Decimal("62.5"), target_value=Decimal("70"))
    client.force_login(author)
    page = client.get(reverse("initiatives:detail", args=[version.initiative_id])).content.decode()
    assert "250.000,50 kr." in page
    assert "62,5 antal" in page and "70 antal" in page
    assert "62,500" not in page
