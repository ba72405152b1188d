"""Every mail of every app goes through `enqueue` (or `send_templated`, which renders one first).

`enqueue` writes the mail to the task queue in the database (django-tasks with its database backend), inside the
caller's transaction: a change that rolls back queues nothing, and a slow or broken mail server never holds up a
request. The worker (`manage.py db_worker`) sends each mail, and retries a failure after the delays in
RETRY_DELAYS; each failed attempt is marked failed with its error, and administrators find every attempt, with its
recipient, subject and error, in the admin under Mails.

Delivery is at least once: a worker that dies mid-send leaves its task running, and the next worker runs it again
after TASK_RUNNING_TIMEOUT (mail.recovery), so the mail may arrive twice. Every attempt of one mail carries the same
Message-ID, by which a mail server or reader recognises the duplicate.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, … attempt; after the last one the mail is given up and marked failed.
RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120)]


def enqueue(*, to: list[str], subject: str, body: str) -> int:
    """Queue one mail per address (recipients don't see each other); returns the number queued."""
    addresses = sorted({address for address in to if address})
    for address in addresses:
        send.enqueue(to=address, subject=subject, body=body, message_id=make_msgid(domain=_domain()))
    return len(addresses)


def send_templated(template: str, context: dict, recipients: list[str]) -> int:
    """Queue a mail made from `<template>_subject.txt` and `_body.txt` (Danish), one message per recipient."""
    if not any(recipients):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return enqueue(to=recipients, subject=subject, body=body)


def enqueue_built(builder: str, *, to: str, subject: str, **kwargs) -> None:
    """Queue a mail whose body the worker makes at send time: `builder` (a dotted path) is called with `kwargs`
    (plain ids) and returns the body, or None when there is nothing to send any more. For mails that carry a
    secret (a password-reset link): the queue, which administrators read, then holds only the recipient, the subject
    and an id, never the secret."""
    if to:
        send_built.enqueue(
            builder=builder, to=to, subject=subject, kwargs=kwargs, message_id=make_msgid(domain=_domain())
        )


class MailNotSent(Exception):
    """An attempt failed; the next one is queued (the task shows as failed, with this as its error)."""


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "tryg"


@task()
def send(*, to: str, subject: str, body: str, attempt: int = 1, message_id: str = "") -> str:
    """Send one queued mail; on failure queue the next attempt, or fail for good after the last one."""
    # A mail queued before Message-IDs were given gets one now, kept for its later attempts.
    message_id = message_id or make_msgid(domain=_domain())
    return _deliver(
        to,
        subject,
        body,
        attempt,
        message_id,
        lambda **later: send.using(**later).enqueue(
            to=to, subject=subject, body=body, attempt=attempt + 1, message_id=message_id
        ),
    )


@task()
def send_built(*, builder: str, to: str, subject: str, kwargs: dict, attempt: int = 1, message_id: str = "") -> str:
    """Make the body of a mail queued by `enqueue_built`, then send it as `send` does (a retry makes it again)."""
    body = import_string(builder)(**kwargs)
    if body is None:
        return "nothing to send"
    message_id = message_id or make_msgid(domain=_domain())
    return _deliver(
        to,
        subject,
        body,
        attempt,
        message_id,
        lambda **later: send_built.using(**later).enqueue(
            builder=builder, to=to, subject=subject, kwargs=kwargs, attempt=attempt + 1, message_id=message_id
        ),
    )


def _deliver(to: str, subject: str, body: str, attempt: int, message_id: str, retry: Callable[..., object]) -> str:
    """Send; on failure call `retry(run_after=…)` for the next attempt and fail this one, or raise after the last
    one. The result and the error name neither the body nor the recipient (they are shown in the admin)."""
    try:
        EmailMessage(subject, body, to=[to], headers={"Message-ID": message_id}).send()
    except Exception as error:
        if attempt > len(RETRY_DELAYS):
            raise  # the worker marks the task failed and logs it, with its id, in one line
        retry_at = timezone.now() + RETRY_DELAYS[attempt - 1]
        retry(run_after=retry_at)
        # The error's type only in the log: an SMTP error's text may contain the recipient's address.
        logger.warning(
            "Mail %r failed (attempt %d, %s), retried at %s",
            subject,
            attempt,
            type(error).__name__,
            retry_at.isoformat(),
        )
        raise MailNotSent(f"attempt {attempt} failed ({error!r}); retried at {retry_at.isoformat()}") from error
    return "sent"
