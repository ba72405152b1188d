"""Append-only records, and the audit log: who did what, when and from where (the bottom layer; imports no app)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a record that is written once."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("This record is append-only.")

    def delete(self):
        raise AppendOnlyError("This record is append-only.")


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted (the approval record, the audit log)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("This record is append-only.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("This record is append-only.")


class AuditEntry(AppendOnly):
    """One event the operators must be able to account for; written by `audit.record` only."""

    class Action(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKOUT = "lockout", _("locked out")
        LOGOUT = "logout", _("logged out")
        ROLES_CHANGED = "roles", _("roles changed")
        ORGANISATION_CHANGED = "organisation", _("organisation changed")
        PASSWORD_RESET_SENT = "password_reset", _("password reset link sent")
        IMPORT = "import", _("index data imported")
        IMPORT_REVERTED = "import_reverted", _("import reverted")
        DECISION = "decision", _("decision recorded")
        EXPORT = "export", _("initiative data exported")
        USER_CHANGED = "user_changed", _("user changed")
        CHANGE_REQUESTED = "change_requested", _("change awaiting confirmation")
        CHANGE_CONFIRMED = "change_confirmed", _("change confirmed")
        CHANGE_DECLINED = "change_declined", _("change declined")
        REPORT_FINALISED = "report_final", _("report marked final")
        REPORT_DOWNLOADED = "report_download", _("report downloaded")
        ATTACHMENT_DOWNLOADED = "attachment_download", _("attachment downloaded")
        DRAFT_DELETED = "draft_deleted", _("draft deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    # PROTECT: users are deactivated, not deleted, while the log still names them (see prune_audit_log).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What was typed at a failed login, or the actor's username at the time.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    subject = models.CharField(_("concerns"), max_length=300, blank=True)
    # Old and new values, the filter of an export, the counts of an import …
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.subject}".strip()
