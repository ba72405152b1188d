"""The workflow's mails, queued through mail.queue in the transaction of the change they report.

Who gets which mail is described in docs/users-mail.md. The steering group hears of a submission (except members
who may not decide on the version, and not again for a text they were already asked about); the author and the
contact persons of every decision and of a withdrawal (except the person who made it).
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
    if _asked_before_about_this_text(event):
        return 0
    return _enqueue_about(event, "submitted", [user.email for user in members])


def _asked_before_about_this_text(event: Event) -> bool:
    """The version was submitted before and its text has not changed since (withdrawn and submitted again, or
    returned and resubmitted unchanged): the earlier "For decision" still holds, and a second one is noise."""
    return (
        Event.objects.filter(version=event.version, action=Event.Action.SUBMITTED, at__gte=event.version.updated_at)
        .exclude(pk=event.pk)
        .exists()
    )


def version_withdrawn(event: Event) -> int:
    """To the author and the contact persons: the submission was taken back (not to the one who did it)."""
    return _enqueue_about(event, "withdrawn", _responsible(event))


def decision_recorded(event: Event) -> int:
    """To the author and the contact persons: a member decided, and what it led to (not to that member)."""
    return _enqueue_about(event, "decision", _responsible(event))


def _responsible(event: Event) -> list[str]:
    version = event.version
    people = [version.author, version.municipal_contact, version.police_contact]
    return list(
        dict.fromkeys(
            user.email for user in people if user is not None and user.is_active and user.pk != event.actor_id
        )
    )


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
