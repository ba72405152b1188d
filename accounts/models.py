from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import datacache


class Organisation(models.TextChoices):
    MUNICIPALITY = "kommune", "Aarhus Kommune"
    POLICE = "politi", "Østjyllands Politi"


class User(AbstractUser):
    """A person who uses Tryg, working for the municipality or the police."""

    organisation = models.CharField(
        _("organisation"), max_length=20, choices=Organisation.choices, default=Organisation.MUNICIPALITY
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        """The user's roles (group names), for the header; read with the group permissions (accounts.backends),
        so a page that checks a permission gets them without a query of their own."""
        if not hasattr(self, "_role_names"):
            load_roles(self)
        return self._role_names


class Written(models.Model):
    """Who wrote a text and when (a learning note, an end evaluation); the text stays when the writer leaves."""

    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


def load_roles(user: User) -> None:
    """The user's groups (their roles, which every page's header names), the groups' permissions and the user's own
    (which every page checks), kept on the user object for the request.

    Read in two queries, and kept in this process until users, roles or permissions change (datacache bumps on
    every write to them), so a page usually reads none: the fresh user object of each request still decides
    whether the user is active or a superuser.
    """
    role_names, group_perms, user_perms = datacache.cached(("roles of", user.pk), partial(_roles_of, user.pk))
    user._role_names = list(role_names)
    user._group_perm_cache = set(group_perms)
    user._user_perm_cache = set(user_perms)


def _roles_of(user_pk: int) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    rows = Group.objects.filter(user=user_pk).values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )
    own = Permission.objects.filter(user=user_pk).values_list("content_type__app_label", "codename")
    return (
        tuple(sorted({name for name, _app, _codename in rows})),
        frozenset(f"{app}.{codename}" for _name, app, codename in rows if codename),
        frozenset(f"{app}.{codename}" for app, codename in own),
    )


class PendingChange(models.Model):
    """A change to a user that lets someone decide (a deciding role, or a deciding member's e-mail or
    organisation), held until a second person confirms it (accounts/changes.py)."""

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="pending_changes")
    # The values asked for: {"roles": [...], "email": "...", "organisation": "..."}; only these three.
    new = models.JSONField(_("new values"))
    old = models.JSONField(_("old values"))
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    settled_by = models.ForeignKey(
        User, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("change awaiting confirmation")
        verbose_name_plural = _("changes awaiting confirmation")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_state_display()})"
