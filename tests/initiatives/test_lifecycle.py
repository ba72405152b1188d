"""Withdrawing a submission, abandoning a new version and deleting a draft that was never submitted."""

import pytest
from django.urls import reverse

from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, Event, Initiative, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory

State = InitiativeVersion.State


def _post(client, user, name, version, **data):
    client.force_login(user)
    version.refresh_from_db()
    return client.post(reverse(name, args=[version.initiative_id]), {"revision": version.revision, **data}, follow=True)


def test_a_submission_is_withdrawn_before_any_decision_and_the_timeline_says_so(client, author, submitted):
    response = _post(client, author, "initiatives:withdraw", submitted)
    submitted.refresh_from_db()
    assert submitted.state == State.DRAFT
    assert "Indsendelsen er trukket tilbage" in response.text
    event = Event.objects.get(action=Event.Action.WITHDRAWN)
    assert (event.actor, event.from_state, event.to_state) == (author, State.SUBMITTED, State.DRAFT)
    assert "trak indsendelsen tilbage for" in " ".join(response.text.split())


def test_after_a_decision_the_submission_cannot_be_withdrawn(client, author, submitted, police_member):
    workflow.decide(
        submitted,
        by=police_member,
        outcome=Decision.Outcome.APPROVE,
        justification="Ja",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
        send_mail=False,
    )
    response = _post(client, author, "initiatives:withdraw", submitted)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and Decision.objects.count() == 1
    assert "allerede truffet beslutning" in response.text


@pytest.fixture
def revision_under_way(author, police_member, municipal_member):
    version = InitiativeVersionFactory(author=author)
    workflow.submit(version, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            version,
            by=member,
            outcome=Decision.Outcome.APPROVE,
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )
    return workflow.start_revision(version.initiative, by=author)


def test_a_new_version_is_abandoned_and_the_approved_one_applies_again(client, author, revision_under_way):
    response = _post(client, author, "initiatives:abandon", revision_under_way)
    revision_under_way.refresh_from_db()
    initiative = Initiative.objects.get()
    assert revision_under_way.state == State.ABANDONED
    assert initiative.latest_version_id == initiative.approved_version_id != revision_under_way.pk
    assert Event.objects.filter(action=Event.Action.ABANDONED, version=revision_under_way).exists()
    assert "opgivet" in response.text
    # The approved version may be revised again, as a new version 3.
    assert workflow.start_revision(initiative, by=author).number == 3


def test_a_draft_never_submitted_is_deleted(client, author, draft):
    response = _post(client, author, "initiatives:delete", draft)
    assert response.redirect_chain[-1][0] == reverse("initiatives:list")
    assert not Initiative.objects.exists() and not InitiativeVersion.objects.exists()
    assert InitiativeVersion.history.filter(id=draft.pk, history_type="-", history_user=author).exists()


def test_a_draft_with_a_timeline_is_not_deleted(client, author, submitted):
    workflow.withdraw(submitted, by=author)
    _post(client, author, "initiatives:delete", submitted)
    assert Initiative.objects.exists() and Event.objects.count() == 2
