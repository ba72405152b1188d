import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from audit.models import AuditEntry


class Command(BaseCommand):
    help = "Delete audit log entries older than the retention period (AUDIT_RETENTION_DAYS, default 5 years)."

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        # The only deletion the log allows: the plain QuerySet's delete, past its append-only guard.
        deleted, _counts = models.QuerySet.delete(AuditEntry.objects.filter(at__lt=cutoff))
        self.stdout.write(f"{deleted} audit log entries older than {cutoff:%Y-%m-%d} deleted.")
