"""The initiative document form, its sub-goal contributions and its effect goals.

Every rule a user can break by typing lives here and reports on the field concerned; `state` is never a
field of any of these forms (only the approval workflow changes it).
"""

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from focusareas.models import FocusArea
from formatting.widgets import NumberInput
from indicators.models import SubGoal
from initiatives import completeness
from initiatives.documents import DOCUMENT_FIELDS, EFFECT_GOAL_FIELDS, Document
from initiatives.models import Decision, EffectGoal, EndEvaluation, InitiativeVersion, LocalArea, Partner

MAX_NEW_PARTNERS = 10
MAX_EFFECT_GOALS = 20
# The largest revision a form may carry (PositiveIntegerField's range); a larger one was tampered with.
MAX_REVISION = 2**31 - 1


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ticked objects by id; a number longer than any id is an invalid choice before it reaches the database,
    where SQLite cannot compare it (an error page otherwise)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.isdigit() and len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # The browser's date picker sends ISO dates, whatever the page's language.
        super().__init__(format="%Y-%m-%d", **kwargs)


def _no_form_tag_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class InitiativeVersionForm(forms.ModelForm):
    """The document's own fields; the hidden revision guards against overwriting someone else's save."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_REVISION,
        error_messages={
            "required": _("The form lacks its revision number. Reload the page and enter your changes again."),
            "invalid": _("The form's revision number is invalid. Reload the page and enter your changes again."),
            "min_value": _("The form's revision number is invalid. Reload the page and enter your changes again."),
            "max_value": _("The form's revision number is invalid. Reload the page and enter your changes again."),
        },
    )
    new_partners = forms.CharField(
        label=_("Other partners"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Partners not in the list above, one per line. They are added to the list."),
    )

    class Meta:
        model = InitiativeVersion
        fields = DOCUMENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "other_focus_areas": forms.CheckboxSelectMultiple,
            "basis": forms.RadioSelect,
            "evidence_summary": forms.Textarea(attrs={"rows": 3}),
            "evidence_references": forms.Textarea(attrs={"rows": 3}),
            "learning_question": forms.Textarea(attrs={"rows": 3}),
            "responsibility": forms.RadioSelect,
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "local_areas": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "start_date": DateInput(),
            "end_date": DateInput(),
            "origin": forms.RadioSelect,
            "embargo_until": DateInput(),
            "embargo_reason": forms.Textarea(attrs={"rows": 2}),
            "budget": NumberInput(amount=True),
        }
        localized_fields = ["budget"]
        field_classes = {
            "other_focus_areas": IdMultipleChoiceField,
            "local_areas": IdMultipleChoiceField,
            "partners": IdMultipleChoiceField,
        }
        help_texts = {
            "municipal_contact": _("Required when the municipality has the responsibility or shares it."),
            "police_contact": _("Required when the police has the responsibility or shares it."),
            "whole_municipality": _("Tick this, or choose the local areas below."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        saved = instance.pk is not None
        self.fields["revision"].initial = instance.revision
        # Retired focus areas and areas or partners no longer in use stay selectable where already chosen.
        focus_areas = FocusArea.objects.active()
        if saved:
            focus_areas = FocusArea.objects.filter(
                Q(retired_at__isnull=True) | Q(pk=instance.focus_area_id) | Q(pk__in=instance.other_focus_areas.all())
            )
            local_areas = LocalArea.objects.filter(Q(active=True) | Q(pk__in=instance.local_areas.all()))
            partners = Partner.objects.filter(Q(active=True) | Q(pk__in=instance.partners.all()))
        else:
            local_areas = LocalArea.objects.filter(active=True)
            partners = Partner.objects.filter(active=True)
        self.fields["focus_area"].queryset = focus_areas
        self.fields["other_focus_areas"].queryset = focus_areas
        self.fields["local_areas"].queryset = local_areas
        self.fields["partners"].queryset = partners
        users = get_user_model().objects.filter(is_active=True)
        self.fields["municipal_contact"].queryset = users.filter(organisation=Organisation.MUNICIPALITY)
        self.fields["police_contact"].queryset = users.filter(organisation=Organisation.POLICE)
        self.fields["basis"].choices = InitiativeVersion.Basis.choices
        self.fields["responsibility"].choices = InitiativeVersion.Responsibility.choices
        self.fields["origin"].choices = InitiativeVersion.Origin.choices
        # Required only after a choice elsewhere on the form: marked like the always-required fields, with the
        # condition in the help text (every field stays visible, so nothing is kept out of sight).
        for name, condition in [
            ("evidence_summary", _("Required when the basis is evidence of effect.")),
            ("evidence_references", _("Required when the basis is evidence of effect.")),
            ("learning_question", _("Required when the basis is developing the safety work.")),
            ("embargo_reason", _("Required when a date is given above.")),
        ]:
            field = self.fields[name]
            field.help_text = f"{condition} {field.help_text}".strip()
        for name in ("evidence_summary", "evidence_references", "learning_question", "municipal_contact",
                     "police_contact", "embargo_reason"):
            field = self.fields[name]
            field.label = format_html('{} <span class="asteriskField" aria-hidden="true">*</span>', field.label)
        self.helper = _no_form_tag_helper()
        self.helper.layout = Layout(
            "revision",
            Fieldset(_("The initiative"), "title", "summary", "description", "focus_area", "other_focus_areas",
                     "origin"),
            Fieldset(_("Basis"), "basis", "evidence_summary", "evidence_references", "learning_question"),
            Fieldset(_("Responsibility"), "responsibility", "municipal_contact", "police_contact"),
            Fieldset(_("Target group, geography and partners"), "target_group", "whole_municipality",
                     "local_areas", "partners", "new_partners"),
            Fieldset(_("Period and funding"), "start_date", "end_date", "budget", "funding_source"),
            Fieldset(_("Communication embargo"), "embargo_until", "embargo_reason"),
        )

    def clean_new_partners(self) -> list[str]:
        names = []
        for line in self.cleaned_data["new_partners"].splitlines():
            name = " ".join(line.split())
            if not name:
                continue
            if len(name) > Partner._meta.get_field("name").max_length:
                raise forms.ValidationError(
                    _("The partner name “%(name)s…” is too long (at most 160 characters)."),
                    params={"name": name[:40]}, code="partner_too_long",
                )
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > MAX_NEW_PARTNERS:
            raise forms.ValidationError(
                _("Add at most %(max)s new partners at a time."), params={"max": MAX_NEW_PARTNERS}, code="too_many"
            )
        return names

    def clean(self):
        data = super().clean()
        for problem in completeness.field_problems(data):
            # A field that is already wrong (e.g. empty and required) says so once.
            if problem.field not in self.errors:
                self.add_error(problem.field, forms.ValidationError(problem.message, code=problem.code))
        return data


class ContributionForm(forms.Form):
    """One sub-goal: does the initiative contribute to it, and how? The sub-goal is fixed by position."""

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

    def clean(self):
        data = super().clean()
        if data.get("selected") and not data.get("how", "").strip():
            self.add_error("how", forms.ValidationError(
                _("Describe how the initiative contributes to this sub-goal."), code="how_required"))
        return data


class BaseContributionFormSet(forms.BaseFormSet):
    """One form per sub-goal, in the sub-goals' order; at least one must be chosen."""

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

    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("selected") for form in self.forms):
            raise forms.ValidationError(
                _("Choose at least one sub-goal the initiative contributes to, and describe how."),
                code="no_sub_goal",
            )

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
            "description", "kind", "sub_goal", "metric", "unit", "baseline_value", "baseline_date",
            "target_value", "target_date", "data_source", "method", "frequency", "tolerance", "change_reason",
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
                self.add_error("target_date", forms.ValidationError(
                    _("The target date is before the baseline date."), code="target_before_baseline"))
        elif kind == EffectGoal.Kind.QUALITATIVE and not data.get("method", "").strip():
            self.add_error("method", forms.ValidationError(
                _("Describe the method: interviews, observation, survey …"), code="method_required"))
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

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        kept += [f for f in self.initial_forms if not f.has_changed() and not self._should_delete_form(f)]
        if not kept:
            raise forms.ValidationError(_("Write at least one effect goal."), code="no_effect_goal")


# One empty box for a new document; more only when the user asks for one ("Add an effect goal"), and only
# saved goals can be deleted.
EffectGoalFormSet = forms.inlineformset_factory(
    InitiativeVersion, EffectGoal, form=EffectGoalForm, formset=BaseEffectGoalFormSet,
    extra=0, can_delete=True, can_delete_extra=False, max_num=MAX_EFFECT_GOALS, validate_max=True,
)


def effect_goal_formset(data, version: InitiativeVersion | None) -> BaseEffectGoalFormSet:
    formset_class = EffectGoalFormSet
    if version is None or not version.effect_goals.exists():
        formset_class = type("NewEffectGoalFormSet", (EffectGoalFormSet,), {"extra": 1})
    return formset_class(data, instance=version or InitiativeVersion(), prefix="effektmaal",
                         gone=_goals_deleted_meanwhile(data, version))


def _goals_deleted_meanwhile(data, version: InitiativeVersion | None) -> frozenset:
    """Ids of goals the posted form holds that were this version's and have been deleted since (one query)."""
    if data is None or version is None:
        return frozenset()
    posted = {int(value) for key, value in data.items()
              if key.startswith("effektmaal-") and key.endswith("-id") and str(value).isdigit() and len(value) <= 18}
    if not posted:
        return frozenset()
    return frozenset(
        EffectGoal.history.filter(version_id=version.pk, id__in=posted)
        .exclude(id__in=EffectGoal.objects.filter(version=version).values("id"))
        .values_list("id", flat=True).distinct()
    )


def with_another_effect_goal(data):
    """The posted data with one more effect-goal box ("Add an effect goal" without JavaScript)."""
    data = data.copy()
    total = data.get("effektmaal-TOTAL_FORMS", "0")
    data["effektmaal-TOTAL_FORMS"] = str(min(int(total) + 1 if total.isdigit() else 1, MAX_EFFECT_GOALS))
    return data


@dataclass
class ErrorLink:
    label: str
    message: str
    anchor: str


def error_summary(form, contributions, effect_goals) -> list[ErrorLink]:
    """Each error of the document's forms with a link to its field, for the summary at the top of the page."""
    links = []

    def add(bound_form, prefix):
        for name, errors in bound_form.errors.items():
            if name not in bound_form.fields or isinstance(bound_form.fields[name].widget, forms.HiddenInput):
                continue
            field = bound_form[name]
            links.extend(ErrorLink(prefix + str(field.label or ""), str(e), field.id_for_label) for e in errors)

    add(form, "")
    # Errors of a whole formset lead to its first box.
    links.extend(ErrorLink(_("Sub-goals"), str(e), "id_delmaal-0-selected") for e in contributions.non_form_errors())
    for sub_form in contributions.forms:
        add(sub_form, f"{sub_form.sub_goal}: ")
    links.extend(ErrorLink(_("Effect goals"), str(e), "id_effektmaal-0-description")
                 for e in effect_goals.non_form_errors())
    for index, goal_form in enumerate(effect_goals.forms, start=1):
        add(goal_form, _("Effect goal %(number)s") % {"number": index} + ": ")
    return links


def check_effect_goals_match_sub_goals(contributions: BaseContributionFormSet, effect_goals) -> bool:
    """An effect goal evidences a sub-goal the initiative says it contributes to; errors go on the field."""
    chosen = set(contributions.chosen_sub_goals())
    ok = True
    for form in effect_goals.forms:
        if not hasattr(form, "cleaned_data") or effect_goals._should_delete_form(form):
            continue
        sub_goal = form.cleaned_data.get("sub_goal")
        if sub_goal is not None and sub_goal not in chosen:
            form.add_error("sub_goal", forms.ValidationError(
                _("Also choose this sub-goal under “Sub-goals” above, or pick one of those chosen there."),
                code="sub_goal_not_chosen"))
            ok = False
    return ok


class _WorkflowForm(forms.Form):
    """The revision the page was opened at: a click based on an older state of the version is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_REVISION, error_messages={
        "required": _("The form lacks its revision number. Reload the page and try again."),
        "invalid": _("The form's revision number is invalid. Reload the page and try again."),
        "min_value": _("The form's revision number is invalid. Reload the page and try again."),
        "max_value": _("The form's revision number is invalid. Reload the page and try again."),
    })

    def __init__(self, *args, version: InitiativeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["revision"].initial = version.revision


class SubmitForm(_WorkflowForm):
    """Submitting a version to the steering group; all it carries is the revision."""


class DecisionForm(_WorkflowForm):
    """A steering-group member's decision; an approval also names the goal contribution and its sub-goals."""

    outcome = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect, choices=[],
        error_messages={"required": _("Choose approve, send back or reject."),
                        "invalid_choice": _("Choose approve, send back or reject.")},
    )
    justification = forms.CharField(
        label=_("Justification"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for every decision. When you send the version back, say what must change."),
        error_messages={"required": _("Give a justification for your decision.")},
    )
    contributes_to_goal = forms.BooleanField(
        label=_("The initiative contributes to the strategy's goal: that the safety level in Aarhus stays at or "
                "above that of the other big cities"),
        required=False,
    )
    sub_goals = IdMultipleChoiceField(
        label=_("Through the sub-goals"), queryset=SubGoal.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an approval: the sub-goals through which the initiative contributes."),
        error_messages={"invalid_choice": _("Choose only sub-goals the document says the initiative contributes to."),
                        "invalid_pk_value": _("Choose only sub-goals the document says the initiative "
                                              "contributes to.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["outcome"].choices = Decision.Outcome.choices
        self.fields["sub_goals"].queryset = SubGoal.objects.filter(
            pk__in=[c.sub_goal_id for c in self.version.contributions.all()]
        )

    def clean(self):

        data = super().clean()
        if data.get("outcome") == Decision.Outcome.APPROVE:
            if not data.get("contributes_to_goal"):
                self.add_error("contributes_to_goal", forms.ValidationError(
                    _("An approval confirms that the initiative contributes to the strategy's goal."),
                    code="goal_required"))
            if not data.get("sub_goals") and "sub_goals" not in self.errors:
                self.add_error("sub_goals", forms.ValidationError(
                    _("Choose the sub-goals through which the initiative contributes."), code="sub_goals_required"))
        return data


class CompleteForm(_WorkflowForm):
    """Completing an approved initiative with its end evaluation: what worked, what did not, and a
    recommendation."""

    worked = forms.CharField(
        label=_("What worked"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Measured against the effect goals: what came of the initiative?"),
        error_messages={"required": _("Write what worked before you complete the initiative.")},
    )
    did_not_work = forms.CharField(
        label=_("What did not work"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what did not work (or that nothing failed) before you complete "
                                      "the initiative.")},
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=EndEvaluation.Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a recommendation: continue, adjust or stop.")},
    )


def _stored(value):
    """A cleaned value as the document data holds it: objects as ids, selections as sets of ids."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return frozenset(item.pk for item in value)
    return value


def document_from_forms(form: InitiativeVersionForm, contributions: BaseContributionFormSet,
                        effect_goals) -> Document:
    """What the user sent, as data for initiatives.documents (all three forms must be valid)."""
    goals = {}
    for index, goal_form in enumerate(effect_goals.forms):
        if effect_goals._should_delete_form(goal_form):
            continue
        if goal_form.instance.pk is None and not goal_form.has_changed():
            continue  # an empty box
        key = goal_form.instance.pk if goal_form.instance.pk is not None else f"new-{index}"
        goals[key] = {name: _stored(goal_form.cleaned_data.get(name))
                      for name in EFFECT_GOAL_FIELDS if name in goal_form.fields}
    return Document(
        fields={name: _stored(form.cleaned_data.get(name)) for name in DOCUMENT_FIELDS},
        contributions={f.sub_goal.pk: f.cleaned_data.get("how", "").strip()
                       for f in contributions.forms if f.cleaned_data.get("selected")},
        effect_goals=goals,
        new_partners=form.cleaned_data["new_partners"],
    )


def merged_form_data(data, document: Document, *, conflicts=()):
    """The posted form data with the document's own fields and contributions replaced by the merged ones, so
    the page shows what a save would keep (effect goals stay as typed; the merge keeps the others' changes).
    What both changed (`conflicts`, by key) stays as the user typed it, whatever they chose before: the form is
    "your value", and the choice beside it decides."""
    data = data.copy()
    as_typed = {conflict.key for conflict in conflicts}
    for name in DOCUMENT_FIELDS:
        if f"field-{name}" in as_typed:
            continue
        value = document.fields[name]
        if isinstance(value, frozenset):
            data.setlist(name, [str(pk) for pk in sorted(value)])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        elif value is None:
            data[name] = ""
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        elif isinstance(value, Decimal):
            # A number as the form's own input shows it ("62,5", not "62,500").
            data[name] = InitiativeVersionForm.base_fields[name].widget.format_value(value)
        else:
            data[name] = str(value)  # text, or an id (never with a thousands dot)
    for index, sub_goal in enumerate(SubGoal.objects.all()):
        if f"contribution-{sub_goal.pk}" in as_typed:
            continue
        how = document.contributions.get(sub_goal.pk)
        if how is None:
            data.pop(f"delmaal-{index}-selected", None)
        else:
            data[f"delmaal-{index}-selected"] = "on"
            data[f"delmaal-{index}-how"] = how
    return data
