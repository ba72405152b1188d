"""The initiative page's follow-up section, learning notes and the learning page: content and query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives.models import Contribution, InitiativeVersion
from tests.followup.factories import days, in_force, qualitative, quantitative, record


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_initiative_page_queries_do_not_grow_with_records(client, author, followed):
    client.force_login(author)
    record(quantitative(followed), days(-100), 115, by=author)
    few = _count(client, followed.get_absolute_url())
    for n in range(12):
        record(quantitative(followed), days(-90 + n), 114 - n, by=author)
        record(qualitative(followed), days(-90 + n), observation=f"Iagttagelse {n}", by=author)
    assert _count(client, followed.get_absolute_url()) == few


def test_the_page_explains_the_status_rule_in_danish(client, author, followed):
    client.force_login(author)
    rule = client.get(followed.get_absolute_url()).text.split('data-testid="status-rule"')[1].split("</ul>")[0]
    assert "kan målet ikke vurderes" in rule and "Præcis på en grænse tæller til målets fordel" in rule


def test_learning_notes_on_the_initiative_and_the_learning_page(client, author, colleague, followed):
    other = in_force(author, title="Tryghedsvandringer")
    Contribution.objects.filter(version=other).update(sub_goal=SubGoal.objects.get(number=2))
    client.force_login(author)
    for version, text in ((followed, "Naboerne vil mødes igen."), (other, "Vandringer virker om aftenen.")):
        response = client.post(
            reverse("followup:learning_note", args=[version.initiative_id]), {"date": days(0).isoformat(), "text": text}
        )
        assert response.status_code == 302
    assert "Naboerne vil mødes igen." in client.get(followed.get_absolute_url()).text
    assert (
        client.post(
            reverse("followup:learning_note", args=[followed.initiative_id]), {"date": days(0).isoformat(), "text": ""}
        ).status_code
        == 400
    )
    client.force_login(colleague)
    page = client.get(reverse("followup:learning")).text
    assert "Naboerne vil mødes igen." in page and "Vandringer virker om aftenen." in page
    sub_goal_2 = SubGoal.objects.get(number=2)
    page = client.get(reverse("followup:learning"), {"delmaal": sub_goal_2.pk}).text
    assert "Vandringer virker om aftenen." in page and "Naboerne" not in page
    page = client.get(reverse("followup:learning"), {"fokusomraade": "999999", "delmaal": "x"}).text
    assert "Naboerne" in page  # unknown filter values are ignored, not an error


def test_the_learning_page_filters_by_focus_area(client, author, followed):
    other = in_force(author, title="Tryghedsvandringer")
    elsewhere = FocusArea.objects.exclude(pk=followed.focus_area_id).first()
    InitiativeVersion.objects.filter(pk=other.pk).update(focus_area=elsewhere)
    client.force_login(author)
    for version, text in ((followed, "Naboerne vil mødes igen."), (other, "Vandringer virker om aftenen.")):
        client.post(
            reverse("followup:learning_note", args=[version.initiative_id]), {"date": days(0).isoformat(), "text": text}
        )

    page = client.get(reverse("followup:learning"), {"fokusomraade": elsewhere.pk}).text

    assert "Vandringer virker om aftenen." in page and "Naboerne" not in page
    page = client.get(reverse("followup:learning"), {"fokusomraade": followed.focus_area_id}).text
    assert "Naboerne vil mødes igen." in page and "Vandringer" not in page
