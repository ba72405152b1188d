"""Only a signed, fresh, unused assertion meant for Tryg signs anyone in; every refusal is audited."""

import pytest
import saml2.time_util

from accounts.models import User
from audit.models import AuditEntry
from sso.models import UsedAssertion
from tests.sso.conftest import POLICE_CVR, municipal
from tests.sso.idp import decode, encode

STAFF = "urn:dk:aarhus:tryg:medarbejder"


def _refused(response):
    assert response.status_code in {400, 403}, response
    assert "Login afvist" in response.text
    assert not User.objects.filter(sso_identity__isnull=False).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).exists()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_a_tampered_assertion_is_refused(flow, kommune_idp):
    request = flow.request_at(kommune_idp, "kommune")
    xml = decode(kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF)))
    assert "Bach" in xml
    _refused(flow.post(encode(xml.replace("Bach", "Bech"))))


def test_an_unsigned_assertion_is_refused(flow, kommune_idp):
    request = flow.request_at(kommune_idp, "kommune")
    _refused(flow.post(kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF), sign=False)))


def test_an_expired_assertion_is_refused(flow, kommune_idp, monkeypatch):
    request = flow.request_at(kommune_idp, "kommune")
    answer = kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF))
    # Presented 10 minutes later: past its 5-minute lifetime and the minute of clock skew.
    later = saml2.time_util.utc_now() + 600
    monkeypatch.setattr(saml2.time_util, "utc_now", lambda: later)
    _refused(flow.post(answer))


def test_an_assertion_for_another_service_is_refused(flow, kommune_idp):
    request = flow.request_at(kommune_idp, "kommune")
    _refused(
        flow.post(kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF), sp_entity_id="https://other.test/sp"))
    )


def test_a_replayed_assertion_is_refused(flow, kommune_idp):
    request = flow.request_at(kommune_idp, "kommune")
    answer = kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF))
    assert flow.post(answer).status_code == 302
    flow.client.post("/konto/log-ud/")
    replayed = flow.post(answer)
    assert replayed.status_code in {400, 403} and "Login afvist" in replayed.text
    assert "_auth_user_id" not in flow.client.session
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).exists()


def test_the_replay_store_refuses_an_assertion_id_it_holds(db):
    """Also where pysaml2 would take the answer (a captured session still expecting it), the ID is used."""
    from sso import replay

    class Assertion:
        id = "_same"
        subject = type("Subject", (), {"subject_confirmation": []})()

    replay.use_once(Assertion)
    with pytest.raises(replay.Replayed):
        replay.use_once(Assertion)
    assert UsedAssertion.objects.count() == 1


def test_an_encrypted_assertion_is_accepted(flow, kommune_idp):
    request = flow.request_at(kommune_idp, "kommune")
    answer = kommune_idp.answer(request, "karen-uuid-1", municipal(STAFF), encrypt=True)
    assert "EncryptedAssertion" in decode(answer) and "Bach" not in decode(answer)
    assert flow.post(answer).status_code == 302
    assert User.objects.get(sso_identity__subject="karen-uuid-1").get_full_name() == "Karen Bach"


def test_the_police_provider_cannot_claim_the_municipality(flow, politi_idp):
    attributes = {"http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["Tryg-Styregruppe"]}
    attributes["https://data.gov.dk/model/core/eid/professional/cvr"] = ["55133018"]
    response = flow.sign_in(politi_idp, "politi", "S-1-5-21-78", attributes)
    _refused(response)
    assert "en anden organisation" in response.text
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert "other organisation" in entry.details["reason"]


def test_municipal_privileges_scoped_to_the_police_are_refused(flow, kommune_idp):
    from sso.config import PRIVILEGES_ATTRIBUTE
    from tests.sso.conftest import privileges

    attributes = municipal(STAFF, **{PRIVILEGES_ATTRIBUTE: [privileges(STAFF, cvr=POLICE_CVR)]})
    _refused(flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", attributes))


def test_a_provider_only_signs_in_its_own_users(flow, kommune_idp, politi_idp):
    """The same subject at two providers is two users: the police's provider never reaches a municipal user."""
    flow.sign_in(kommune_idp, "kommune", "same-subject", municipal(STAFF))
    flow.client.post("/konto/log-ud/")
    groups = {"http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["Tryg-Styregruppe"]}
    flow.sign_in(politi_idp, "politi", "same-subject", groups)
    users = User.objects.filter(sso_identity__subject="same-subject").order_by("organisation")
    assert [user.organisation for user in users] == ["kommune", "politi"]
