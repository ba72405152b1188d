"""The in-suite identity providers and a browser's walk through the redirect flow with Django's test client."""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from saml2.metadata import entity_descriptor

from sso.config import PRIVILEGES_ATTRIBUTE, sp_config
from tests.sso.idp import MUNICIPALITY, POLICE, IdentityProvider

BPP = "http://digst.dk/oiosaml/basic_privilege_profile"
GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
AARHUS_CVR = "55133018"
POLICE_CVR = "29067409"


def privileges(*privileges: str, cvr: str = AARHUS_CVR) -> str:
    """A base64 Basic Privilege Profile (OIOSAML 3) granting these privileges in the organisation `cvr`."""
    import base64

    items = "".join(f"<Privilege>{privilege}</Privilege>" for privilege in privileges)
    xml = (
        f'<bpp:PrivilegeList xmlns:bpp="{BPP}">'
        f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{cvr}">{items}</PrivilegeGroup>'
        "</bpp:PrivilegeList>"
    )
    return base64.b64encode(xml.encode()).decode()


def municipal(*roles: str, **extra) -> dict[str, list[str]]:
    return {
        PRIVILEGES_ATTRIBUTE: [privileges(*roles)],
        CVR: [AARHUS_CVR],
        "https://data.gov.dk/model/core/eid/firstName": ["Karen"],
        "https://data.gov.dk/model/core/eid/lastName": ["Bach"],
        "https://data.gov.dk/model/core/eid/email": ["kb@aarhus.dk"],
        **extra,
    }


@pytest.fixture(scope="session")
def sp_metadata(tmp_path_factory) -> Path:
    from django.test import override_settings

    with override_settings():
        path = tmp_path_factory.mktemp("sp") / "tryg-sp.xml"
        path.write_text(str(entity_descriptor(sp_config())), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def kommune_idp(sp_metadata):
    return IdentityProvider(MUNICIPALITY, sp_metadata)


@pytest.fixture(scope="session")
def politi_idp(sp_metadata):
    return IdentityProvider(POLICE, sp_metadata)


class Flow:
    """What the browser does: choose the organisation, follow Tryg's redirect to the provider, post its answer."""

    def __init__(self, client):
        self.client = client

    def request_at(self, idp, organisation: str, next_path: str = ""):
        start = self.client.get(f"/sso/start/{organisation}/" + (f"?next={next_path}" if next_path else ""))
        assert start.status_code == 302, start
        to_provider = self.client.get(start["Location"])
        assert to_provider.status_code == 302, to_provider
        location = to_provider["Location"]
        assert location.startswith(idp.provider["entity_id"].rsplit("/", 1)[0]), location
        self.relay_state = parse_qs(urlparse(location).query).get("RelayState", [""])[0]
        return idp.read_request(location)

    def post(self, saml_response: str):
        return self.client.post("/sso/acs/", {"SAMLResponse": saml_response, "RelayState": self.relay_state})

    def sign_in(self, idp, organisation: str, subject: str, attributes, **answer):
        request = self.request_at(idp, organisation)
        return self.post(idp.answer(request, subject, attributes, **answer))


@pytest.fixture
def flow(client, db):
    return Flow(client)
