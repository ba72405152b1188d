"""The initiative list's filters and sorting (django-filter), shared by the list page and the exports."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives import sections
from initiatives.models import Contribution, Decision, InitiativeVersion
from initiatives.search import search

EMBARGO_CHOICES = [("ja", _("Under embargo")), ("nej", _("Not under embargo"))]
IN_FORCE_CHOICES = [("ja", _("An approved version applies")), ("nej", _("No approved version applies"))]


class FigureOrderingFilter(django_filters.OrderingFilter):
    """Sorting where a figure other apps add to the list (initiatives/sections.py) may be missing: initiatives
    without one come last either way, and ties go by number so the pages do not shift."""

    def __init__(self, *args, figures=(), **kwargs):
        self.figure_names = {figure.name for figure in figures}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            name = self.get_ordering_value(param)
            if name.lstrip("-") in self.figure_names:
                field = F(name.lstrip("-"))
                ordering += [
                    field.desc(nulls_last=True) if name.startswith("-") else field.asc(nulls_last=True),
                    "-initiative_id",
                ]
            else:
                ordering.append(name)
        return qs.order_by(*ordering)


SORT_FIELDS = (
    ("initiative_id", "nummer"),
    ("title", "titel"),
    ("start_date", "start"),
    ("updated_at", "aendret"),
    ("state", "status"),
)
SORT_LABELS = {
    "initiative_id": _("Number"),
    "title": _("Title"),
    "start_date": _("Start date"),
    "updated_at": _("Last changed"),
    "state": _("Status"),
}


class InitiativeFilter(django_filters.FilterSet):
    """Filters over each initiative's latest version; unknown values are reported on the field and ignored."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        queryset=FocusArea.objects.all(),
        method="filter_focus_area",
        empty_label=_("All focus areas"),
    )
    sub_goal = django_filters.ModelChoiceFilter(
        label=_("Sub-goal"),
        queryset=SubGoal.objects.all(),
        method="filter_sub_goal",
        empty_label=_("All sub-goals"),
    )
    in_force = django_filters.ChoiceFilter(
        label=_("In force"),
        choices=IN_FORCE_CHOICES,
        method="filter_in_force",
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status of the latest version"),
        choices=InitiativeVersion.State.choices,
        empty_label=_("All statuses"),
    )
    responsibility = django_filters.ChoiceFilter(
        label=_("Responsibility"),
        choices=InitiativeVersion.Responsibility.choices,
        empty_label=_("All"),
    )
    basis = django_filters.ChoiceFilter(label=_("Basis"), choices=InitiativeVersion.Basis.choices, empty_label=_("All"))
    embargo = django_filters.ChoiceFilter(
        label=_("Embargo"),
        choices=EMBARGO_CHOICES,
        method="filter_embargo",
        empty_label=_("All"),
    )
    sort = FigureOrderingFilter(
        label=_("Sort by"), empty_label=_("Newest first"), fields=SORT_FIELDS, field_labels=SORT_LABELS
    )

    class Meta:
        model = InitiativeVersion
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_figures(sections.list_figures())
        for name in (
            "focus_area",
            "sub_goal",
            "in_force",
            "state",
            "responsibility",
            "basis",
            "embargo",
            "sort",
            *(f"{figure.name}_below" for figure in sections.list_figures()),
        ):
            self.form.fields[name].widget.attrs["class"] = "form-select"
        self.form.fields["q"].widget = forms.TextInput(attrs={"class": "form-control", "type": "search"})

    def _add_figures(self, figures):
        """A filter ("under N %") for each figure other apps add to the list, and its sort keys; the
        sort stays last in the form."""
        sort = self.filters.pop("sort")
        for figure in figures:
            self.filters[f"{figure.name}_below"] = django_filters.ChoiceFilter(
                field_name=figure.name,
                lookup_expr="lt",
                label=figure.label,
                empty_label=_("All"),
                choices=[(str(n), _("under %(share)s %%") % {"share": n}) for n in figure.below],
            )
        fields = SORT_FIELDS + tuple((figure.name, figure.sort_key) for figure in figures)
        labels = {**SORT_LABELS, **{figure.name: figure.label for figure in figures}}
        self.filters["sort"] = FigureOrderingFilter(
            label=sort.label,
            empty_label=sort.extra.get("empty_label"),
            fields=fields,
            field_labels=labels,
            figures=figures,
        )
        for name in ("sort", *(f"{figure.name}_below" for figure in figures)):
            self.filters[name].model, self.filters[name].parent = self._meta.model, self

    def search(self, queryset, name, value):
        return search(queryset, value)

    def filter_in_force(self, queryset, name, value):
        """In force: an approved version applies, whatever the state of a newer version being written."""
        in_force = Q(initiative__approved_version__state=InitiativeVersion.State.APPROVED)
        return queryset.filter(in_force) if value == "ja" else queryset.exclude(in_force)

    def filter_focus_area(self, queryset, name, value):
        further = InitiativeVersion.other_focus_areas.through.objects.filter(focusarea=value)
        return queryset.filter(Q(focus_area=value) | Q(pk__in=further.values("initiativeversion")))

    def filter_sub_goal(self, queryset, name, value):
        contributing = Contribution.objects.filter(sub_goal=value).values("version")
        if self.form.cleaned_data.get("in_force") == "ja":
            # In force, the approved version's sub-goals apply, whatever a newer version being written says: the
            # same rule as the goal page's count (queries.approved_count_by_sub_goal), whose link lands here.
            return queryset.filter(initiative__approved_version__in=contributing)
        return queryset.filter(pk__in=contributing)

    def filter_embargo(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.embargoed(today) if value == "ja" else queryset.not_embargoed(today)


class DecisionFilter(django_filters.FilterSet):
    """The steering group's decision log: by outcome, organisation, member, period and initiative."""

    q = django_filters.CharFilter(label=_("Initiative (number or title)"), method="search", max_length=200)
    outcome = django_filters.ChoiceFilter(
        label=_("Decision"),
        choices=Decision.Outcome.choices,
        empty_label=_("All decisions"),
    )
    organisation = django_filters.ChoiceFilter(
        label=_("Organisation"),
        choices=Organisation.choices,
        empty_label=_("Both organisations"),
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Member"),
        queryset=get_user_model().objects.none(),
        empty_label=_("All members"),
    )
    fra = django_filters.DateFilter(
        label=_("From (date)"),
        field_name="decided_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    til = django_filters.DateFilter(
        label=_("To (date)"),
        field_name="decided_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["member"].queryset = get_user_model().objects.filter(pk__in=Decision.objects.values("member"))
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = (
                "form-select" if name in {"outcome", "organisation", "member"} else ("form-control")
            )

    def search(self, queryset, name, value):
        value = value.strip()
        number = value.upper().removeprefix("I-")
        if number.isdigit() and len(number) <= 18:  # longer numbers are no initiative's (nor can SQLite compare them)
            return queryset.filter(version__initiative_id=int(number))
        for term in value.split()[:10]:
            queryset = queryset.filter(version__title__icontains=term)
        return queryset
