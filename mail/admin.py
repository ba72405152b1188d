"""The mail queue in the admin: recipient, subject, state and last error of each queued mail, never its body (a
mail may be meant for one person's eyes only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class MailTaskAdmin(DBTaskResultAdmin):
    # The base class's columns include the task's arguments, which hold the mail; these replace them.
    list_display = ("id", "recipient", "subject", "status", "enqueued_at", "finished_at")  # type: ignore[assignment]
    list_filter = ("status",)  # type: ignore[assignment]

    def get_readonly_fields(self, request, obj=None):
        return ["task_name", "recipient", "subject", "status", "enqueued_at", "finished_at", "last_error"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj) -> str:
        return obj.args_kwargs.get("kwargs", {}).get("to", "")

    @admin.display(description=_("subject"))
    def subject(self, obj) -> str:
        return obj.args_kwargs.get("kwargs", {}).get("subject", "")

    @admin.display(description=_("last error"))
    def last_error(self, obj) -> str:
        # The exception's last line ("ConnectionRefusedError: …"): a traceback shows code, never the arguments.
        lines = (obj.traceback or "").strip().splitlines()
        return lines[-1] if lines else ""
