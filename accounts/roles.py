"""The five roles of Tryg as Django groups, and the model permissions each one holds.

The groups themselves are created by a data migration; their permissions are (re)assigned after every
`migrate`, because permissions of models added later only exist once all migrations have run.
"""

from collections.abc import Iterable

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

# Group names are what users read, so they are Danish.


class Role(TextChoices):
    MUNICIPAL_STAFF = "Kommunal medarbejder"
    POLICE_LIAISON = "Politikontakt"
    STEERING_MEMBER = "Styregruppemedlem"
    ADMINISTRATOR = "Administrator"
    # Writes the municipality's (SSP) assessment in the status report; given by administrators.
    SSP_WRITER = "SSP-skribent"


# The roles that decide on initiatives; an administrator never holds one of them too.
DECIDING_ROLES = frozenset({Role.POLICE_LIAISON, Role.STEERING_MEMBER})


def role_conflict(role_names: Iterable[str], organisation: str) -> str | None:
    """Why a user of this organisation may not hold these roles together, or None: the one home of the rule for
    every way roles are given (the admin, single sign-on).

    A police liaison works for the police; an administrator, who manages users, never also decides.
    """
    from accounts.models import Organisation

    names = set(role_names)
    if Role.ADMINISTRATOR in names and names & DECIDING_ROLES:
        return _("An administrator cannot also decide on initiatives: give the roles to different users.")
    if Role.POLICE_LIAISON in names and organisation != Organisation.POLICE:
        return _("A police liaison works for Østjyllands Politi: choose that organisation.")
    return None


_READ_ALL = [
    "focusareas.view_focusarea",
    "indicators.view_area",
    "indicators.view_measure",
    "indicators.view_indexvalue",
    "indicators.view_subgoal",
    "indicators.view_goaldefinition",
    "initiatives.view_initiative",
]

# "app_label.codename" per role. A codename that does not exist (yet) is skipped, so this table may name
# permissions of features that arrive in later migrations.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.MUNICIPAL_STAFF: [
        *_READ_ALL,
        "initiatives.add_initiative",
        "initiatives.change_initiative",
    ],
    Role.POLICE_LIAISON: [
        *_READ_ALL,
        "initiatives.change_initiative",
        "initiatives.decide_initiative",
    ],
    Role.STEERING_MEMBER: [
        *_READ_ALL,
        "initiatives.decide_initiative",
    ],
    Role.SSP_WRITER: [
        *_READ_ALL,
        "followup.write_ssp_assessment",
    ],
    Role.ADMINISTRATOR: [
        *_READ_ALL,
        "focusareas.add_focusarea",
        "focusareas.change_focusarea",
        "indicators.add_area",
        "indicators.change_area",
        "indicators.add_measure",
        "indicators.change_measure",
        # Series breaks are edited on the measure's admin page (an inline), so they need their own permissions.
        "indicators.view_seriesbreak",
        "indicators.add_seriesbreak",
        "indicators.change_seriesbreak",
        "indicators.delete_seriesbreak",
        "indicators.add_indexvalue",
        "indicators.change_indexvalue",
        "indicators.view_importbatch",
        "indicators.add_importbatch",
        "indicators.change_goaldefinition",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "initiatives.view_localarea",
        "initiatives.add_localarea",
        "initiatives.change_localarea",
        "initiatives.view_partner",
        "initiatives.add_partner",
        "initiatives.change_partner",
        "initiatives.view_approvalrule",
        "initiatives.change_approvalrule",
        "initiatives.view_decision",
        "initiatives.view_event",
        # The mail queue: queued, sent and failed mails with recipient, subject and last error.
        "mail.view_mail",
        "audit.view_auditentry",
        # Lifting a lock before the cool-off ends: delete the attempt in the admin.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
}


def sync_role_permissions(sender=None, **kwargs) -> None:
    """Give each role group exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    for group_name, perm_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = set()
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.update(
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .values_list("pk", flat=True)
            )
        group.permissions.set(wanted)
