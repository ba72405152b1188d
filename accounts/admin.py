"""Users and their roles in the Django admin, under the role-integrity rules of docs/security.md.

- Nobody changes their own roles, organisation or rights here: an administrator who could would be able to
  supply the police's approval alone.
- An administrator hands out the roles Kommunal medarbejder, Politikontakt and Styregruppemedlem; only a superuser
  makes administrators, superusers or grants single permissions, and nobody holds Administrator together with a
  deciding role (the one who manages users does not decide).
- Passwords are never set by an administrator: they send a reset link that the user completes (a new user gets one
  at once). Only a superuser has Django's set-password form.
- Every change to a user goes to the audit log with old and new values; a deciding role, or a decider's e-mail
  or organisation, waits for a second person (accounts/changes.py).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import audit
from accounts import changes
from accounts.models import User
from accounts.roles import Role, role_conflict
from audit.models import AuditEntry
from mail.queue import enqueue_built


class InviteForm(forms.ModelForm):
    """A new user as an administrator creates them: no password; the user chooses one through the reset link."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "organisation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The link to choose a password is sent here.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


def send_password_reset(user, request) -> None:
    """Mail the user a one-time link to choose a password; the administrator never learns or sets it. The link is
    made by the worker when it sends the mail (`reset_mail_body`), so it never rests in the queue, which
    administrators read."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/accounts/password_reset_subject.txt").split())
    enqueue_built("accounts.admin.reset_mail_body", to=user.email, subject=subject, user_id=user.pk)
    audit.record(
        AuditEntry.Action.PASSWORD_RESET_SENT, actor=request.user, request=request, subject=user.get_username()
    )


def reset_mail_body(user_id: int) -> str | None:
    """The reset mail's body with a fresh link, made in the worker at send time (None if the user is gone)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "url": settings.SITE_URL.rstrip("/") + path}
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("emails/accounts/password_reset_body.txt", context)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisation"), {"fields": ("organisation",)}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active")
    actions = ["send_reset_link"]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return ((None, {"fields": InviteForm.Meta.fields}),)
        # Without the password field, whose help text links to the set-password form only superusers have.
        return tuple(
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
            for name, options in super().get_fieldsets(request, obj)
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = InviteForm
        form_class = super().get_form(request, obj, **kwargs)

        class RoleRulesForm(form_class):
            def clean(self):
                cleaned = super().clean()
                refusal = role_refusal(
                    request.user,
                    self.instance,
                    cleaned.get("groups"),
                    cleaned.get("organisation", self.instance.organisation),
                )
                if refusal:
                    raise ValidationError(refusal)
                return cleaned

        return RoleRulesForm

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        if obj is not None and obj.pk == request.user.pk:
            fields = (*fields, "groups", "organisation", "is_staff", "is_superuser", "user_permissions", "is_active")
        return tuple(dict.fromkeys(fields))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["help_text"] = _("Only a superuser makes administrators.")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        form.audit_before = changes.snapshot(User.objects.filter(pk=obj.pk).first() if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user, before = form.instance, form.audit_before
        after = changes.snapshot(user)
        if changes.needs_confirmation(before, after):
            changes.hold(user, before, after, by=request.user, request=request)
            self.message_user(
                request,
                _(
                    "The new roles, e-mail address or organisation take effect when another administrator (or, for a "
                    "police user, a police member of the steering group) confirms them on the steering-group page."
                ),
                messages.WARNING,
            )
            after = changes.snapshot(user)
        changes.record(before, after, by=request.user, request=request)
        if not change and not request.user.is_superuser:
            send_password_reset(user, request)

    @admin.action(description=_("Send a link to choose a new password"))
    def send_reset_link(self, request, queryset):
        sent = 0
        for user in queryset.exclude(email=""):
            if user.is_superuser and not request.user.is_superuser:
                continue
            send_password_reset(user, request)
            sent += 1
        self.message_user(
            request,
            ngettext(
                "A link to choose a new password was sent to %(count)d user.",
                "A link to choose a new password was sent to %(count)d users.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )


def role_refusal(by, user, groups, organisation) -> str | None:
    """Why these roles may not be given to this user by this administrator, or None (module docstring)."""
    if groups is None:
        return None
    names = {group.name for group in groups}
    before = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    if not by.is_superuser and Role.ADMINISTRATOR in names ^ before:
        return _("Only a superuser makes administrators or takes the role away.")
    return role_conflict(names, organisation)
