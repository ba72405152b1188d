from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, LocalArea, Partner


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    actions = ["retire", "reinstate"]

    def has_delete_permission(self, request, obj=None):
        # Approved documents name these areas; an area is taken out of use, never deleted.
        return False

    @admin.action(description=_("Take the chosen areas out of use"))
    def retire(self, request, queryset):
        queryset.update(active=False)

    @admin.action(description=_("Take the chosen areas into use again"))
    def reinstate(self, request, queryset):
        queryset.update(active=True)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "added_by")
    list_filter = ("active",)
    search_fields = ("name",)
    readonly_fields = ("added_by",)
    fields = ("name", "active", "added_by")
    actions = ["retire", "reinstate"]

    def has_delete_permission(self, request, obj=None):
        # Approved documents name their partners; a partner is taken out of use, never deleted.
        return False

    @admin.action(description=_("Take the chosen partners out of use"))
    def retire(self, request, queryset):
        queryset.update(active=False)

    @admin.action(description=_("Take the chosen partners into use again"))
    def reinstate(self, request, queryset):
        queryset.update(active=True)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Read-only overview; documents are written and changed in the application, where the rules apply."""

    list_display = ("number", "__str__", "created_by", "created_at")
    list_select_related = ("latest_version", "created_by")
    fields = ("created_by", "created_at", "latest_version", "approved_version")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
