from django.contrib import admin

from audit.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the application's own rules (the audit log, the import log, the approval record): the
    admin may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Administrators read and filter the audit log; nobody adds, changes or deletes an entry here."""

    list_display = ("at", "action", "username", "subject", "ip_address")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "subject", "ip_address")
    date_hierarchy = "at"
    fields = ("at", "action", "actor", "username", "ip_address", "subject", "details")
    readonly_fields = fields
    list_select_related = ("actor",)
