"""Saving an initiative document: the version, its contributions and effect goals, all or nothing.

Optimistic locking: the edit form carries the revision it was loaded at. The save raises the revision only if
it is still that value (one conditional UPDATE, atomic on SQLite and PostgreSQL alike); otherwise someone else
saved in between and `EditConflict` is raised before anything is written.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from initiatives.forms import BaseContributionFormSet, InitiativeVersionForm
from initiatives.models import Contribution, Initiative, InitiativeVersion, Partner
from initiatives.permissions import edit_refusal


class EditConflict(Exception):
    """Someone saved the version after this user opened it; `current` is the version as saved now."""

    def __init__(self, current: InitiativeVersion):
        super().__init__("edit conflict")
        self.current = current


class NotEditable(Exception):
    """The version left draft/returned while the user was editing (e.g. it was submitted)."""


@transaction.atomic
def save_document(
    *, form: InitiativeVersionForm, contributions: BaseContributionFormSet, effect_goals, by
) -> InitiativeVersion:
    """Create a new initiative (when the form's instance is unsaved) or save an edit of its working version.

    All three forms must be valid. Raises EditConflict or NotEditable, leaving the database untouched.
    """
    version = form.instance
    creating = version.pk is None
    if creating:
        initiative = Initiative.objects.create(created_by=by)
        version.initiative = initiative
        version.author = by
    else:
        current = InitiativeVersion.objects.select_for_update().get(pk=version.pk)
        if not current.is_editable:
            raise NotEditable(edit_refusal(current))
        expected = form.cleaned_data["revision"]
        claimed = InitiativeVersion.objects.filter(pk=version.pk, revision=expected).update(
            revision=F("revision") + 1
        )
        if not claimed:
            raise EditConflict(current)
        version.revision = expected + 1
        # The workflow may have moved the state meanwhile (e.g. draft -> submitted -> returned); keep its word.
        version.state = current.state

    version = form.save(commit=False)
    version.last_edited_by = by
    version.updated_at = timezone.now()
    # One history record per save, taken after the many-to-many fields are set, instead of one per field.
    version.skip_history_when_saving = True
    version.save()
    form.save_m2m()
    new_partners = [_partner_named(name, by) for name in form.cleaned_data["new_partners"]]
    if new_partners:
        version.partners.add(*new_partners)
    del version.skip_history_when_saving
    version._history_user = by
    version.save()

    if creating:
        Initiative.objects.filter(pk=version.initiative_id).update(latest_version=version)
        version.initiative.latest_version = version

    _save_contributions(version, contributions, by)
    effect_goals.instance = version
    for goal in effect_goals.save(commit=False):
        goal._history_user = by
        goal.save()
    for goal in effect_goals.deleted_objects:
        goal._history_user = by
        goal.delete()
    return version


def _partner_named(name: str, by) -> Partner:
    existing = Partner.objects.filter(name__iexact=name).first()
    return existing or Partner.objects.create(name=name, added_by=by)


def _save_contributions(version: InitiativeVersion, formset: BaseContributionFormSet, by) -> None:
    existing = {c.sub_goal_id: c for c in version.contributions.all()}
    for form in formset.forms:
        contribution = existing.get(form.sub_goal.pk)
        how = form.cleaned_data.get("how", "").strip()
        if form.cleaned_data.get("selected"):
            if contribution is None:
                contribution = Contribution(version=version, sub_goal=form.sub_goal)
            elif contribution.how == how:
                continue
            contribution.how = how
            contribution._history_user = by
            contribution.save()
        elif contribution is not None:
            contribution._history_user = by
            contribution.delete()
