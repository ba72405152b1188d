from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

import datacache
from audit.admin import ReadOnlyAdmin
from initiatives.models import ApprovalRule, Decision, Event, Initiative, LocalArea, Partner


class ManagedListAdmin(admin.ModelAdmin):
    """A managed list (local areas, partners): documents name its entries, so they are taken out of use, never
    deleted."""

    actions = ["retire", "reinstate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Take the chosen entries out of use"))
    def retire(self, request, queryset):
        queryset.update(active=False)
        datacache.bump()  # a queryset update sends no signal

    @admin.action(description=_("Take the chosen entries into use again"))
    def reinstate(self, request, queryset):
        queryset.update(active=True)
        datacache.bump()  # a queryset update sends no signal


@admin.register(LocalArea)
class LocalAreaAdmin(ManagedListAdmin):
    list_display = ("name", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)


@admin.register(Partner)
class PartnerAdmin(ManagedListAdmin):
    list_display = ("name", "active", "added_by")
    list_filter = ("active",)
    search_fields = ("name",)
    readonly_fields = ("added_by",)
    fields = ("name", "active", "added_by")


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    """Read-only overview; documents are written and changed in the application, where the rules apply."""

    list_display = ("number", "__str__", "created_by", "created_at")
    list_select_related = ("latest_version", "created_by")
    fields = ("created_by", "created_at", "latest_version", "approved_version")
    readonly_fields = fields


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(SimpleHistoryAdmin):
    """Administrators set the quorum here; the history keeps every earlier setting."""

    list_display = ("__str__", "police_approvals_required", "municipality_approvals_required")
    fields = ("police_approvals_required", "municipality_approvals_required")

    def has_add_permission(self, request):
        return not ApprovalRule.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class _AppendOnlyAdmin(ReadOnlyAdmin):
    """The approval record can be read here, never added to, changed or deleted."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.get_fields() if f.concrete]


@admin.register(Decision)
class DecisionAdmin(_AppendOnlyAdmin):
    list_display = ("decided_at", "version", "member", "organisation", "outcome")
    list_filter = ("outcome", "organisation")
    list_select_related = ("version", "member")
    search_fields = ("version__title", "justification")


@admin.register(Event)
class EventAdmin(_AppendOnlyAdmin):
    list_display = ("at", "version", "actor", "action", "from_state", "to_state")
    list_filter = ("action",)
    list_select_related = ("version", "actor")
    search_fields = ("version__title", "justification")
