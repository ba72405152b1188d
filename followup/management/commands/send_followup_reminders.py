"""Daily: remind contact persons of effect goals that fall due or are 30 days overdue (each reminder once).

Run by cron, e.g. `15 6 * * * cd /srv/tryg && .venv/bin/python manage.py send_followup_reminders`.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from followup.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send follow-up reminder mails that are due today (each one once)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        message = ngettext(
            "%(count)d reminder is in the mail queue.", "%(count)d reminders are in the mail queue.", sent
        )
        self.stdout.write(message % {"count": sent})
