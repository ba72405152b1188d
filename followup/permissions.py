"""Who may do what in follow-up. Reading is for every role (the reading permission of initiatives); recording
follow-up and learning notes is for whoever may edit the initiative and its contact persons; the report's three
written sections belong to police staff, the SSP writers and the steering group respectively."""

from django.core.exceptions import PermissionDenied

from accounts.models import Organisation
from initiatives.models import InitiativeVersion
from initiatives.permissions import DECIDE_PERMISSION, VIEW_PERMISSION, may_edit_initiative

# Goals are followed up from approval on, and after completion late figures may still arrive.
FOLLOWED_STATES = frozenset({InitiativeVersion.State.APPROVED, InitiativeVersion.State.COMPLETED})


def can_read(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def require_reader(user) -> None:
    """Every follow-up page's first check: refused (403) without the reading permission."""
    if not can_read(user):
        raise PermissionDenied


def can_record(user, version: InitiativeVersion) -> bool:
    """May this user record follow-up and learning notes on the initiative of this version?"""
    if not can_read(user):
        return False
    return may_edit_initiative(user, version) or user.pk in {version.municipal_contact_id, version.police_contact_id}


SSP_PERMISSION = "followup.write_ssp_assessment"

# The report's written sections, in their order on the form and the page; who writes each: writable_sections.
SECTIONS = ("police_assessment", "municipality_assessment", "conclusion")


def writable_sections(user) -> list[str]:
    """The report's written sections this user may write."""
    if not can_read(user):
        return []
    sections = []
    if user.organisation == Organisation.POLICE:
        sections.append("police_assessment")
    # Given by the administrators as a role of its own; being an administrator or municipal staff is not enough.
    if user.has_perm(SSP_PERMISSION):
        sections.append("municipality_assessment")
    if user.has_perm(DECIDE_PERMISSION):
        sections.append("conclusion")
    return sections


def can_finalise(user) -> bool:
    """Marking the report final is the steering group's."""
    return user.has_perm(DECIDE_PERMISSION)
