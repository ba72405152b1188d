"""The approval workflow's forms: submitting, a steering-group member's decision, and completing with the end
evaluation. Each carries the revision the page was opened at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import SubGoal
from initiatives.forms import MAX_REVISION, IdMultipleChoiceField
from initiatives.models import Decision, EndEvaluation, InitiativeVersion


class _WorkflowForm(forms.Form):
    """The revision the page was opened at: a click based on an older state of the version is refused."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_REVISION,
        error_messages={
            "required": _("The form lacks its revision number. Reload the page and try again."),
            "invalid": _("The form's revision number is invalid. Reload the page and try again."),
            "min_value": _("The form's revision number is invalid. Reload the page and try again."),
            "max_value": _("The form's revision number is invalid. Reload the page and try again."),
        },
    )

    def __init__(self, *args, version: InitiativeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["revision"].initial = version.revision


class SubmitForm(_WorkflowForm):
    """Submitting a version to the steering group; all it carries is the revision."""


class DecisionForm(_WorkflowForm):
    """A steering-group member's decision; an approval also names the goal contribution and its sub-goals."""

    outcome = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": _("Choose approve, send back or reject."),
            "invalid_choice": _("Choose approve, send back or reject."),
        },
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for every decision. When you send the version back, say what must change."),
        error_messages={"required": _("Give a justification for your decision.")},
    )
    contributes_to_goal = forms.BooleanField(
        label=_(
            "The initiative contributes to the strategy's goal: that the safety level in Aarhus stays at or "
            "above that of the other big cities"
        ),
        required=False,
    )
    sub_goals = IdMultipleChoiceField(
        label=_("Through the sub-goals"),
        queryset=SubGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an approval: the sub-goals through which the initiative contributes."),
        error_messages={
            "invalid_choice": _("Choose only sub-goals the document says the initiative contributes to."),
            "invalid_pk_value": _("Choose only sub-goals the document says the initiative contributes to."),
        },
    )

    publish = forms.BooleanField(
        label=_("Publish the initiative on the public pages"),
        required=False,
        help_text=_(
            "Only when every approving member says so. The title, summary, description, focus areas, sub-goals, "
            "target group, places, partners and dates are shown; an embargo in force always keeps it off."
        ),
    )
    publish_contacts = forms.BooleanField(label=_("Show the contact persons publicly"), required=False)
    publish_budget = forms.BooleanField(label=_("Show the budget and its funding source publicly"), required=False)

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
                self.add_error(
                    "contributes_to_goal",
                    forms.ValidationError(
                        _("An approval confirms that the initiative contributes to the strategy's goal."),
                        code="goal_required",
                    ),
                )
            if not data.get("sub_goals") and "sub_goals" not in self.errors:
                self.add_error(
                    "sub_goals",
                    forms.ValidationError(
                        _("Choose the sub-goals through which the initiative contributes."), code="sub_goals_required"
                    ),
                )
        return data


class CompleteForm(_WorkflowForm):
    """Completing an approved initiative with its end evaluation: what worked, what did not, and a
    recommendation."""

    worked = forms.CharField(
        label=_("What worked"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Measured against the effect goals: what came of the initiative?"),
        error_messages={"required": _("Write what worked before you complete the initiative.")},
    )
    did_not_work = forms.CharField(
        label=_("What did not work"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write what did not work (or that nothing failed) before you complete the initiative.")
        },
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=EndEvaluation.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a recommendation: continue, adjust or stop.")},
    )
