"""Who may do what to one initiative; used by the views and the templates alike.

Editing is open to every municipal staff member, not only the author and the contacts: the strategy has staff
write and maintain the documents together, colleagues stand in for each other, and the history records every
change with its author while optimistic locking stops one save from silently overwriting another. Police
liaisons edit the initiatives whose responsibility includes the police (joint or police-led). Nobody edits a
version outside draft or returned-for-revision: submitted versions await a decision, approved ones are frozen.

Deciding is for steering-group members (police liaisons and municipal members), once per member and submitted
text, and never on a version whose text they wrote or edited (separation of duties). The rule reaches across
versions: a new version starts as a copy of the approved one, so whoever wrote or edited that one (or any version
it was in turn copied from) wrote part of the new text and may not decide on it either, even though the earlier
version was approved long ago. Rejected revisions are not copied, so their editors do not count for the next one.
"Wrote or edited" is `InitiativeVersionQuerySet.editors`, the only place that computes it. The workflow checks
these predicates again under a row lock, so a page that was right a minute ago cannot let a stale click through.
"""

from django.utils.translation import gettext as _

from accounts.models import Organisation
from initiatives.models import InitiativeVersion

VIEW_PERMISSION = "initiatives.view_initiative"
ADD_PERMISSION = "initiatives.add_initiative"
CHANGE_PERMISSION = "initiatives.change_initiative"
DECIDE_PERMISSION = "initiatives.decide_initiative"


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
            "never edited in place; start a new version on the initiative page to change it."
        )
    if version.state == InitiativeVersion.State.SUBMITTED:
        return _("This version is submitted and awaits the steering group's decision, so it cannot be changed now.")
    return _("This version is %(state)s and can no longer be changed.") % {"state": version.get_state_display().lower()}


def is_latest(version: InitiativeVersion) -> bool:
    return version.initiative.latest_version_id == version.pk


def can_submit(user, version: InitiativeVersion) -> bool:
    """May this user submit this version to the steering group now (completeness aside)?"""
    return may_edit_initiative(user, version) and version.is_editable and is_latest(version)


def loses_decision(user, version: InitiativeVersion) -> bool:
    """Would saving an edit take away this steering-group member's right to decide on the version? (Warned first.)"""
    return user.has_perm(DECIDE_PERMISSION) and user.pk not in editor_ids(version)


def editor_ids(version: InitiativeVersion) -> set[int]:
    """Who may not decide on this version: see `InitiativeVersionQuerySet.editors` (copies included)."""
    return InitiativeVersion.objects.filter(pk=version.pk).editors()[version.pk]


def decision_refusal(
    user, version: InitiativeVersion, *, editors: set[int] | None = None, decided: set[int] | None = None
) -> str | None:
    """Why this user cannot decide on this version now, or None if they can.

    `editors` and `decided` (member ids who already decided on this text) may be passed in by pages that
    have loaded them for many versions at once.
    """
    if not user.has_perm(DECIDE_PERMISSION):
        return _("Only members of the steering group decide on initiatives.")
    if version.state != InitiativeVersion.State.SUBMITTED:
        return _("This version is no longer awaiting a decision; it is now %(state)s.") % {
            "state": version.get_state_display().lower()
        }
    if user.pk in (editor_ids(version) if editors is None else editors):
        return _("You wrote or edited this version, so you cannot decide on it (separation of duties).")
    if decided is None:
        decided = set(version.decisions.filter(revision=version.revision).values_list("member_id", flat=True))
    if user.pk in decided:
        return _("You have already recorded your decision on this version.")
    return None


def can_decide(user, version: InitiativeVersion, **known) -> bool:
    return decision_refusal(user, version, **known) is None


def can_start_revision(user, version: InitiativeVersion) -> bool:
    """May this user start a new version of the initiative whose latest version this is?

    Possible when the latest version is the approved one, or a revision of it was rejected (the approved one
    still applies and may be revised again).
    """
    initiative = version.initiative
    if not may_edit_initiative(user, version) or initiative.approved_version_id is None:
        return False
    if version.state == InitiativeVersion.State.APPROVED:
        return initiative.approved_version_id == version.pk
    return version.state == InitiativeVersion.State.REJECTED


def can_complete(user, version: InitiativeVersion) -> bool:
    """May this user complete the initiative (approved → completed, with the end evaluation)?"""
    return (
        may_edit_initiative(user, version)
        and version.state == InitiativeVersion.State.APPROVED
        and version.initiative.approved_version_id == version.pk
        and is_latest(version)
    )


def can_withdraw(user, version: InitiativeVersion, *, decided: bool) -> bool:
    """May this user take the submitted version back to draft? Only before any member has decided on it."""
    return (
        may_edit_initiative(user, version)
        and version.state == InitiativeVersion.State.SUBMITTED
        and is_latest(version)
        and not decided
    )


def can_abandon(user, version: InitiativeVersion) -> bool:
    """May this user abandon a new version under way? The approved version then simply goes on applying."""
    initiative = version.initiative
    return (
        may_edit_initiative(user, version)
        and version.is_editable
        and is_latest(version)
        and initiative.approved_version_id is not None
        and initiative.approved_version_id != version.pk
    )


def can_delete(user, version: InitiativeVersion, *, has_events: bool) -> bool:
    """May this user delete the initiative? Only a first draft never submitted: nothing of the approval
    record refers to it."""
    initiative = version.initiative
    return (
        may_edit_initiative(user, version)
        and version.state == InitiativeVersion.State.DRAFT
        and version.number == 1
        and initiative.approved_version_id is None
        and not has_events
    )
