"""Emails for workflow events: the steering group hears of every submission, the author and the contacts of every
decision. Called after the commit; a failing mail server is logged and never undoes or blocks the decision."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from initiatives.models import Event
from initiatives.queries import steering_group_members

logger = logging.getLogger(__name__)


def version_submitted(event: Event) -> int:
    """To the steering group: a version awaits their decision."""
    recipients = [user.email for user in steering_group_members() if user.email]
    return _send("submitted", event, recipients)


def decision_recorded(event: Event) -> int:
    """To the author and the contact persons: a member decided, and what it led to."""
    version = event.version
    people = [version.author, version.municipal_contact, version.police_contact]
    recipients = sorted({user.email for user in people if user is not None and user.is_active and user.email})
    return _send("decision", event, recipients)


def _send(kind: str, event: Event, recipients: list[str]) -> int:
    if not recipients:
        return 0
    event = Event.objects.select_related("version__initiative", "actor", "decision").get(pk=event.pk)
    context = {
        "event": event,
        "version": event.version,
        "initiative": event.version.initiative,
        "url": settings.SITE_URL.rstrip("/") + event.version.get_absolute_url(),
    }
    return send_templated(f"emails/initiatives/{kind}", context, recipients)


def send_templated(template: str, context: dict, recipients: list[str]) -> int:
    """The one way Tryg sends mail: `<template>_subject.txt` and `_body.txt` in Danish, one message per recipient.

    Called after the commit; the action is done and the mail is a courtesy, so a failure is logged for the
    operator, never raised. Returns the number of messages sent.
    """
    if not recipients:
        return 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
            body = render_to_string(f"{template}_body.txt", context)
        messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("Could not send the mail %s to %s recipient(s)", template, len(recipients))
        return 0
