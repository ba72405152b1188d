"""The incident: an administrator sent Mette a reset link, read it in the admin's task results, chose a new
password and logged in as Mette. The link is now made by the worker at send time and never rests where an
administrator can read it."""

from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult


def _everything_an_administrator_reads(client) -> str:
    # The mails are the admin's only view of the task queue (mail/admin.py).
    pages = [client.get(reverse("admin:mail_mail_changelist")).text]
    for result in DBTaskResult.objects.all():
        pages.append(client.get(reverse("admin:mail_mail_change", args=[result.pk])).text)
    return "\n".join(pages)


def test_the_reset_link_never_rests_in_the_queue_nor_in_its_results(client, admin_user, author, mail_queue):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_reset_link", "_selected_action": [author.pk]}
    )
    waiting = _everything_an_administrator_reads(client)
    assert author.email in waiting  # the recipient is shown …
    stored = [str(result.args_kwargs) + str(result.return_value) for result in DBTaskResult.objects.all()]
    assert stored and not any("ny-adgangskode" in text for text in stored)
    mail_queue.run()
    [sent] = mail.outbox
    link = next(line for line in sent.body.splitlines() if "/konto/ny-adgangskode/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    after = _everything_an_administrator_reads(client)
    # … never the body, nor the link, nor its token, before or after sending.
    for text in (waiting, after, *[str(r.args_kwargs) + str(r.return_value) for r in DBTaskResult.objects.all()]):
        assert "ny-adgangskode" not in text and token not in text
        assert "Åbn dette link" not in text


def test_a_failing_reset_mail_shows_its_error_but_not_its_link(settings, client, admin_user, author, mail_queue):
    settings.EMAIL_BACKEND = "tests.mail.servers.BrokenBackend"
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_reset_link", "_selected_action": [author.pk]}
    )
    for _attempt in range(6):
        mail_queue.make_due()
        mail_queue.run()
    page = _everything_an_administrator_reads(client)
    assert "ConnectionRefusedError" in page
    assert "ny-adgangskode" not in page
    assert not any("ny-adgangskode" in str(r.return_value) + r.traceback for r in DBTaskResult.objects.all())
