"""Administrators edit the goal definition (target, headline measure, comparison cities) in the Django admin."""

import pytest
from django.urls import reverse

from indicators.models import Area, GoalComparison, GoalDefinition, Measure


@pytest.fixture
def goal(db):
    return GoalDefinition.current()


def _form_data(goal, comparisons, **changes):
    """The admin change form's POST data: the goal's fields plus the inline rows (area pk, order, delete?)."""
    existing = list(goal.comparisons.all())
    data = {
        "target_area": goal.target_area_id,
        "headline_measure": goal.headline_measure_id,
        "second_headline_measure": goal.second_headline_measure_id or "",
        "police_district": goal.police_district_id or "",
        "baseline_year": goal.baseline_year,
        "comparisons-TOTAL_FORMS": len(comparisons),
        "comparisons-INITIAL_FORMS": len(existing),
        "comparisons-MIN_NUM_FORMS": 0,
        "comparisons-MAX_NUM_FORMS": 1000,
        **changes,
    }
    for index, (area, order, delete) in enumerate(comparisons):
        prefix = f"comparisons-{index}"
        if index < len(existing):
            data[f"{prefix}-id"] = existing[index].pk
        data[f"{prefix}-goal"] = goal.pk
        data[f"{prefix}-area"] = area.pk
        data[f"{prefix}-order"] = order
        if delete:
            data[f"{prefix}-DELETE"] = "on"
    return data


def _areas(*names):
    return [Area.objects.get(name=name) for name in names]


def test_administrator_changes_the_comparison_cities_and_headline_measure(client, admin_user, goal):
    client.force_login(admin_user)
    url = reverse("admin:indicators_goaldefinition_change", args=[goal.pk])
    assert client.get(url).status_code == 200
    kbh, odense, aalborg, esbjerg = _areas("København", "Odense", "Aalborg", "Esbjerg")
    (randers,) = _areas("Randers")
    rows = [(kbh, 1, False), (odense, 2, False), (aalborg, 3, True), (esbjerg, 4, False), (randers, 5, False)]
    utrygge = Measure.objects.get(code="andel_utrygge")
    response = client.post(url, _form_data(goal, rows, headline_measure=utrygge.pk))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    goal.refresh_from_db()
    assert goal.headline_measure == utrygge
    assert [c.area.name for c in goal.comparisons.all()] == ["København", "Odense", "Esbjerg", "Randers"]


def test_target_area_cannot_also_be_a_comparison(client, admin_user, goal):
    client.force_login(admin_user)
    url = reverse("admin:indicators_goaldefinition_change", args=[goal.pk])
    kbh, odense, aalborg, esbjerg, aarhus = _areas("København", "Odense", "Aalborg", "Esbjerg", "Aarhus")
    rows = [(kbh, 1, False), (odense, 2, False), (aalborg, 3, False), (esbjerg, 4, False), (aarhus, 5, False)]
    response = client.post(url, _form_data(goal, rows))
    assert response.status_code == 200
    assert "Aarhus er målområdet og kan ikke også være sammenligningsområde." in response.content.decode()
    assert GoalComparison.objects.filter(goal=goal).count() == 4


def test_goal_keeps_at_least_one_comparison(client, admin_user, goal):
    client.force_login(admin_user)
    url = reverse("admin:indicators_goaldefinition_change", args=[goal.pk])
    rows = [(c.area, c.order, True) for c in goal.comparisons.all()]
    response = client.post(url, _form_data(goal, rows))
    assert "Målet skal have mindst ét sammenligningsområde." in response.content.decode()
    assert GoalComparison.objects.filter(goal=goal).count() == 4


def test_the_one_goal_can_be_neither_added_nor_deleted(client, admin_user, goal):
    client.force_login(admin_user)
    assert client.get(reverse("admin:indicators_goaldefinition_add")).status_code == 403
    assert client.get(reverse("admin:indicators_goaldefinition_delete", args=[goal.pk])).status_code == 403


def test_staff_without_the_goal_permission_cannot_edit_it(client, goal, db):
    from tests.accounts.factories import UserFactory

    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:indicators_goaldefinition_change", args=[goal.pk])).status_code == 403


def _measure_form_data(measure, breaks):
    """The measure's admin change form: its fields as they are, and new inline rows of series breaks."""
    data = {
        "code": measure.code,
        "name": measure.name,
        "unit": measure.unit,
        "sub_goal": measure.sub_goal_id or "",
        "tolerance": measure.tolerance if measure.tolerance is not None else "",
        "description": measure.description,
        "breaks-TOTAL_FORMS": len(breaks),
        "breaks-INITIAL_FORMS": 0,
        "breaks-MIN_NUM_FORMS": 0,
        "breaks-MAX_NUM_FORMS": 1000,
    }
    if measure.higher_is_better:
        data["higher_is_better"] = "on"
    for index, (year, kind, note) in enumerate(breaks):
        data.update(
            {
                f"breaks-{index}-year": year,
                f"breaks-{index}-kind": kind,
                f"breaks-{index}-note": note,
                f"breaks-{index}-measure": measure.pk,
            }
        )
    return data


def test_administrator_links_a_measure_to_a_sub_goal_and_records_its_break_on_the_measure(client, admin_user, goal):
    """Breaks are edited with the measure in the admin, and the goal page then marks them and files the measure
    under its sub-goal."""
    from indicators.models import SubGoal
    from tests.indicators.factories import values

    trust = Measure.objects.get(code="tillid_politi")
    values("tillid_politi", {"Aarhus": {2019: "80.0", 2023: "82.0"}, "Odense": {2019: "79.0", 2023: "81.0"}})
    client.force_login(admin_user)
    url = reverse("admin:indicators_measure_change", args=[trust.pk])
    assert client.get(url).status_code == 200
    data = _measure_form_data(trust, [(2022, "metode", "Nye spørgsmål om politiet fra 2022.")])
    data["sub_goal"] = SubGoal.objects.get(number=2).pk

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    # Added beside the survey's own breaks (2020, 2021) that the migration recorded.
    assert [(b.year, b.kind) for b in trust.breaks.all()] == [
        (2020, "ingen_maaling"),
        (2021, "metode"),
        (2022, "metode"),
    ]
    page = client.get(reverse("goal"), {"maaling": "tillid_politi"}).content.decode()
    assert '<g class="series-break" data-year="2022">' in page and 'data-testid="break-2022"' in page
    sub_goal_2 = page.split('data-testid="sub-goal-2"')[1].split("</section>")[0]
    assert 'data-testid="measure-tillid_politi"' in sub_goal_2
    # One break per measure and year: a second row for the same year is a field error, nothing is saved.
    again = client.post(url, _measure_form_data(trust, [(2022, "ingen_maaling", "Dublet.")] * 2))
    assert again.status_code == 200 and trust.breaks.count() == 3
