"""An initiative under embargo is marked on every page that names it, and in the mails about it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from indicators.models import SubGoal
from initiatives import queries, workflow
from initiatives.models import Decision, LocalArea
from tests.initiatives.factories import InitiativeVersionFactory

MARK = "Embargo: må ikke kommunikeres før"
ALERT = "Dette initiativ må ikke kommunikeres før"


@pytest.fixture
def embargoed(author):
    """A submitted initiative that must not be communicated for another month."""
    version = InitiativeVersionFactory(
        author=author,
        title="Forsøg under embargo",
        embargo_until=timezone.localdate() + datetime.timedelta(days=30),
        embargo_reason="Forsøgets validitet.",
    )
    workflow.submit(version, by=author, send_mail=False)
    version.refresh_from_db()
    return version


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_steering_group_queue_and_the_printable_agenda_mark_the_embargo(client, embargoed, police_member):
    assert MARK in _page(client, police_member, reverse("initiatives:steering"))
    agenda = _page(client, police_member, reverse("initiatives:agenda"))
    assert ALERT in agenda and "Forsøgets validitet." in agenda


def test_the_front_page_task_and_the_decision_log_mark_the_embargo(client, embargoed, police_member):
    assert MARK in _page(client, police_member, reverse("home"))
    workflow.decide(
        embargoed,
        by=police_member,
        outcome=Decision.Outcome.APPROVE,
        justification="Ja",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
        send_mail=False,
    )
    assert MARK in _page(client, police_member, reverse("initiatives:decision_log"))


def test_history_and_edit_pages_mark_the_embargo(client, author):
    version = InitiativeVersionFactory(
        author=author,
        embargo_until=timezone.localdate() + datetime.timedelta(days=3),
        embargo_reason="Forsøgets validitet.",
    )
    assert ALERT in _page(client, author, reverse("initiatives:history", args=[version.initiative_id]))
    assert ALERT in _page(client, author, reverse("initiatives:edit", args=[version.initiative_id]))


def test_the_proposed_changes_and_the_areas_page_data_mark_the_embargo(
    client, embargoed, author, police_member, municipal_member
):
    embargoed.local_areas.add(LocalArea.objects.create(name="Gellerup", kind=LocalArea.Kind.HOUSING_AREA))
    for member in (police_member, municipal_member):
        workflow.decide(
            embargoed,
            by=member,
            outcome=Decision.Outcome.APPROVE,
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )
    workflow.start_revision(embargoed.initiative, by=author)
    assert ALERT in _page(client, author, reverse("initiatives:revision", args=[embargoed.initiative_id]))
    [listed] = queries.approved_by_local_area()["gellerup"]
    assert listed.is_embargoed


def test_the_mails_about_an_embargoed_initiative_say_so(mail_queue, author, police_member, municipal_member):
    version = InitiativeVersionFactory(
        author=author,
        embargo_until=timezone.localdate() + datetime.timedelta(days=3),
        embargo_reason="Forsøgets validitet.",
    )
    workflow.submit(version, by=author)
    workflow.decide(version, by=police_member, outcome=Decision.Outcome.RETURN, justification="Ret målet.")
    mail_queue.run()
    assert mail.outbox and all("må ikke kommunikeres før" in message.body for message in mail.outbox)


def test_no_mark_once_the_embargo_date_has_come(client, author, police_member):
    version = InitiativeVersionFactory(author=author, embargo_until=timezone.localdate(), embargo_reason="Forsøg.")
    workflow.submit(version, by=author, send_mail=False)
    assert MARK not in _page(client, police_member, reverse("initiatives:steering"))
