"""Workflow mail: who gets it, what it says, and that the queue keeps it safe from a slow or broken mail server."""

import socketserver
import threading

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory
from tests.mail.servers import SMTPHandler, connections_made, hanging_server, send_to

Outcome = Decision.Outcome


def approve(version, member):
    return workflow.decide(
        version,
        by=member,
        outcome=Outcome.APPROVE,
        justification="Bidrager til målet.",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
    )


def test_a_submission_mails_the_steering_group_once_the_worker_runs(
    mail_queue, author, police_member, municipal_member, draft
):
    workflow.submit(draft, by=author)
    assert mail.outbox == [] and len(mail_queue.waiting()) == 2
    mail_queue.run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([police_member.email, municipal_member.email])
    message = mail.outbox[0]
    assert message.subject == f"Til beslutning: {draft.initiative.number} Nabohjælp i Tilst"
    assert f"http://127.0.0.1:8000/initiativer/{draft.initiative_id}/" in message.body
    assert mail_queue.waiting() == []


def test_links_use_the_served_address(settings, mail_queue, author, police_member, draft):
    settings.SITE_URL = "http://127.0.0.1:8101"
    workflow.submit(draft, by=author)
    mail_queue.run()
    assert f"http://127.0.0.1:8101/initiativer/{draft.initiative_id}/" in mail.outbox[0].body


def test_members_who_may_not_decide_are_not_asked_to(mail_queue, author, police_member, municipal_member):
    # The police liaison edited the version, so separation of duties bars him from deciding on it.
    version = InitiativeVersionFactory(author=author, last_edited_by=police_member)
    workflow.submit(version, by=author)
    mail_queue.run()
    assert [m.to[0] for m in mail.outbox] == [municipal_member.email]


def test_a_decision_mails_the_author_and_contacts_but_not_the_member_who_made_it(
    mail_queue, submitted, police_member, municipal_member
):
    InitiativeVersion.objects.filter(pk=submitted.pk).update(
        police_contact=police_member, municipal_contact=municipal_member
    )
    mail_queue.run()
    mail.outbox.clear()
    workflow.decide(submitted, by=police_member, outcome=Outcome.RETURN, justification="Ret effektmålet.")
    mail_queue.run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([submitted.author.email, municipal_member.email])
    assert mail.outbox[0].subject.startswith("Sendt tilbage til revision:")
    assert "Ret effektmålet." in mail.outbox[0].body


def test_plain_text_mail_is_not_html_escaped_and_says_approved_in_danish(
    mail_queue, author, police_member, municipal_member
):
    version = InitiativeVersionFactory(author=author, title='Tryghed & trivsel <i> "Gellerup"')
    workflow.submit(version, by=author)
    approve(version, police_member)
    mail.outbox.clear()
    mail_queue.run()
    subjects = [m.subject for m in mail.outbox]
    assert f'Til beslutning: {version.initiative.number} Tryghed & trivsel <i> "Gellerup"' in subjects
    decision_mail = next(m for m in mail.outbox if m.to == [author.email])
    assert "har godkendt" in decision_mail.body and 'Tryghed & trivsel <i> "Gellerup"' in decision_mail.body
    assert "&amp;" not in decision_mail.body + "".join(subjects)


def test_a_rolled_back_decision_queues_no_mail(mail_queue, submitted, police_member):
    mail_queue.run()
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.decide(submitted, by=police_member, outcome=Outcome.REJECT, justification="Nej.")
        raise RuntimeError("something after the decision failed")
    assert mail_queue.waiting() == [] and not Decision.objects.exists()


def test_a_broken_mail_server_retries_then_shows_the_failed_mail_to_administrators(
    settings, client, mail_queue, submitted, police_member, admin_user
):
    settings.EMAIL_BACKEND = "tests.mail.servers.BrokenBackend"
    mail_queue.run()
    workflow.decide(submitted, by=police_member, outcome=Outcome.REJECT, justification="Nej.")
    assert InitiativeVersion.objects.get(pk=submitted.pk).state == InitiativeVersion.State.REJECTED
    for _attempt in range(10):
        mail_queue.make_due()
        mail_queue.run()
    assert mail_queue.waiting() == []
    client.force_login(admin_user)
    page = client.get(reverse("admin:mail_mail_changelist"), {"status__exact": "FAILED"})
    assert page.status_code == 200
    # Every attempt failed, and shows so, with its error; the body ("Nej.") is never shown.
    failed = page.context["cl"].result_list
    assert {mail.args_kwargs["kwargs"].get("attempt", 1) for mail in failed} == {1, 2, 3, 4, 5}
    text = page.content.decode()
    assert submitted.author.email in text and "Afvist:" in text and "The mail server is down." in text
    detail = client.get(reverse("admin:mail_mail_change", args=[failed[0].pk])).content.decode()
    assert "The mail server is down." in detail and "Nej." not in detail


def test_a_hanging_mail_server_does_not_hold_up_a_decision_and_the_mail_arrives_when_it_is_back(
    settings, client, mail_queue, submitted, police_member
):
    mail_queue.run()  # the submission's mails, through the test backend
    hanging = hanging_server()
    port = hanging.getsockname()[1]
    send_to(settings, port)
    client.force_login(police_member)
    version = InitiativeVersion.objects.get(pk=submitted.pk)
    response = client.post(
        reverse("initiatives:decide", args=[version.initiative_id, version.number]),
        {"revision": version.revision, "outcome": "afvis", "justification": "Nej."},
    )
    assert response.status_code == 302
    # The decision is saved and the request answered without ever contacting the mail server.
    assert connections_made(hanging) == 0
    assert InitiativeVersion.objects.get(pk=submitted.pk).state == InitiativeVersion.State.REJECTED
    mail_queue.run()  # the worker meets the silent server, gives up after EMAIL_TIMEOUT and reschedules the mail
    assert [m["attempt"] for m in mail_queue.waiting()] == [2]
    hanging.close()

    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), SMTPHandler) as back:
        back.messages = []
        threading.Thread(target=back.serve_forever, daemon=True).start()
        mail_queue.make_due()
        mail_queue.run()
        back.shutdown()
    assert any("Afvist:" in message for message in back.messages)
    assert mail_queue.waiting() == []


def test_a_withdrawal_mails_the_author_and_a_resubmission_does_not_ask_again(
    mail_queue, author, colleague, police_member, municipal_member, draft
):
    """Issue 25: a withdrawal sent nothing, and submitting the same text again sent a second "Til beslutning"."""
    workflow.submit(draft, by=author)
    mail_queue.run()
    asked = len(mail.outbox)
    draft.refresh_from_db()
    workflow.withdraw(draft, by=colleague)
    mail_queue.run()
    withdrawn = mail.outbox[asked:]
    assert [m.to[0] for m in withdrawn] == [author.email]
    assert withdrawn[0].subject.startswith("Indsendelse trukket tilbage: ")

    draft.refresh_from_db()
    workflow.submit(draft, by=author)
    mail_queue.run()
    assert not [m for m in mail.outbox[asked + 1 :] if m.subject.startswith("Til beslutning")]


def test_a_resubmission_after_an_edit_asks_the_steering_group_again(mail_queue, author, police_member, draft):
    from initiatives import documents

    workflow.submit(draft, by=author)
    draft.refresh_from_db()
    workflow.withdraw(draft, by=author)
    draft.refresh_from_db()
    document = documents.document_of(draft)
    document.fields["summary"] = "Ændret efter tilbagetrækningen."
    documents.save_edit(draft, document, base_revision=draft.revision, by=author)
    draft.refresh_from_db()
    workflow.submit(draft, by=author)
    mail_queue.run()
    assert len([m for m in mail.outbox if m.subject.startswith("Til beslutning")]) == 2
