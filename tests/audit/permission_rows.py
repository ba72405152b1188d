"""Matrix rows for the login protection, the password reset users complete, and the audit log."""

from tests.matrix import LOGIN, ROLES, everyone_logged_in, rows_for

ROWS = [
    # The lockout page and the reset link are reached before logging in, and say nothing about any user.
    *rows_for("locked_out", {role: 200 for role in ROLES}),
    *rows_for(
        "password_reset_confirm",
        {role: 200 for role in ROLES},
        kwargs=lambda w: {"uidb64": "MQ", "token": "ugyldig-noegle"},
    ),
    *rows_for("password_reset_complete", {role: 200 for role in ROLES}),
    # The audit log is the admin's changelist: administrators only.
    *rows_for(
        "admin:audit_auditentry_changelist", {**everyone_logged_in(LOGIN), "admin": 200}, case="administrators only"
    ),
]
