from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Area, ImportBatch, IndexValue, Measure, SeriesBreak
from indicators.resources import IndexFileCSV, IndexFileXLSX, IndexValueResource


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")


class SeriesBreakInline(admin.TabularInline):
    """Breaks belong to their measure: administrators edit them on the measure's page."""

    model = SeriesBreak
    fields = ["year", "kind", "note"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "higher_is_better", "sub_goal", "tolerance")
    list_filter = ("sub_goal",)
    inlines = [SeriesBreakInline]


@admin.register(IndexValue)
class IndexValueAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """The library's own import and export screens, with our file formats; the web import is faster."""

    resource_classes = [IndexValueResource]
    import_formats = [IndexFileCSV, IndexFileXLSX]
    export_formats = [IndexFileCSV, IndexFileXLSX]
    list_display = ("year", "area", "measure", "value", "ci_low", "ci_high", "respondents", "batch")
    list_filter = ("year", "measure", "area__kind")
    search_fields = ("area__name",)
    list_select_related = ("area", "measure", "batch")
    raw_id_fields = ("area", "batch")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The import log is written by imports only; revert it from the import log page."""

    list_display = ("file_name", "imported_at", "imported_by", "created_count", "updated_count", "reverted_at")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The goal definition's admin lives in its own module.
from indicators import admin_goal  # noqa: E402, F401
