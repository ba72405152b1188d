from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

TASK_PATH = "mail.queue.send"
# Mails whose body the worker makes (a reset link) are another task; mails queued before the queue moved to
# mail.queue (initiatives/notify.py) name their task by the old path.
TASK_PATHS = (TASK_PATH, "mail.queue.send_built", "initiatives.notify.send")


class MailManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(task_path__in=TASK_PATHS)


class Mail(DBTaskResult):
    """One attempt at one mail, as the task queue holds it (mail.queue.send)."""

    objects = MailManager()  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
