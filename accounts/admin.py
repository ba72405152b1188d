from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisation"), {"fields": ("organisation",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Organisation"), {"fields": ("organisation",)}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active")

    # Administrators manage users and give them roles (groups), but rights outside the roles would bypass the role
    # model: only a superuser may make superusers, hand out single permissions, or change a superuser.
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)
