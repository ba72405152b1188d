"""Who may do what to one initiative; used by the views and the templates alike.

Editing is open to every municipal staff member, not only the author and the contacts: the strategy has staff
write and maintain the documents together, colleagues stand in for each other, and the history records every
change with its author while optimistic locking stops one save from silently overwriting another. Police
liaisons edit the initiatives whose responsibility includes the police (joint or police-led). Nobody edits a
version outside draft or returned-for-revision: submitted versions await a decision, approved ones are frozen.
"""

from django.utils.translation import gettext as _

from accounts.models import Organisation
from initiatives.models import InitiativeVersion

VIEW_PERMISSION = "initiatives.view_initiative"
ADD_PERMISSION = "initiatives.add_initiative"
CHANGE_PERMISSION = "initiatives.change_initiative"


def can_view(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def can_create(user) -> bool:
    return user.has_perm(ADD_PERMISSION)


def may_edit_initiative(user, version: InitiativeVersion) -> bool:
    """The role part of the rule: may this user edit this initiative at all, whatever its state?"""
    if not user.has_perm(CHANGE_PERMISSION):
        return False
    if user.organisation == Organisation.POLICE:
        return version.involves_police
    return True


def can_edit(user, version: InitiativeVersion) -> bool:
    """May this user change this version's text now?"""
    return may_edit_initiative(user, version) and version.is_editable


def edit_refusal(version: InitiativeVersion) -> str:
    """Why a version the user may otherwise edit cannot be changed now (Danish via the catalogue)."""
    if version.state == InitiativeVersion.State.APPROVED:
        return _(
            "This version is approved by the steering group and cannot be changed. An approved document is "
            "never edited in place; changes need a new version."
        )
    if version.state == InitiativeVersion.State.SUBMITTED:
        return _("This version is submitted and awaits the steering group's decision, so it cannot be changed now.")
    return _("This version is %(state)s and can no longer be changed.") % {
        "state": version.get_state_display().lower()
    }
