"""Demo content, the front page's counts and the focus-area pages' initiatives."""

import io

from django.core.management import call_command
from django.urls import reverse

from focusareas.models import FocusArea
from initiatives.models import Initiative, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory


def test_load_demo_twice_gives_the_users_initiatives_and_figures_once(db):
    """The one test of load_demo's idempotence (the others load it once)."""
    from django.contrib.auth import get_user_model

    from indicators.models import ImportBatch, IndexValue

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="anne").count() == 1
    assert IndexValue.objects.count() == 58 and ImportBatch.objects.count() == 1
    titles = list(InitiativeVersion.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == Initiative.objects.count() == 8
    trial = InitiativeVersion.objects.get(title="Forsøg om indbrudsforebyggelse")
    assert trial.is_embargoed and "Forskningskontor" in trial.embargo_reason
    assert all("Demodata" in v.description for v in InitiativeVersion.objects.all())


def test_front_page_counts_initiatives_per_focus_area_and_sub_goal(client, author, django_assert_max_num_queries):
    InitiativeVersionFactory(author=author, sub_goals=[1, 3])
    InitiativeVersionFactory(author=author, sub_goals=[3])
    InitiativeVersionFactory(author=author, sub_goals=[2], focus_area=FocusArea.objects.get(slug="digital-tryghed"))
    client.force_login(author)
    response = client.get(reverse("home"))
    counts = {area.slug: area.initiative_count for area in response.context["focus_areas"]}
    assert counts["indbrudsforebyggelse-og-nabohjaelp"] == 2 and counts["digital-tryghed"] == 1
    assert counts["byens-natteliv"] == 0
    assert [s.initiative_count for s in response.context["sub_goals"]] == [1, 1, 2]
    assert "Initiativer: 2" in response.text and "Initiativer, der bidrager: 2" in response.text


def test_focus_area_page_lists_its_initiatives_with_markings(client, author):
    import datetime

    InitiativeVersionFactory(
        author=author, title="Hemmeligt forsøg", embargo_until=datetime.date(2099, 1, 1), embargo_reason="Forskning"
    )
    touching = InitiativeVersionFactory(
        author=author, title="Vandring", focus_area=FocusArea.objects.get(slug="digital-tryghed")
    )
    touching.other_focus_areas.add(FocusArea.objects.get(slug="indbrudsforebyggelse-og-nabohjaelp"))
    InitiativeVersionFactory(author=author, title="Andet sted", focus_area=FocusArea.objects.get(slug="byens-natteliv"))
    client.force_login(author)
    response = client.get(reverse("focusarea", args=["indbrudsforebyggelse-og-nabohjaelp"]))
    assert [v.title for v in response.context["page"]] == ["Hemmeligt forsøg", "Vandring"]
    assert "Embargo: må ikke kommunikeres før" in response.text
    assert "Primært fokusområde: Digital tryghed" in response.text


def test_outsider_sees_the_focus_area_but_not_its_initiatives(client, outsider, author):
    InitiativeVersionFactory(author=author, title="Internt initiativ")
    client.force_login(outsider)
    response = client.get(reverse("focusarea", args=["indbrudsforebyggelse-og-nabohjaelp"]))
    assert response.status_code == 200 and "Internt initiativ" not in response.text


def test_demo_states_come_from_the_workflow_with_decisions_and_timeline(db):
    from initiatives.models import Decision, Event

    call_command("load_demo", stdout=io.StringIO())
    approved = InitiativeVersion.objects.get(title="Informationsmøder om indbrudsforebyggelse og nabohjælp")
    assert approved.state == "godkendt" and approved.initiative.approved_version == approved
    assert sorted(approved.decisions.values_list("member__username", flat=True)) == ["mette", "peter"]
    returned = InitiativeVersion.objects.get(title="Aggressiv adfærd på cykelstierne")
    assert returned.state == "tilbagesendt"
    assert [e.action for e in returned.events.all()] == [Event.Action.SUBMITTED, Event.Action.RETURNED]
    assert InitiativeVersion.objects.get(title="Kend dine naboer").state == "indsendt"
    assert Decision.objects.count() == 3 and Event.objects.count() == 6
    assert all("Demodata" in d.justification for d in Decision.objects.all())
