"""pysaml2's own identity provider side, signing real assertions with the test keys in tests/sso/keys.

`python -m tests.sso.idp` writes the providers' metadata files that tests/sso/sso.toml names (run it after
changing a key or an address here).
"""

import base64
import shutil
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import saml2
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

HERE = Path(__file__).resolve().parent
KEYS = HERE / "keys"

# The two providers of the test configuration: the municipality's and the police's.
MUNICIPALITY = {"key": "kommune", "entity_id": "https://idp.kommune.test/saml", "keys": "idp"}
POLICE = {"key": "politi", "entity_id": "https://idp.politi.test/saml", "keys": "idp2"}


def idp_config(provider: dict, base_url: str, sp_metadata: Path | None = None) -> IdPConfig:
    config = IdPConfig()
    config.load(
        {
            "entityid": provider["entity_id"],
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "key_file": str(KEYS / f"{provider['keys']}-key.pem"),
            "cert_file": str(KEYS / f"{provider['keys']}-cert.pem"),
            "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{base_url}/sso", saml2.BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{base_url}/slo", saml2.BINDING_HTTP_REDIRECT)],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
        }
    )
    return config


def base_url(provider: dict) -> str:
    return provider["entity_id"].rsplit("/", 1)[0]


class IdentityProvider:
    """One provider that answers Tryg's authentication requests with signed (optionally encrypted) assertions."""

    def __init__(self, provider: dict, sp_metadata: Path, url: str | None = None):
        self.provider = provider
        self.server = Server(config=idp_config(provider, url or base_url(provider), sp_metadata))

    def read_request(self, location: str):
        """The AuthnRequest in the redirect Tryg sent the browser to."""
        query = parse_qs(urlparse(location).query)
        return self.server.parse_authn_request(query["SAMLRequest"][0], saml2.BINDING_HTTP_REDIRECT).message

    def answer(
        self,
        request,
        subject: str,
        attributes: dict[str, list[str]],
        *,
        sp_entity_id: str | None = None,
        encrypt: bool = False,
        sign: bool = True,
    ) -> str:
        """The base64 SAMLResponse the browser posts to Tryg's assertion consumer service."""
        response = self.server.create_authn_response(
            identity=attributes,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=sp_entity_id or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={"class_ref": saml2.saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=sign,
            sign_response=False,
            encrypt_assertion=encrypt,
            encrypted_advice_attributes=False,
            encrypt_cert_assertion=None,
        )
        return base64.b64encode(str(response).encode()).decode()


def decode(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def inflate(location: str) -> str:
    """The XML of a redirect-binding message (for reading a logout request)."""
    value = parse_qs(urlparse(location).query)["SAMLRequest"][0]
    return zlib.decompress(base64.b64decode(value), -15).decode()


def write_metadata() -> None:
    for provider in (MUNICIPALITY, POLICE):
        xml = str(entity_descriptor(idp_config(provider, base_url(provider))))
        (HERE / f"{provider['key']}-idp.xml").write_text(xml, encoding="utf-8")


if __name__ == "__main__":
    write_metadata()
