"""Roles follow the provider at every sign-in, under the role rules; passwords only for the break-glass account."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.sso.conftest import municipal

STAFF, STEERING, ADMIN, LIAISON = (
    f"urn:dk:aarhus:tryg:{name}" for name in ("medarbejder", "styregruppe", "administrator", "politikontakt")
)


def test_a_role_the_provider_no_longer_grants_is_gone_at_the_next_sign_in(flow, kommune_idp):
    flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal(STAFF, STEERING))
    user = User.objects.get(sso_identity__subject="karen-uuid-1")
    assert set(user.groups.values_list("name", flat=True)) == {Role.MUNICIPAL_STAFF, Role.STEERING_MEMBER}
    flow.client.post("/konto/log-ud/")

    flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal(STAFF))

    assert list(user.groups.values_list("name", flat=True)) == [Role.MUNICIPAL_STAFF]
    change = AuditEntry.objects.filter(action=AuditEntry.Action.ROLES_CHANGED, subject=user.username).first()
    assert change.details["old"] == [Role.MUNICIPAL_STAFF, Role.STEERING_MEMBER]
    assert change.details["new"] == [Role.MUNICIPAL_STAFF] and change.details["steering"] is True
    assert User.objects.filter(sso_identity__isnull=False).count() == 1


@pytest.mark.parametrize(
    "privileges",
    [(LIAISON,), (ADMIN, STEERING)],
    ids=["police liaison from the municipality", "administrator who decides"],
)
def test_the_role_rules_hold_whatever_the_provider_sends(flow, kommune_idp, privileges):
    response = flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal(*privileges))
    assert response.status_code == 403 and "roller, som Tryg ikke kombinerer" in response.text
    assert not User.objects.filter(sso_identity__isnull=False).exists()


def test_an_administrator_from_the_provider_reaches_the_admin_but_is_no_superuser(flow, kommune_idp):
    flow.sign_in(kommune_idp, "kommune", "ida-uuid", municipal(ADMIN))
    user = User.objects.get(sso_identity__subject="ida-uuid")
    assert user.is_staff and not user.is_superuser
    assert flow.client.get("/admin/").status_code == 200


def test_a_local_account_is_never_taken_over_by_a_provider(flow, kommune_idp):
    local = UserFactory(username="karen-uuid-1", role=Role.ADMINISTRATOR)
    flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal(STAFF))
    created = User.objects.get(sso_identity__subject="karen-uuid-1")
    assert created != local and created.username == "karen-uuid-1-2"
    assert list(local.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]


@pytest.fixture
def password_login_off(settings):
    settings.PASSWORD_LOGIN = False
    settings.BREAK_GLASS_USERNAME = "noedadgang"


def _log_in(client, username):
    return client.post("/konto/log-ind/", {"username": username, "password": "correct-horse-battery"})


def test_with_password_login_off_only_the_break_glass_account_uses_the_form(client, db, password_login_off):
    UserFactory(username="anne", role=Role.MUNICIPAL_STAFF, password="correct-horse-battery")
    UserFactory(username="noedadgang", role=Role.ADMINISTRATOR, password="correct-horse-battery")

    refused = _log_in(client, "anne")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Login med adgangskode er slået fra" in refused.text

    assert _log_in(client, "noedadgang").status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="noedadgang").pk)


def test_the_break_glass_account_is_still_locked_out_after_failed_passwords(client, db, password_login_off):
    UserFactory(username="noedadgang", role=Role.ADMINISTRATOR, password="correct-horse-battery")
    for _ in range(6):
        client.post("/konto/log-ind/", {"username": "noedadgang", "password": "wrong"})
    locked = _log_in(client, "noedadgang")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOCKOUT, username="noedadgang").exists()
    assert locked.status_code in {302, 403, 429}


def test_the_login_page_offers_both_organisations(client, db):
    page = client.get("/konto/log-ind/")
    assert 'href="/sso/start/kommune/"' in page.text and 'href="/sso/start/politi/"' in page.text
    assert "Aarhus Kommune" in page.text and "Østjyllands Politi" in page.text


def test_logout_of_a_provider_user_goes_to_the_provider_single_logout(flow, kommune_idp):
    flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal(STAFF))
    response = flow.client.post("/konto/log-ud/")
    assert response.status_code == 302 and response["Location"].startswith("https://idp.kommune.test/slo")
    assert "_auth_user_id" not in flow.client.session
    assert Group.objects.filter(name=Role.MUNICIPAL_STAFF).exists()


def test_without_single_sign_on_set_up_its_pages_answer_not_found(client, db, settings):
    settings.SSO_CONFIG_FILE = ""
    assert client.get("/sso/metadata/").status_code == 404
    assert client.get("/sso/start/kommune/").status_code == 404
    assert 'href="/sso/start/' not in client.get("/konto/log-ind/").text


def test_the_metadata_names_the_signed_endpoints(client, db):
    metadata = client.get("/sso/metadata/")
    assert metadata.status_code == 200 and "/sso/acs/" in metadata.text and "X509Certificate" in metadata.text
