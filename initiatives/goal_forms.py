"""A document's sub-goal contributions and its effect goals: the two formsets beside the document form
(initiatives/forms.py), and the rule that ties them together."""

from django import forms
from django.utils.translation import gettext_lazy as _

from formatting.widgets import NumberInput
from indicators.models import SubGoal
from initiatives.forms import DateInput
from initiatives.models import EffectGoal, InitiativeVersion

MAX_EFFECT_GOALS = 20


class ContributionForm(forms.Form):
    """One sub-goal: does the initiative contribute to it, and how? The sub-goal is fixed by position. A ticked
    sub-goal without its "how" saves in a draft; submission asks for it (initiatives/completeness.py)."""

    selected = forms.BooleanField(required=False)
    how = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sub_goal: SubGoal, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_goal = sub_goal
        # The box's fieldset names the sub-goal (its legend); the tick box says what ticking it means.
        self.fields["selected"].label = _("The initiative contributes to this sub-goal")
        self.fields["how"].label = _("How does the initiative contribute to sub-goal %(number)s?") % {
            "number": sub_goal.number
        }


class BaseContributionFormSet(forms.BaseFormSet):
    """One form per sub-goal, in the sub-goals' order (choosing at least one is checked on submission)."""

    def __init__(self, *args, sub_goals, **kwargs):
        self.sub_goals = list(sub_goals)
        super().__init__(*args, **kwargs)

    def total_form_count(self) -> int:
        # Fixed by the sub-goals, not by the posted management form, so a tampered count changes nothing.
        return len(self.sub_goals)

    def initial_form_count(self) -> int:
        return len(self.sub_goals)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "sub_goal": self.sub_goals[index]}

    @property
    def empty_form(self):  # pragma: no cover - the page never offers "add another" for sub-goals
        raise NotImplementedError

    def chosen_sub_goals(self) -> list[SubGoal]:
        return [form.sub_goal for form in self.forms if form.cleaned_data.get("selected")]


ContributionFormSet = forms.formset_factory(ContributionForm, formset=BaseContributionFormSet, extra=0)


def contribution_formset(data, version: InitiativeVersion | None) -> BaseContributionFormSet:
    sub_goals = list(SubGoal.objects.all())
    existing = {c.sub_goal_id: c.how for c in version.contributions.all()} if version and version.pk else {}
    initial = [{"selected": s.pk in existing, "how": existing.get(s.pk, "")} for s in sub_goals]
    return ContributionFormSet(data, initial=initial, sub_goals=sub_goals, prefix="delmaal")


class EffectGoalForm(forms.ModelForm):
    """One effect goal; which fields are required depends on the kind of follow-up."""

    QUANTITATIVE_REQUIRED = {
        "metric": _("State what is measured."),
        "unit": _("State the unit, e.g. “percent” or “reports per year”."),
        "baseline_value": _("Give the baseline value."),
        "baseline_date": _("Give the date of the baseline."),
        "target_value": _("Give the target value."),
        "target_date": _("Give the date by which the target should be reached."),
        "data_source": _("State where the figures come from."),
    }

    class Meta:
        model = EffectGoal
        fields = [
            "description",
            "kind",
            "sub_goal",
            "metric",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "data_source",
            "method",
            "frequency",
            "tolerance",
            "change_reason",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
            "baseline_date": DateInput(),
            "target_date": DateInput(),
            "method": forms.Textarea(attrs={"rows": 2}),
            "change_reason": forms.Textarea(attrs={"rows": 2}),
            "baseline_value": NumberInput(),
            "target_value": NumberInput(),
            "tolerance": NumberInput(),
        }
        localized_fields = ["baseline_value", "target_value", "tolerance"]

    # How the goal is followed up; they have defaults, so alone they do not make an empty box a new goal.
    FOLLOW_UP_FIELDS = ("frequency", "tolerance", "change_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EffectGoal.Kind.choices
        self.fields["sub_goal"].queryset = SubGoal.objects.all()
        self.fields["frequency"].required = False
        self.fields["tolerance"].required = False

    def has_changed(self):
        if self.instance.pk is None:
            return any(name not in self.FOLLOW_UP_FIELDS for name in self.changed_data)
        return super().has_changed()

    def clean_frequency(self):
        return self.cleaned_data.get("frequency") or EffectGoal.Frequency.YEARLY

    def clean_tolerance(self):
        tolerance = self.cleaned_data.get("tolerance")
        return EffectGoal._meta.get_field("tolerance").default if tolerance is None else tolerance

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EffectGoal.Kind.QUANTITATIVE:
            for name, message in self.QUANTITATIVE_REQUIRED.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, forms.ValidationError(message, code="quantitative_required"))
            baseline, target = data.get("baseline_date"), data.get("target_date")
            if baseline and target and target < baseline:
                self.add_error(
                    "target_date",
                    forms.ValidationError(
                        _("The target date is before the baseline date."), code="target_before_baseline"
                    ),
                )
        elif kind == EffectGoal.Kind.QUALITATIVE and not data.get("method", "").strip():
            self.add_error(
                "method",
                forms.ValidationError(
                    _("Describe the method: interviews, observation, survey …"), code="method_required"
                ),
            )
        return data


class BaseEffectGoalFormSet(forms.BaseInlineFormSet):
    """Effect goals; `gone` are goals of this version someone else deleted while the user had them open. Their
    boxes are read as the user's goals under their old ids, so the merge offers them back against the deletion
    (initiatives/documents.py) instead of refusing the form over an id that no longer exists."""

    def __init__(self, *args, gone=frozenset(), **kwargs):
        self.gone = gone
        super().__init__(*args, **kwargs)

    def _existing_object(self, pk):
        found = super()._existing_object(pk)
        if found is None and pk in self.gone:
            return EffectGoal(pk=pk, version=self.instance)
        return found

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk in self.gone:
            form.fields["id"] = forms.IntegerField(widget=forms.HiddenInput, required=False)


# One empty box for a new document; more only when the user asks for one ("Add an effect goal"), and only
# saved goals can be deleted.
EffectGoalFormSet = forms.inlineformset_factory(
    InitiativeVersion,
    EffectGoal,
    form=EffectGoalForm,
    formset=BaseEffectGoalFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_EFFECT_GOALS,
    validate_max=True,
)


def effect_goal_formset(data, version: InitiativeVersion | None) -> BaseEffectGoalFormSet:
    formset_class = EffectGoalFormSet
    if version is None or not version.effect_goals.exists():
        formset_class = type("NewEffectGoalFormSet", (EffectGoalFormSet,), {"extra": 1})
    return formset_class(
        data, instance=version or InitiativeVersion(), prefix="effektmaal", gone=_goals_deleted_meanwhile(data, version)
    )


def _goals_deleted_meanwhile(data, version: InitiativeVersion | None) -> frozenset:
    """Ids of goals the posted form holds that were this version's and have been deleted since (one query)."""
    if data is None or version is None:
        return frozenset()
    posted = {
        int(value)
        for key, value in data.items()
        if key.startswith("effektmaal-") and key.endswith("-id") and str(value).isdigit() and len(value) <= 18
    }
    if not posted:
        return frozenset()
    return frozenset(
        EffectGoal.history.filter(version_id=version.pk, id__in=posted)
        .exclude(id__in=EffectGoal.objects.filter(version=version).values("id"))
        .values_list("id", flat=True)
        .distinct()
    )


def with_another_effect_goal(data):
    """The posted data with one more effect-goal box ("Add an effect goal" without JavaScript)."""
    data = data.copy()
    total = data.get("effektmaal-TOTAL_FORMS", "0")
    data["effektmaal-TOTAL_FORMS"] = str(min(int(total) + 1 if total.isdigit() else 1, MAX_EFFECT_GOALS))
    return data


def check_effect_goals_match_sub_goals(contributions: BaseContributionFormSet, effect_goals) -> bool:
    """An effect goal evidences a sub-goal the initiative says it contributes to; errors go on the field."""
    chosen = set(contributions.chosen_sub_goals())
    ok = True
    for form in effect_goals.forms:
        if not hasattr(form, "cleaned_data") or effect_goals._should_delete_form(form):
            continue
        sub_goal = form.cleaned_data.get("sub_goal")
        if sub_goal is not None and sub_goal not in chosen:
            form.add_error(
                "sub_goal",
                forms.ValidationError(
                    _("Also choose this sub-goal under “Sub-goals” above, or pick one of those chosen there."),
                    code="sub_goal_not_chosen",
                ),
            )
            ok = False
    return ok
