"""Forms of follow-up. They check input and give Danish messages; the services in records.py save."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from followup import attachments
from followup.models import LearningNote, StatusReport
from followup.permissions import SECTIONS
from formatting.widgets import NumberInput
from initiatives.forms import DateInput
from initiatives.models import EffectGoal, InitiativeVersion


class RecordForm(forms.Form):
    """A follow-up on one goal: a number in the goal's unit, or an observation (with an optional file)."""

    date = forms.DateField(
        label=_("Date"), widget=DateInput(), help_text=_("The day the figure or observation applies to.")
    )
    value = forms.DecimalField(
        label=_("Value"),
        required=False,
        max_digits=14,
        decimal_places=3,
        localize=True,
        widget=NumberInput(),
        error_messages={"invalid": _("Write a number, e.g. 12,5, without the unit.")},
    )
    observation = forms.CharField(
        label=_("Observation"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(
        label=_("Attached file (optional)"),
        required=False,
        help_text=_("PDF, Word (DOCX) or Excel (XLSX), at most 5 MB."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What does this figure or observation tell us? A sentence or two."),
        error_messages={"required": _("Write a short comment: what does this tell us?")},
    )
    source = forms.CharField(label=_("Source or method"), required=False, max_length=300)
    confirm_date = forms.BooleanField(label=_("Yes, the date is right"), required=False)

    def __init__(self, *args, goal: EffectGoal, version: InitiativeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal, self.version = goal, version
        if goal.is_quantitative:
            self.fields["value"].required = True
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": goal.unit} if goal.unit else _("Value")
            self.fields["value"].error_messages["required"] = _("Give the measured value.")
        else:
            self.fields["observation"].required = True
            self.fields["observation"].error_messages["required"] = _("Describe what was observed.")
        self.needs_confirmation = False

    @property
    def shown_fields(self) -> list:
        hidden = {"observation", "attachment"} if self.goal.is_quantitative else {"value"}
        if not self.needs_confirmation:
            hidden.add("confirm_date")
        return [self[name] for name in self.fields if name not in hidden]

    def clean(self):
        data = super().clean()
        if self.goal.is_quantitative:
            if data.get("observation") or data.get("attachment"):
                self.add_error(
                    "observation",
                    _(
                        "This goal is followed up with numbers: give the value in "
                        "%(unit)s and put your words in the comment."
                    )
                    % {"unit": self.goal.unit or _("the goal's unit")},
                )
        elif data.get("value") is not None or self.data.get("value", "").strip():
            self.add_error(
                "value",
                _(
                    "This goal is followed up qualitatively: describe the observation in words; "
                    "a number cannot be recorded on it."
                ),
            )
        upload = data.get("attachment")
        if upload:
            refusal = attachments.refusal(upload)
            if refusal:
                self.add_error("attachment", refusal)
        day = data.get("date")
        if day and not data.get("confirm_date"):
            warning = date_warning(day, self.version)
            if warning:
                self.needs_confirmation = True
                self.add_error("confirm_date", warning)
        return data


def date_warning(day: datetime.date, version: InitiativeVersion) -> str | None:
    """Why a record's date needs the user's confirmation (future, or outside the initiative's period)."""
    if day > timezone.localdate():
        return _("The date %(date)s is in the future. Tick the box if it is right, or correct the date.") % {
            "date": date_format(day, "DATE_FORMAT")
        }
    if (version.start_date and day < version.start_date) or (version.end_date and day > version.end_date):
        return _(
            "The date %(date)s lies outside the initiative's period. Tick the box if it is right, or correct the date."
        ) % {"date": date_format(day, "DATE_FORMAT")}
    return None


class LearningNoteForm(forms.ModelForm):
    class Meta:
        model = LearningNote
        fields = ["date", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("Write what was learned.")}}


class ReportSectionForm(forms.ModelForm):
    """The written sections of the report this user may write (the others are not on the form), each with the text
    it started from (hidden), so a colleague's change meanwhile is never silently overwritten (report_sections)."""

    class Meta:
        model = StatusReport
        fields = list(SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in SECTIONS}

    def __init__(self, *args, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in sections:
                del self.fields[name]
        for name in sections:
            self.fields[f"started_from_{name}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=getattr(self.instance, name)
            )

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SECTIONS if name in self.fields}

    def started_from(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"started_from_{name}", "") for name in SECTIONS if name in self.fields}
