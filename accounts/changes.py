"""Changes to users: every one audited (who, old → new), and those that would let someone decide held for a second
person (the two-person rule, README "Security" and docs/security.md).

A change is held when it gives a deciding role (Politikontakt, Styregruppemedlem), or changes the e-mail address or
organisation of a user who decides or would decide: the e-mail address is where the reset link goes, so changing it
is taking the account over. A held change is confirmed by another administrator or, for a police user, by a police
member of the steering group; never by the one who asked for it nor by the user concerned. `TWO_PERSON_RULE=false`
(an installation with a single administrator) applies such changes at once, and the steering-group page says so.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.models import Organisation, PendingChange, User
from accounts.roles import DECIDING_ROLES, Role
from audit.models import AuditEntry
from mail.queue import send_templated

# What a held change holds; the rest of a change applies at once.
HELD_FIELDS = ("roles", "email", "organisation")
AUDITED_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "organisation",
)


def snapshot(user: User | None) -> dict:
    """What the audit log compares: the user's fields, roles and single permissions."""
    if user is None or user.pk is None:
        return {name: "" for name in AUDITED_FIELDS} | {"roles": [], "permissions": []}
    return {name: getattr(user, name) for name in AUDITED_FIELDS} | {
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def two_person_rule() -> bool:
    return settings.TWO_PERSON_RULE


def needs_confirmation(old: dict, new: dict) -> bool:
    """Would this change let someone decide who could not, or move where a decider's reset link goes?"""
    if not two_person_rule():
        return False
    if DECIDING_ROLES & (set(new["roles"]) - set(old["roles"])):
        return True
    deciding = DECIDING_ROLES & {*old["roles"], *new["roles"]}
    return bool(deciding) and any(old[name] != new[name] for name in ("email", "organisation"))


def record(old: dict, new: dict, *, by, request=None, **extra) -> None:
    """Audit each field that changed, old → new; tell the old address when the e-mail address changed."""
    subject = new["username"] or old["username"]
    steering = bool(DECIDING_ROLES & {*old["roles"], *new["roles"]})
    common = {"actor": by, "request": request, "subject": subject, "steering": steering, **extra}
    if old["roles"] != new["roles"]:
        audit.record(AuditEntry.Action.ROLES_CHANGED, old=old["roles"], new=new["roles"], **common)
    if old["organisation"] != new["organisation"]:
        audit.record(AuditEntry.Action.ORGANISATION_CHANGED, old=old["organisation"], new=new["organisation"], **common)
    for name in (*AUDITED_FIELDS, "permissions"):
        if name != "organisation" and old[name] != new[name]:
            audit.record(AuditEntry.Action.USER_CHANGED, field=name, old=old[name], new=new[name], **common)
    if old["email"] and old["email"] != new["email"]:
        send_templated("emails/accounts/email_changed", {"username": subject, "new": new["email"]}, [old["email"]])


def hold(user: User, old: dict, new: dict, *, by, request=None) -> PendingChange:
    """Put the user's roles, e-mail and organisation back as they were and keep the change for a second person."""
    _apply(user, old)
    change = PendingChange.objects.create(
        user=user,
        old={name: old[name] for name in HELD_FIELDS},
        new={name: new[name] for name in HELD_FIELDS},
        requested_by=by,
    )
    audit.record(
        AuditEntry.Action.CHANGE_REQUESTED,
        actor=by,
        request=request,
        subject=user.get_username(),
        steering=True,
        old=change.old,
        new=change.new,
        change=change.pk,
    )
    return change


def confirm_refusal(by, change: PendingChange) -> str | None:
    """Why this user may not confirm (or decline) this change, or None."""
    if change.state != PendingChange.State.PENDING:
        return _("This change has already been settled.")
    if by.pk in (change.requested_by_id, change.user_id):
        return _("A second person confirms a change: not the one who asked for it, nor the user it concerns.")
    roles = set(by.role_names)
    if by.is_superuser or Role.ADMINISTRATOR in roles:
        return None
    police_user = Organisation.POLICE in (change.old["organisation"], change.new["organisation"])
    if police_user and by.organisation == Organisation.POLICE and Role.STEERING_MEMBER in roles:
        return None
    return _(
        "Only another administrator, or for a police user a police member of the steering group, confirms this change."
    )


def may_confirm(by, change: PendingChange) -> bool:
    return by.is_authenticated and confirm_refusal(by, change) is None


@transaction.atomic
def settle(change: PendingChange, *, by, confirm: bool, request=None) -> None:
    """Confirm (apply) or decline a held change; both are audited with who asked and who settled."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if confirm_refusal(by, change):
        raise PermissionError(confirm_refusal(by, change))
    user = change.user
    if confirm:
        old = snapshot(user)
        _apply(user, change.new)
        record(old, snapshot(user), by=by, request=request, requested_by=change.requested_by.get_username())
    change.state = PendingChange.State.CONFIRMED if confirm else PendingChange.State.DECLINED
    change.settled_by, change.settled_at = by, timezone.now()
    change.save()
    audit.record(
        AuditEntry.Action.CHANGE_CONFIRMED if confirm else AuditEntry.Action.CHANGE_DECLINED,
        actor=by,
        request=request,
        subject=user.get_username(),
        steering=True,
        requested_by=change.requested_by.get_username(),
        old=change.old,
        new=change.new,
        change=change.pk,
    )


def pending_changes():
    return PendingChange.objects.filter(state=PendingChange.State.PENDING).select_related("user", "requested_by")


def _apply(user: User, values: dict) -> None:
    user.email, user.organisation = values["email"], values["organisation"]
    user.save(update_fields=["email", "organisation"])
    user.groups.set(Group.objects.filter(name__in=values["roles"]))
