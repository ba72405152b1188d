"""Admin for the goal definition: administrators pick the target area, the headline measure and the cities.

Kept apart from the rest of indicators' admin; `indicators/admin.py` imports it.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import GoalComparison, GoalDefinition

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
