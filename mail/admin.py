"""The mails for administrators: queued, sent and failed, with recipient, subject, attempt and last error, never
the body (which may hold what only its recipient may read)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from mail.models import Mail

# The raw task admin (registered on import, before this app's admin would otherwise find it) would show every
# task's arguments, a mail's body among them.
assert tasks_admin
admin.site.unregister(DBTaskResult)

STATES = {
    TaskResultStatus.READY: _("Queued"),
    TaskResultStatus.RUNNING: _("Sending"),
    TaskResultStatus.SUCCESSFUL: _("Sent"),
    TaskResultStatus.FAILED: _("Failed"),
}


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ("enqueued_at", "recipient", "subject", "state", "attempt", "last_error")
    list_filter = ("status",)
    ordering = ["-enqueued_at"]
    fields = ("recipient", "subject", "state", "attempt", "enqueued_at", "finished_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipient"))
    def recipient(self, mail):
        return mail.args_kwargs["kwargs"].get("to", "")

    @admin.display(description=_("subject"))
    def subject(self, mail):
        return mail.args_kwargs["kwargs"].get("subject", "")

    @admin.display(description=_("state"), ordering="status")
    def state(self, mail):
        return STATES.get(mail.status, mail.status)

    @admin.display(description=_("attempt"))
    def attempt(self, mail):
        return mail.args_kwargs["kwargs"].get("attempt", 1)

    @admin.display(description=_("last error"))
    def last_error(self, mail):
        # The exception's last line: its type and message, without the traceback.
        lines = mail.traceback.strip().splitlines()
        return lines[-1] if lines else ""
