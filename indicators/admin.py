"""The indicators' admin: areas, measures, index values (export only: imports go through the web import),
the import log (read-only) and the goal definition."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin import ReadOnlyAdmin
from indicators.models import Area, GoalComparison, GoalDefinition, ImportBatch, IndexValue, Measure, SeriesBreak
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
class IndexValueAdmin(ExportMixin, SimpleHistoryAdmin):
    """Export here; import with the web import (linked from the list), the one import engine. Read-only: a value
    written here would pass every import check and leave no import batch (the values' history stays visible)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    resource_classes = [IndexValueResource]
    export_formats = [IndexFileCSV, IndexFileXLSX]
    import_export_change_list_template = "admin/indicators/indexvalue/change_list.html"
    list_display = ("year", "area", "measure", "value", "ci_low", "ci_high", "respondents", "batch")
    list_filter = ("year", "measure", "area__kind")
    search_fields = ("area__name",)
    list_select_related = ("area", "measure", "batch")
    raw_id_fields = ("area", "batch")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "web_import_url": reverse("indicators:import_upload")}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """The import log is written by imports only; revert it from the import log page."""

    list_display = ("file_name", "imported_at", "imported_by", "created_count", "updated_count", "reverted_at")


GOAL_PERMISSION = "indicators.change_goaldefinition"


class GoalComparisonFormSet(forms.BaseInlineFormSet):
    """The comparison areas must be at least one, and none of them the target area itself."""

    def clean(self):
        super().clean()
        target = self.instance.target_area if self.instance.target_area_id else None
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("area")
        ]
        if not kept:
            raise ValidationError(_("The goal needs at least one comparison area."), code="no_comparisons")
        if target and any(row["area"] == target for row in kept):
            raise ValidationError(
                _("%(area)s is the target area and cannot also be a comparison area.") % {"area": target},
                code="target_compared_with_itself",
            )


class GoalComparisonInline(admin.TabularInline):
    model = GoalComparison
    formset = GoalComparisonFormSet
    fields = ["area", "order"]
    extra = 0

    # The comparison areas are part of the goal definition, so its change permission governs them.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(GOAL_PERMISSION) or request.user.has_perm("indicators.view_goaldefinition")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(GOAL_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(GOAL_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(GOAL_PERMISSION)


@admin.register(GoalDefinition)
class GoalDefinitionAdmin(admin.ModelAdmin):
    fields = ["target_area", "headline_measure", "second_headline_measure", "police_district", "baseline_year"]
    list_display = ["__str__", "headline_measure"]
    inlines = [GoalComparisonInline]

    # There is exactly one goal: the migration creates it, and the goal page needs it.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
