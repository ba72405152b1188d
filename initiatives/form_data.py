"""Between the document forms and the data the services take (initiatives.documents.Document): what the user
sent, as data, and a merged document back as form data for the conflict page."""

from decimal import Decimal

from indicators.models import SubGoal
from initiatives.documents import DOCUMENT_FIELDS, EFFECT_GOAL_FIELDS, Document
from initiatives.forms import InitiativeVersionForm
from initiatives.goal_forms import BaseContributionFormSet


def _stored(value):
    """A cleaned value as the document data holds it: objects as ids, selections as sets of ids."""
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return frozenset(item.pk for item in value)
    return value


def document_from_forms(form: InitiativeVersionForm, contributions: BaseContributionFormSet, effect_goals) -> Document:
    """What the user sent, as data for initiatives.documents (all three forms must be valid)."""
    goals = {}
    for index, goal_form in enumerate(effect_goals.forms):
        if effect_goals._should_delete_form(goal_form):
            continue
        if goal_form.instance.pk is None and not goal_form.has_changed():
            continue  # an empty box
        key = goal_form.instance.pk if goal_form.instance.pk is not None else f"new-{index}"
        goals[key] = {
            name: _stored(goal_form.cleaned_data.get(name)) for name in EFFECT_GOAL_FIELDS if name in goal_form.fields
        }
    return Document(
        fields={name: _stored(form.cleaned_data.get(name)) for name in DOCUMENT_FIELDS},
        contributions={
            f.sub_goal.pk: f.cleaned_data.get("how", "").strip()
            for f in contributions.forms
            if f.cleaned_data.get("selected")
        },
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
