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
