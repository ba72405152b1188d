from django_tasks_db.management.commands import db_worker

from mail.recovery import start_recovery


class Command(db_worker.Command):
    """django-tasks-db's worker, which also runs again the tasks a dead worker left running (mail.recovery)."""

    def handle(self, *args, **options):
        start_recovery()
        return super().handle(*args, **options)
