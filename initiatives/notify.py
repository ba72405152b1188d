"""The workflow's mails, queued through mail.queue in the transaction of the change they report.

The steering group hears of every submission (except members who may not decide on the version), the author and
the contact persons of every decision (except the member who made it).
"""

from django.conf import settings

from initiatives.models import Event
from initiatives.permissions import can_decide, editor_ids
from initiatives.steering import steering_group_members

# `send`: mails queued before the queue moved to mail.queue name their task by this module's path, and the worker
# imports it from here; drop it once no deployment has such a mail waiting.
from mail.queue import send, send_templated  # noqa: F401


def version_submitted(event: Event) -> int:
    """To the steering group: a version awaits their decision (only to members who may decide on it)."""
    editors = editor_ids(event.version)
    members = [user for user in steering_group_members() if can_decide(user, event.version, editors=editors)]
    return _enqueue_about(event, "submitted", [user.email for user in members])


def decision_recorded(event: Event) -> int:
    """To the author and the contact persons: a member decided, and what it led to (not to that member)."""
    version = event.version
    people = [version.author, version.municipal_contact, version.police_contact]
    recipients = [user.email for user in people if user is not None and user.is_active and user.pk != event.actor_id]
    return _enqueue_about(event, "decision", recipients)


def _enqueue_about(event: Event, kind: str, recipients: list[str]) -> int:
    if not any(recipients):
        return 0
    event = Event.objects.select_related("version__initiative", "actor", "decision").get(pk=event.pk)
    context = {
        "event": event,
        "version": event.version,
        "initiative": event.version.initiative,
        "url": settings.SITE_URL.rstrip("/") + event.version.get_absolute_url(),
    }
    return send_templated(f"emails/initiatives/{kind}", context, recipients)
