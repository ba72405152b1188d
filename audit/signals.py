"""Logins, failed logins, logouts (Django's signals) and lockouts (django-axes) go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

import audit
from audit.models import AuditEntry


@receiver(user_logged_in, dispatch_uid="audit.login")
def _logged_in(sender, request, user, **kwargs):
    # A sign-in through an identity provider names it (sso.views sets the details).
    audit.record(AuditEntry.Action.LOGIN, actor=user, request=request, **getattr(request, "audit_login_details", {}))


@receiver(user_logged_out, dispatch_uid="audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEntry.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(AuditEntry.Action.LOGIN_FAILED, request=request, username=credentials.get("username") or "")


@receiver(user_locked_out, dispatch_uid="audit.lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(AuditEntry.Action.LOCKOUT, request=request, username=username or "")
