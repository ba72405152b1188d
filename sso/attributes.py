"""What a provider's assertion says: the roles it grants and the organisation it names (plain functions)."""

import base64
import binascii

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from sso.config import CVR_ATTRIBUTE, Provider

# The Basic Privilege Profile names a privilege group's organisation in its Scope.
CVR_SCOPE = "urn:dk:gov:saml:cvrNumberIdentifier:"


class Refused(PermissionDenied):
    """The assertion was valid but may not sign anyone in; the message is for the user (Danish)."""

    def __init__(self, message, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason  # for the audit log


def granted_roles(provider: Provider, attributes: dict[str, list[str]]) -> set[str]:
    """The Tryg roles the assertion grants, through the provider's role map; unknown privileges count for nothing."""
    values = attributes.get(provider.role_attribute, [])
    if provider.uses_privileges:
        values = [privilege for value in values for privilege in _privileges(provider, value)]
    return {provider.roles[value] for value in values if value in provider.roles}


def _privileges(provider: Provider, value: str) -> list[str]:
    """The privileges of a base64 Basic Privilege Profile (OIOSAML 3), each group checked for its organisation."""
    try:
        root = ElementTree.fromstring(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError, ElementTree.ParseError, DefusedXmlException) as error:
        raise Refused(_("The sign-in from your organisation could not be read."), "unreadable privileges") from error
    privileges: list[str] = []
    for group in root.iter():
        if _local(group.tag) != "PrivilegeGroup":
            continue
        scope = group.get("Scope", "")
        if provider.cvr and scope.startswith(CVR_SCOPE) and scope.removeprefix(CVR_SCOPE) != provider.cvr:
            raise _other_organisation(f"privilege scope {scope}")
        privileges.extend((item.text or "").strip() for item in group if _local(item.tag) == "Privilege")
    return privileges


def check_organisation(provider: Provider, attributes: dict[str, list[str]]) -> None:
    """Refuse an assertion whose CVR number is not the provider's organisation's: a provider vouches for one."""
    if not provider.cvr:
        return
    for cvr in attributes.get(CVR_ATTRIBUTE, []):
        if cvr.strip() != provider.cvr:
            raise _other_organisation(f"cvr {cvr}")


def _other_organisation(detail: str) -> Refused:
    return Refused(
        _("Your organisation's login named another organisation than its own. Contact your user administrator."),
        f"other organisation: {detail}",
    )


def first(attributes: dict[str, list[str]], name: str) -> str:
    values = attributes.get(name) or [""]
    return str(values[0]).strip()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
