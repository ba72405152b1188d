"""Mail survives a worker's crash: at least once, with one Message-ID for every attempt; a failure shows at once."""

import datetime

from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mail.queue import enqueue
from mail.recovery import requeue_stalled


def test_a_mail_left_sending_by_a_dead_worker_is_sent_after_the_timeout(mail_queue, settings):
    enqueue(to=["anne@aarhus.dk"], subject="Til beslutning", body="Se sagen.")
    task = DBTaskResult.objects.get()
    task.claim("dead-worker")  # the worker took it and died before it finished
    assert requeue_stalled() == 0  # a worker may still be sending it
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=6))
    assert requeue_stalled() == 1
    mail_queue.run()
    [sent] = mail.outbox
    assert sent.to == ["anne@aarhus.dk"] and DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_every_attempt_carries_the_same_message_id_and_a_failed_one_shows_failed(mail_queue, settings):
    settings.EMAIL_BACKEND = "tests.mail.servers.BrokenBackend"
    enqueue(to=["anne@aarhus.dk"], subject="Til beslutning", body="Se sagen.")
    mail_queue.run()
    first = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "The mail server is down." in first.traceback
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail_queue.make_due()
    mail_queue.run()
    [sent] = mail.outbox
    message_id = first.args_kwargs["kwargs"]["message_id"]
    assert sent.extra_headers["Message-ID"] == message_id and message_id.endswith(">")
