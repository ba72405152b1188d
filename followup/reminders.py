"""Reminder mails to the contact persons of goals in force: once when a goal falls due, once more when it is 30 days
overdue. The daily command `send_followup_reminders` calls `send_due_reminders`; each reminder is recorded before
its mail goes out, so it is sent once however often the command runs."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from followup import cadence, queries
from followup.models import ReminderSent
from mail.queue import send_templated


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders due today that were not sent before; returns the number of mails sent."""
    today = today or timezone.localdate()
    sent = set(ReminderSent.objects.values_list("goal", "due_date", "kind"))
    mails = 0
    for item in queries.due_goals(today):
        if item.next_due > today:
            break  # sorted by due date: the rest are not due yet
        overdue = today >= item.next_due + datetime.timedelta(days=cadence.OVERDUE_REMINDER_DAYS)
        kind = ReminderSent.Kind.OVERDUE if overdue else ReminderSent.Kind.DUE
        if (item.goal.lineage, item.next_due, kind) in sent:
            continue
        recipients = sorted({user.email for user in item.version.contacts if user.is_active and user.email})
        try:
            with transaction.atomic():
                ReminderSent.objects.create(goal=item.goal.lineage, due_date=item.next_due, kind=kind)
        except IntegrityError:  # another run recorded it a moment ago
            continue
        context = {
            "goal": item.goal,
            "version": item.version,
            "initiative": item.version.initiative,
            "kind": kind,
            "due": item.next_due,
            "overdue": overdue,
            "url": settings.SITE_URL.rstrip("/") + item.version.get_absolute_url(),
        }
        mails += send_templated("emails/followup/reminder", context, recipients)
    return mails
