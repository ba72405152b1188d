from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Administrators read and filter the audit log; nobody adds, changes or deletes an entry here."""

    list_display = ("at", "action", "username", "subject", "ip_address")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "subject", "ip_address")
    date_hierarchy = "at"
    fields = ("at", "action", "actor", "username", "ip_address", "subject", "details")
    readonly_fields = fields
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
