"""The identity providers Tryg trusts, read from one TOML file (SSO_CONFIG_FILE), and pysaml2's configuration.

Each provider is a metadata file on disk (a closed network: nothing is fetched), the organisation it vouches for,
and how its roles map to Tryg's. docs/single-sign-on.md shows a complete file.
"""

import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import saml2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from saml2.config import PREFERRED_BINDING, SPConfig
from saml2.mdstore import MetaDataFile

from accounts.models import Organisation
from accounts.roles import Role

# OIOSAML 3: the Basic Privilege Profile (base64 XML) and the organisation's CVR number.
PRIVILEGES_ATTRIBUTE = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
CVR_ATTRIBUTE = "https://data.gov.dk/model/core/eid/professional/cvr"


@dataclass(frozen=True)
class Provider:
    key: str
    entity_id: str
    organisation: str
    label: str
    metadata: Path
    # The value a role attribute carries (a privilege or a group) -> the Tryg role it grants.
    roles: dict[str, str] = field(default_factory=dict)
    role_attribute: str = PRIVILEGES_ATTRIBUTE
    # Set: the assertion's CVR and every privilege's scope must name this organisation's CVR number.
    cvr: str = ""
    username_attribute: str = ""
    first_name_attribute: str = "https://data.gov.dk/model/core/eid/firstName"
    last_name_attribute: str = "https://data.gov.dk/model/core/eid/lastName"
    email_attribute: str = "https://data.gov.dk/model/core/eid/email"

    @property
    def uses_privileges(self) -> bool:
        return self.role_attribute == PRIVILEGES_ATTRIBUTE


@dataclass(frozen=True)
class Sso:
    entity_id: str
    key_file: Path
    cert_file: Path
    encryption_key_file: Path
    encryption_cert_file: Path
    clock_skew_seconds: int
    providers: dict[str, Provider]

    def by_entity_id(self, entity_id: str) -> Provider | None:
        return next((p for p in self.providers.values() if p.entity_id == entity_id), None)


def load() -> Sso | None:
    """The configuration named by SSO_CONFIG_FILE, or None when single sign-on is not set up."""
    name = getattr(settings, "SSO_CONFIG_FILE", "")
    return _parse(Path(name)) if name else None


def _parse(path: Path) -> Sso:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ImproperlyConfigured(f"SSO_CONFIG_FILE {path}: {error}") from error

    def file(value: str) -> Path:
        # Relative to the configuration file, so the whole set can be moved as one folder.
        return (path.parent / value).resolve()

    site = settings.SITE_URL.rstrip("/")
    key_file, cert_file = file(data.get("key_file", "sp-key.pem")), file(data.get("cert_file", "sp-cert.pem"))
    providers = {}
    for key, options in data.get("providers", {}).items():
        organisation = options.get("organisation")
        if organisation not in Organisation.values:
            raise ImproperlyConfigured(f"SSO provider {key}: organisation must be one of {Organisation.values}")
        unknown = set(options.get("roles", {}).values()) - set(Role.values)
        if unknown:
            raise ImproperlyConfigured(f"SSO provider {key}: unknown roles {sorted(unknown)}")
        metadata = file(options["metadata"])
        extra = {
            name: options[name]
            for name in Provider.__dataclass_fields__
            if name.endswith("_attribute") and name in options
        }
        providers[key] = Provider(
            key=key,
            entity_id=_idp_entity_id(metadata),
            organisation=organisation,
            label=options.get("label", Organisation(organisation).label),
            metadata=metadata,
            roles=dict(options.get("roles", {})),
            cvr=str(options.get("cvr", "")),
            **extra,
        )
    entity_ids = [provider.entity_id for provider in providers.values()]
    if len(set(entity_ids)) != len(entity_ids):
        raise ImproperlyConfigured("SSO: one identity provider is configured twice; it may vouch for one organisation.")
    return Sso(
        entity_id=data.get("entity_id", site + "/sso/metadata/"),
        key_file=key_file,
        cert_file=cert_file,
        encryption_key_file=file(data["encryption_key_file"]) if "encryption_key_file" in data else key_file,
        encryption_cert_file=file(data["encryption_cert_file"]) if "encryption_cert_file" in data else cert_file,
        clock_skew_seconds=int(data.get("clock_skew_seconds", 60)),
        providers=providers,
    )


def _idp_entity_id(metadata: Path) -> str:
    store = MetaDataFile(None, str(metadata))
    try:
        store.load()
    except Exception as error:
        raise ImproperlyConfigured(f"SSO metadata {metadata}: {error}") from error
    identity_providers = [entity for entity, roles in store.items() if "idpsso_descriptor" in roles]
    if len(identity_providers) != 1:
        raise ImproperlyConfigured(f"SSO metadata {metadata}: expected one identity provider")
    return identity_providers[0]


def sp_config(request=None) -> SPConfig:
    """pysaml2's configuration of Tryg as service provider (djangosaml2's SAML_CONFIG_LOADER)."""
    sso = load()
    site = settings.SITE_URL.rstrip("/")
    config = SPConfig()
    if sso is None:
        config.load({"entityid": site + "/sso/metadata/", "xmlsec_binary": xmlsec_binary(), "metadata": {}})
        return config
    config.load(
        {
            "entityid": sso.entity_id,
            "xmlsec_binary": xmlsec_binary(),
            "key_file": str(sso.key_file),
            "cert_file": str(sso.cert_file),
            # Encrypted assertions are decrypted with this key pair; plain ones are accepted too, if signed.
            "encryption_keypairs": [
                {"key_file": str(sso.encryption_key_file), "cert_file": str(sso.encryption_cert_file)}
            ],
            "metadata": {"local": [str(provider.metadata) for provider in sso.providers.values()]},
            # OIOSAML names its attributes by URI; keep them by name instead of dropping the unknown ones.
            "allow_unknown_attributes": True,
            # The clocks of Tryg and the provider may differ this much (IssueInstant, NotBefore, NotOnOrAfter).
            "accepted_time_diff": sso.clock_skew_seconds,
            # Logout through the browser (the provider's own page); pysaml2 would try SOAP first.
            "preferred_binding": {
                **PREFERRED_BINDING,
                "single_logout_service": [saml2.BINDING_HTTP_REDIRECT, saml2.BINDING_HTTP_POST],
            },
            "service": {
                "sp": {
                    "name": "Tryg i Aarhus",
                    "endpoints": {
                        "assertion_consumer_service": [(site + reverse("saml2_acs"), saml2.BINDING_HTTP_POST)],
                        "single_logout_service": [
                            (site + reverse("saml2_ls"), saml2.BINDING_HTTP_REDIRECT),
                            (site + reverse("saml2_ls_post"), saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "want_assertions_or_response_signed": True,
                    # Only answers to a request this browser started: no provider-initiated sign-in.
                    "allow_unsolicited": False,
                    "name_id_format": saml2.saml.NAMEID_FORMAT_PERSISTENT,
                    "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                    "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
                }
            },
        }
    )
    return config


def xmlsec_binary() -> str:
    return shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
