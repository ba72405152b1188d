"""A sign-in through an identity provider: find or create the user, and make organisation and roles what the
provider says, under Tryg's role rules (accounts.roles.role_conflict), audited."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

import audit
from accounts.roles import DECIDING_ROLES, Role, role_conflict
from audit.models import AuditEntry
from sso import attributes as read
from sso.config import Provider
from sso.models import Identity

User = get_user_model()


def sign_in(request, provider: Provider, subject: str, attributes: dict[str, list[str]]):
    """The user this provider vouches for, created at their first sign-in and synced at every one; raises
    `attributes.Refused` (nothing changed) when the assertion may not sign anyone in."""
    if not subject:
        raise read.Refused(_("The sign-in from your organisation could not be read."), "no subject")
    read.check_organisation(provider, attributes)
    roles = read.granted_roles(provider, attributes)
    conflict = role_conflict(roles, provider.organisation)
    if conflict:
        raise read.Refused(
            _("Your organisation's login gives you roles that Tryg does not combine: %(reason)s")
            % {"reason": conflict},
            f"role rules: {sorted(roles)}",
        )
    with transaction.atomic():
        identity = Identity.objects.select_related("user").filter(provider=provider.key, subject=subject).first()
        created = identity is None
        if identity is None:
            user = User(username=_free_username(provider, subject, attributes), organisation=provider.organisation)
            user.set_unusable_password()
            user.save()
            identity = Identity.objects.create(user=user, provider=provider.key, subject=subject)
        else:
            user = identity.user
            identity.save(update_fields=["last_seen"])
        _sync(request, provider, user, roles, attributes, created)
    return user


def _sync(request, provider: Provider, user, roles: set[str], attributes, created: bool) -> None:
    old_organisation = "" if created else user.organisation
    old_roles = [] if created else sorted(user.groups.values_list("name", flat=True))
    user.organisation = provider.organisation
    user.first_name = read.first(attributes, provider.first_name_attribute)[:150] or user.first_name
    user.last_name = read.first(attributes, provider.last_name_attribute)[:150] or user.last_name
    user.email = read.first(attributes, provider.email_attribute)[:254] or user.email
    # The admin is for administrators; a superuser is never made by a provider.
    user.is_staff = Role.ADMINISTRATOR in roles or user.is_superuser
    user.save()
    new_roles = sorted(roles)
    common = {
        "actor": user,
        "request": request,
        "subject": user.get_username(),
        "provider": provider.key,
        "steering": bool(DECIDING_ROLES & set(old_roles + new_roles)),
    }
    if old_roles != new_roles or created:
        user.groups.set(Group.objects.filter(name__in=new_roles))
        audit.record(AuditEntry.Action.ROLES_CHANGED, old=old_roles, new=new_roles, **common)
    if old_organisation != user.organisation:
        audit.record(AuditEntry.Action.ORGANISATION_CHANGED, old=old_organisation, new=user.organisation, **common)


def _free_username(provider: Provider, subject: str, attributes) -> str:
    """The provider's username (or subject) in the characters Django's usernames allow, made unique."""
    wanted = read.first(attributes, provider.username_attribute) if provider.username_attribute else ""
    base = re.sub(r"[^\w.@+-]", "-", wanted or subject)[:140] or provider.key
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username
