"""Behind the municipality's proxy: the lock and the audit log see the client's address, never the proxy's, and
take X-Forwarded-For only from the proxies the settings trust."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tests.audit.test_login_and_audit import PASSWORD, anne  # noqa: F401  (the user who logs in)

PROXY = "10.0.0.5"


def _login(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "anne", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _last_address() -> str:
    return AuditEntry.objects.filter(username="anne").latest("pk").ip_address


@pytest.mark.parametrize("trust", [{"TRUSTED_PROXIES": ["10.0.0.0/24"]}, {"TRUSTED_PROXY_COUNT": 1}])
def test_six_failures_from_one_client_lock_that_client_only(client, anne, settings, trust):  # noqa: F811
    for name, value in trust.items():
        setattr(settings, name, value)
    for _ in range(6):
        response = _login(client, "forkert", "203.0.113.7")
    assert response["Location"] == reverse("locked_out")
    assert _last_address() == "203.0.113.7"
    # Another client behind the same proxy is not locked out.
    assert _login(client, PASSWORD, "198.51.100.2")["Location"] == reverse("home")
    assert _last_address() == "198.51.100.2"


def test_a_forged_header_is_not_believed(client, anne, settings):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote the left address itself; the proxy added the one it saw.
    _login(client, "forkert", "192.0.2.66, 203.0.113.7")
    assert _last_address() == "203.0.113.7"
    _login(client, "forkert", "ikke-en-adresse")
    assert _last_address() == PROXY


def test_without_trusted_proxies_the_header_is_ignored(client, anne, settings):  # noqa: F811
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    for n in range(6):
        response = _login(client, "forkert", f"203.0.113.{n}")
    assert _last_address() == PROXY
    assert response["Location"] == reverse("locked_out")  # every client looks the same: the proxy
