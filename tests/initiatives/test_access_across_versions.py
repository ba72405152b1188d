"""The rules that must hold across versions: the embargo in force, and separation of duties on copies."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Organisation
from accounts.roles import Role
from goal.sections import initiative_list_url
from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Initiative, InitiativeVersion, embargo_in_force
from initiatives.workflow import WorkflowError
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeVersionFactory, document_data

State = InitiativeVersion.State
FAR = datetime.date(2099, 1, 1)


def approve(version, member):
    return workflow.decide(
        version,
        by=member,
        outcome="godkend",
        justification="Ja",
        contributes_to_goal=True,
        sub_goals=SubGoal.objects.filter(number=1),
        send_mail=False,
    )


def in_force(initiative) -> datetime.date | None:
    return Initiative.objects.filter(pk=initiative.pk).values_list(embargo_in_force(""), flat=True).get()


def _approved_with_embargo(author, police_member, municipal_member, until=FAR):
    version = InitiativeVersionFactory(
        author=author,
        title="Forsøg med indbrud",
        embargo_until=until,
        embargo_reason="Forsøgets validitet.",
        sub_goals=[1],
    )
    workflow.submit(version, by=author, send_mail=False)
    approve(version, police_member)
    approve(version, municipal_member)
    version.refresh_from_db()
    assert version.state == State.APPROVED
    return version


def _edit(client, user, version, **changes):
    client.force_login(user)
    response = client.post(reverse("initiatives:edit", args=[version.initiative_id]), document_data(version, **changes))
    assert response.status_code == 302, response.context and [f.errors for f in response.context.get("forms", [])]


@pytest.mark.parametrize(
    ("draft_date", "expected"),
    [
        (None, FAR),  # the draft clears it: the approved embargo stands
        (datetime.date(2030, 1, 1), FAR),  # the draft shortens it: the approved embargo stands
        (datetime.date(2100, 6, 1), datetime.date(2100, 6, 1)),  # the draft lengthens it: the later date applies
    ],
)
def test_a_draft_can_lengthen_but_never_shorten_the_embargo(
    author, police_member, municipal_member, draft_date, expected
):
    approved = _approved_with_embargo(author, police_member, municipal_member)
    draft = workflow.start_revision(approved.initiative, by=author)
    InitiativeVersion.objects.filter(pk=draft.pk).update(embargo_until=draft_date)
    assert in_force(approved.initiative) == expected


def test_without_an_approved_version_the_working_version_s_embargo_applies(author):
    draft = InitiativeVersionFactory(author=author, embargo_until=FAR, embargo_reason="x")
    assert in_force(draft.initiative) == FAR
    InitiativeVersion.objects.filter(pk=draft.pk).update(embargo_until=None)
    assert in_force(draft.initiative) is None


def test_a_rejected_revision_leaves_the_approved_embargo(author, police_member, municipal_member):
    approved = _approved_with_embargo(author, police_member, municipal_member, until=datetime.date(2020, 1, 1))
    draft = workflow.start_revision(approved.initiative, by=author)
    InitiativeVersion.objects.filter(pk=draft.pk).update(embargo_until=FAR, embargo_reason="x")
    workflow.submit(draft, by=author, send_mail=False)
    workflow.decide(draft, by=police_member, outcome="afvis", justification="Nej", send_mail=False)
    assert in_force(approved.initiative) == datetime.date(2020, 1, 1)


def test_copy_and_clear_the_embargo_keeps_the_initiative_out_of_exports_and_marked_everywhere(
    client, author, police_member, municipal_member
):
    """The incident: a draft of an approved, embargoed initiative cleared the date and the export showed it."""
    approved = _approved_with_embargo(author, police_member, municipal_member)
    draft = workflow.start_revision(approved.initiative, by=author)
    _edit(client, author, draft, embargo_until="", embargo_reason="")
    draft.refresh_from_db()
    assert draft.embargo_until is None and in_force(approved.initiative) == FAR

    client.force_login(author)
    export = b"".join(client.get(reverse("initiatives:export", args=["csv"])).streaming_content).decode("utf-8-sig")
    assert "Forsøg med indbrud" not in export
    marked = "Embargo: må ikke kommunikeres før"
    listing = client.get(reverse("initiatives:list")).content.decode()
    assert "Forsøg med indbrud" in listing and marked in listing
    assert client.get(reverse("initiatives:list"), {"embargo": "ja"}).context["page"].object_list[0].pk == draft.pk
    # The goal page counts approved initiatives per sub-goal (issue 15) and names none; its link leads to the list,
    # where the initiative is marked.
    goal = client.get(reverse("goal")).content.decode()
    assert "Forsøg med indbrud" not in goal and "Godkendte initiativer: 1" in goal
    linked = client.get(initiative_list_url(SubGoal.objects.get(number=1))).content.decode()
    assert "Forsøg med indbrud" in linked and marked in linked
    page = client.get(reverse("initiatives:detail", args=[approved.initiative_id]))
    assert page.context["version"].is_embargoed  # the draft's own page says the approved embargo still applies


def test_separation_of_duties_reaches_the_copy(client, author, colleague, police_member, municipal_member):
    """The incident: a liaison refused on a version he had edited approved the next one, a copy of his text."""
    second_police = UserFactory(username="police2", role=Role.STEERING_MEMBER, organisation=Organisation.POLICE)
    version = InitiativeVersionFactory(
        author=author, responsibility="faelles", police_contact=police_member, sub_goals=[1]
    )
    _edit(client, police_member, version, title="Politiets udgave")
    workflow.submit(version, by=author, send_mail=False)
    with pytest.raises(WorkflowError, match="funktionsadskillelse"):
        approve(version, police_member)
    approve(version, second_police)
    approve(version, municipal_member)

    copy = workflow.start_revision(version.initiative, by=colleague)
    _edit(client, colleague, copy, summary="Kollegaens nye version.")
    workflow.submit(copy, by=colleague, send_mail=False)
    with pytest.raises(WorkflowError, match="funktionsadskillelse"):
        approve(copy, police_member)
    approve(copy, second_police)  # decided on version 1, never wrote it: may decide again
    assert copy.pk in InitiativeVersion.objects.filter(pk=copy.pk).editors()
    assert police_member.pk in InitiativeVersion.objects.filter(pk=copy.pk).editors()[copy.pk]


def test_an_unreachable_quorum_is_shown_on_the_page_and_in_the_queue(client, author, police_member, municipal_member):
    """The only police member edited the initiative: no police approval can come, and the pages say so."""
    version = InitiativeVersionFactory(
        author=author, responsibility="faelles", police_contact=police_member, sub_goals=[1]
    )
    _edit(client, police_member, version, title="Politiets udgave")
    workflow.submit(version, by=author, send_mail=False)
    client.force_login(author)
    page = client.get(reverse("initiatives:detail", args=[version.initiative_id])).content.decode()
    assert 'data-testid="quorum-unreachable"' in page and "Østjyllands Politi" in page
    assert "administrator" in page
    queue = client.get(reverse("initiatives:steering")).content.decode()
    assert 'data-testid="quorum-unreachable"' in queue


def test_a_reachable_quorum_shows_no_warning(client, submitted, author, police_member, municipal_member):
    client.force_login(author)
    page = client.get(reverse("initiatives:detail", args=[submitted.initiative_id])).content.decode()
    assert "quorum-unreachable" not in page
