from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from focusareas.models import FocusArea


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "retired_at")
    list_filter = ("retired_at",)
    prepopulated_fields = {"slug": ("name",)}
    actions = ["retire", "reinstate"]

    def has_delete_permission(self, request, obj=None):
        # Initiatives and history refer to focus areas; they are retired, never deleted.
        return False

    @admin.action(description=_("Retire the selected focus areas"))
    def retire(self, request, queryset):
        for area in queryset:
            area.retire()

    @admin.action(description=_("Take the selected focus areas into use again"))
    def reinstate(self, request, queryset):
        for area in queryset:
            area.reinstate()
