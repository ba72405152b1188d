"""Users come from the organisations' providers: created at their first sign-in, synced at every one."""

from accounts.models import Organisation, User
from accounts.roles import Role
from audit.models import AuditEntry
from tests.sso.conftest import GROUPS, municipal


def test_municipal_staff_member_first_sign_in_creates_the_user_with_roles_and_organisation(flow, kommune_idp):
    response = flow.sign_in(kommune_idp, "kommune", "karen-uuid-1", municipal("urn:dk:aarhus:tryg:medarbejder"))

    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(sso_identity__subject="karen-uuid-1")
    assert user.organisation == Organisation.MUNICIPALITY
    assert user.get_full_name() == "Karen Bach" and user.email == "kb@aarhus.dk"
    assert user.role_names == [Role.MUNICIPAL_STAFF]
    assert not user.has_usable_password()
    home = flow.client.get("/")
    assert home.status_code == 200 and "Karen Bach" in home.text and "Kommunal medarbejder" in home.text
    actions = list(AuditEntry.objects.filter(username=user.username).values_list("action", "details"))
    assert (AuditEntry.Action.LOGIN, {"provider": "kommune"}) in actions
    roles = AuditEntry.objects.get(action=AuditEntry.Action.ROLES_CHANGED, subject=user.username)
    assert roles.details["new"] == [Role.MUNICIPAL_STAFF] and roles.details["provider"] == "kommune"


def test_police_liaison_signs_in_through_the_police_provider(flow, politi_idp):
    attributes = {
        GROUPS: ["Tryg-Politikontakt", "Tryg-Styregruppe", "Some-Other-Group"],
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": ["pl001@politi.dk"],
    }
    response = flow.sign_in(politi_idp, "politi", "S-1-5-21-77", attributes)

    assert response.status_code == 302
    user = User.objects.get(username="pl001@politi.dk")
    assert user.organisation == Organisation.POLICE
    assert set(user.role_names) == {Role.POLICE_LIAISON, Role.STEERING_MEMBER}
    assert user.has_perm("initiatives.decide_initiative")
