"""Login protection, session limits, security headers and the append-only audit log."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from initiatives import workflow
from tests.accounts.factories import UserFactory
from tests.audit.append_only import assert_append_only

PASSWORD = "Korrekt-Hest-Batteri-Haefteklamme"
OFFICE = "10.20.30.40"


@pytest.fixture
def anne(db):
    user = UserFactory(username="anne")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, address=OFFICE):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_sixth_wrong_password_locks_that_user_from_that_address_only(client, anne):
    colleague = UserFactory(username="jonas")
    colleague.set_password(PASSWORD)
    colleague.save()
    for _ in range(5):
        response = _login(client, "anne", "forkert")
        assert response.status_code == 200 and "locked" not in response.get("Location", "")
    locked = _login(client, "anne", "forkert")
    assert locked.status_code == 302 and locked["Location"] == reverse("locked_out")
    # Now even the right password is refused for anne from the office address …
    assert _login(client, "anne", PASSWORD)["Location"] == reverse("locked_out")
    # … but not for her colleague at the same address, nor for anne from another address.
    assert _login(client, "jonas", PASSWORD)["Location"] == reverse("home")
    client.logout()
    assert _login(client, "anne", PASSWORD, address="10.99.0.1")["Location"] == reverse("home")
    actions = list(AuditEntry.objects.filter(username="anne").values_list("action", flat=True))
    assert actions.count(AuditEntry.Action.LOGIN_FAILED) >= 6 and AuditEntry.Action.LOCKOUT in actions


def test_the_lock_lifts_after_the_15_minute_cool_off(client, anne):
    for _ in range(6):
        _login(client, "anne", "forkert")
    assert _login(client, "anne", PASSWORD)["Location"] == reverse("locked_out")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "anne", PASSWORD)["Location"] == reverse("home")


def test_the_lockout_page_does_not_tell_whether_the_user_exists(client, anne):
    for username in ("anne", "findes-ikke"):
        for _ in range(6):
            response = _login(client, username, "forkert")
        assert response["Location"] == reverse("locked_out")
    page = client.get(reverse("locked_out")).content.decode()
    assert "15 minutter" in page and "anne" not in page


def test_weak_passwords_are_refused():
    for weak in ("anne1234", "password1234", "kort-kode"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("tryg-demo-2026")  # the demo password of the README


def test_a_session_ends_at_browser_close_and_after_8_idle_hours(client, anne, settings):
    response = _login(client, "anne", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    from django.contrib.sessions.models import Session

    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < remaining <= datetime.timedelta(hours=8)


def test_every_page_has_a_content_security_policy_and_a_permissions_policy(client, anne):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_logins_and_logouts_are_in_the_audit_log(client, anne):
    _login(client, "anne", PASSWORD)
    client.post(reverse("logout"))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == anne and entry.ip_address == OFFICE
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=anne).exists()


def test_exports_and_decisions_are_in_the_audit_log(client, submitted, author, police_member):
    client.force_login(author)
    client.get(reverse("initiatives:export", args=["csv"]), {"q": "indbrud", "state": "indsendt"})
    export = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert export.actor == author
    assert export.details["filter"] == {"q": ["indbrud"], "state": ["indsendt"]} and export.details["format"] == "csv"
    workflow.decide(submitted, by=police_member, outcome="send_tilbage", justification="Ret det.", send_mail=False)
    decision = AuditEntry.objects.get(action=AuditEntry.Action.DECISION)
    assert decision.actor == police_member and decision.subject == submitted.initiative.number


def test_the_audit_log_is_append_only(anne):
    entry = AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, actor=anne, username="anne")
    assert_append_only(entry, subject="ændret")
    assert AuditEntry.objects.get().subject == ""


def test_administrators_filter_the_audit_log_but_cannot_change_it(client, admin_user, anne):
    AuditEntry.objects.create(action=AuditEntry.Action.LOGIN_FAILED, username="anne")
    AuditEntry.objects.create(action=AuditEntry.Action.EXPORT, actor=anne, username="anne")
    client.force_login(admin_user)
    url = reverse("admin:audit_auditentry_changelist")
    page = client.get(url, {"action__exact": "login_failed"})
    assert page.status_code == 200
    assert [e.action for e in page.context["cl"].result_list] == ["login_failed"]
    entry = AuditEntry.objects.first()
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403


def test_the_retention_command_deletes_only_what_is_older(anne, settings):
    settings.AUDIT_RETENTION_DAYS = 5 * 365
    old = AuditEntry(
        action=AuditEntry.Action.LOGIN, username="anne", at=timezone.now() - datetime.timedelta(days=5 * 365 + 1)
    )
    old.save()
    AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, username="anne")
    call_command("prune_audit_log")
    assert AuditEntry.objects.count() == 1 and not AuditEntry.objects.filter(pk=old.pk).exists()


def test_activity_keeps_a_session_alive_and_8_idle_hours_end_it(client, anne):
    from django.contrib.sessions.models import Session

    from tryg.middleware import SESSION_REFRESHED

    _login(client, "anne", PASSWORD)
    session = client.session
    session[SESSION_REFRESHED] -= 2 * 60 * 60  # the last request was two hours ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=6))
    assert client.get(reverse("home")).status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > datetime.timedelta(hours=7, minutes=59)  # 8 hours again from this request

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # 8 idle hours have passed
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
