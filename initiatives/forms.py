"""The initiative document form, and the error summary over it and its formsets (initiatives/goal_forms.py).

Every rule a user can break by typing lives here and reports on the field concerned; `state` is never a
field of any of these forms (only the approval workflow changes it).
"""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from focusareas.models import FocusArea
from formatting.widgets import NumberInput
from initiatives import completeness
from initiatives.documents import DOCUMENT_FIELDS
from initiatives.models import InitiativeVersion, LocalArea, Partner

MAX_NEW_PARTNERS = 10
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
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
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
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_REVISION,
        error_messages={
            "required": _("The form lacks its revision number. Reload the page and enter your changes again."),
            "invalid": _("The form's revision number is invalid. Reload the page and enter your changes again."),
            "min_value": _("The form's revision number is invalid. Reload the page and enter your changes again."),
            "max_value": _("The form's revision number is invalid. Reload the page and enter your changes again."),
        },
    )
    new_partners = forms.CharField(
        label=_("Other partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
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
        # The document's required fields other than the title may stay empty in a draft; the mark says they must
        # be filled in before submission.
        for name in (
            *(name for name in completeness.REQUIRED if name != "title"),
            "evidence_summary",
            "evidence_references",
            "learning_question",
            "municipal_contact",
            "police_contact",
            "embargo_reason",
        ):
            field = self.fields[name]
            field.label = format_html('{} <span class="asteriskField" aria-hidden="true">*</span>', field.label)
        self.helper = _no_form_tag_helper()
        self.helper.layout = Layout(
            "revision",
            Fieldset(
                _("The initiative"), "title", "summary", "description", "focus_area", "other_focus_areas", "origin"
            ),
            Fieldset(_("Basis"), "basis", "evidence_summary", "evidence_references", "learning_question"),
            Fieldset(_("Responsibility"), "responsibility", "municipal_contact", "police_contact"),
            Fieldset(
                _("Target group, geography and partners"),
                "target_group",
                "whole_municipality",
                "local_areas",
                "partners",
                "new_partners",
            ),
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
                    params={"name": name[:40]},
                    code="partner_too_long",
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
            # What is missing is listed on the draft's page; only a contradiction stops the save. A field that
            # is already wrong says so once.
            if problem.code in completeness.CONTRADICTIONS and problem.field not in self.errors:
                self.add_error(problem.field, forms.ValidationError(problem.message, code=problem.code))
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
        # In the order the page shows the fields (errors are collected in the order they were found, and the
        # rules across fields run last).
        helper = getattr(bound_form, "helper", None)
        shown = [p.name for p in helper.layout.get_field_names()] if helper and helper.layout else []
        order = [*shown, *(name for name in bound_form.fields if name not in shown)]
        for name in order:
            errors = bound_form.errors.get(name)
            if not errors or isinstance(bound_form.fields[name].widget, forms.HiddenInput):
                continue
            field = bound_form[name]
            label = strip_tags(str(field.label or "")).removesuffix("*").strip()  # without the required mark
            links.extend(ErrorLink(prefix + label, str(e), field.id_for_label) for e in errors)

    add(form, "")
    # Errors of a whole formset lead to its first box.
    links.extend(ErrorLink(_("Sub-goals"), str(e), "id_delmaal-0-selected") for e in contributions.non_form_errors())
    for sub_form in contributions.forms:
        add(sub_form, f"{sub_form.sub_goal}: ")
    links.extend(
        ErrorLink(_("Effect goals"), str(e), "id_effektmaal-0-description") for e in effect_goals.non_form_errors()
    )
    for index, goal_form in enumerate(effect_goals.forms, start=1):
        add(goal_form, _("Effect goal %(number)s") % {"number": index} + ": ")
    return links
