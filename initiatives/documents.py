"""Saving an initiative document: the version, its contributions and effect goals, all or nothing.

Services take data (`Document`), not forms. Optimistic locking with a merge: the edit form carries the revision
it was opened at. If someone saved in between, the document as it was at that revision is rebuilt from the
history and merged three ways with what is stored now and what the user sent: what only the other person
changed is kept, what only this user changed is saved, and what both changed is a `Conflict` the user decides
field by field (`EditConflict`), before anything is written.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

import datacache
from indicators.models import SubGoal
from initiatives.changes import Labels, label_of, short, values_of
from initiatives.models import Contribution, EffectGoal, Initiative, InitiativeVersion, Partner
from initiatives.permissions import edit_refusal

# The document's own fields, as the edit form offers them.
DOCUMENT_FIELDS = [
    "title",
    "summary",
    "description",
    "focus_area",
    "other_focus_areas",
    "basis",
    "evidence_summary",
    "evidence_references",
    "learning_question",
    "responsibility",
    "municipal_contact",
    "police_contact",
    "target_group",
    "whole_municipality",
    "local_areas",
    "partners",
    "start_date",
    "end_date",
    "budget",
    "funding_source",
    "origin",
    "embargo_until",
    "embargo_reason",
]
# What an effect goal holds besides its version: every field a user edits.
EFFECT_GOAL_FIELDS = [
    f.name for f in EffectGoal._meta.concrete_fields if f.editable and f.name not in {"id", "version"}
]


@dataclass
class Document:
    """An initiative document as data: relations as ids, many-to-many fields as sets of ids."""

    fields: dict
    contributions: dict  # sub-goal id → how the initiative contributes
    effect_goals: dict  # effect goal id, or "new-N" for one not saved yet → its field values
    new_partners: list = field(default_factory=list)  # names typed for the managed list


@dataclass
class Conflict:
    key: str
    label: str
    theirs: str
    mine: str
    seen: str = ""  # a token of `theirs`: a choice made against another value of theirs does not count
    choice: str | None = None  # what the user chose before ("theirs" or "mine"), shown pre-selected
    settled: bool = False  # the choice was made against the value that is stored now
    removed: bool = False  # they deleted it (an effect goal): the choice is keeping yours or the deletion

    @property
    def changed_again(self) -> bool:
        return self.choice is not None and not self.settled


@dataclass
class Merge:
    document: Document
    conflicts: list[Conflict]  # what both changed, settled by a choice or not
    their_changes: list[str]  # labels of what the others changed and the merge keeps
    others: list  # who saved in between (users)

    @property
    def unsettled(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.settled]


class EditConflict(Exception):
    """Both the user and someone who saved in between changed the same fields; nothing was written."""

    def __init__(self, merge: Merge, current: InitiativeVersion):
        super().__init__("edit conflict")
        self.merge = merge
        self.current = current


class NotEditable(Exception):
    """The version left draft/returned while the user was editing (e.g. it was submitted)."""


class InvalidRevision(Exception):
    """The form claims a revision the version never had: it was tampered with."""


def document_of(version: InitiativeVersion) -> Document:
    values = values_of(version)
    return Document(
        fields={name: values[name] for name in DOCUMENT_FIELDS},
        contributions={c.sub_goal_id: c.how for c in version.contributions.all()},
        effect_goals={g.pk: _goal_values(g) for g in version.effect_goals.all()},
    )


def _goal_values(goal) -> dict:
    values = values_of(goal)
    return {name: values[name] for name in EFFECT_GOAL_FIELDS}


def document_at(version: InitiativeVersion, revision: int) -> tuple[Document | None, list]:
    """The document as it was at `revision` (None if the history does not reach back to it), and who saved it
    since. Each save writes one version record first, then its contributions and effect goals: so the state at
    a revision is everything recorded before the next save's version record."""
    records = InitiativeVersion.history.filter(id=version.pk).order_by("history_date", "history_id")
    base = records.filter(revision__lte=revision).last()
    if base is None:
        return None, []
    later = list(records.filter(history_date__gt=base.history_date).select_related("history_user"))
    cut = later[0].history_date if later else None
    others = list({r.history_user_id: r.history_user for r in later if r.history_user_id}.values())
    values = values_of(base)
    document = Document(fields={name: values[name] for name in DOCUMENT_FIELDS}, contributions={}, effect_goals={})
    for model, target in ((Contribution, document.contributions), (EffectGoal, document.effect_goals)):
        rows = model.history.filter(version_id=version.pk).order_by("history_date", "history_id")
        if cut is not None:
            rows = rows.filter(history_date__lt=cut)
        for record in rows:
            key = record.sub_goal_id if model is Contribution else record.id
            if record.history_type == "-":
                target.pop(key, None)
            else:
                target[key] = record.how if model is Contribution else _goal_values(record)
    return document, others


_UNKNOWN = object()  # a base value the history cannot tell: every difference is then shown as a conflict


def _three_way(base, theirs, mine):
    """The merged value, and whether both sides changed it differently."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def seen_token(shown: str) -> str:
    """A short token of the value of theirs a user was shown, sent back with their choice."""
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


def merge(base: Document | None, theirs: Document, mine: Document, *, choices=None, seen=None, others=()) -> Merge:
    """Three-way merge of the document the user opened (`base`), the stored one and the user's.

    `choices` settles conflicts the user has seen: conflict key → "theirs" or "mine"; `seen` (conflict key →
    `seen_token`) says against which value of theirs. A choice made against a value that has changed again since
    settles nothing: the conflict is shown again with the earlier choice pre-selected, so nothing is overwritten
    without being shown. Settled conflicts stay in the list, so a further conflict shows every choice again.
    """
    choices, seen = choices or {}, seen or {}
    labels = Labels()
    merged = Document(fields={}, contributions={}, effect_goals={}, new_partners=list(mine.new_partners))
    conflicts, their_changes = [], []

    def settle(key, label, base_value, their_value, my_value, show):
        value, conflict = _three_way(base_value, their_value, my_value)
        if not conflict:
            if their_value != base_value and value == their_value and my_value != their_value:
                their_changes.append(label)
            return value
        shown = show(their_value)
        token = seen_token(shown)
        choice = choices.get(key) if choices.get(key) in ("theirs", "mine") else None
        settled = choice is not None and seen.get(key, token) == token
        conflicts.append(
            Conflict(
                key,
                label,
                shown,
                show(my_value),
                seen=token,
                choice=choice,
                settled=settled,
                removed=their_value is None and key.startswith("goal-"),
            )
        )
        return their_value if settled and choice == "theirs" else my_value

    def base_of(mapping, key):
        return _UNKNOWN if base is None else mapping(base).get(key)

    for name in DOCUMENT_FIELDS:
        model_field = InitiativeVersion._meta.get_field(name)
        merged.fields[name] = settle(
            f"field-{name}",
            label_of(InitiativeVersion, name),
            base_of(lambda d: d.fields, name),
            theirs.fields[name],
            mine.fields[name],
            lambda v, f=model_field: labels.value(f, v),
        )

    sub_goals = {s.pk: s for s in SubGoal.objects.all()}
    for pk in sorted(sub_goals):
        how = settle(
            f"contribution-{pk}",
            _("Contribution to %(sub_goal)s") % {"sub_goal": sub_goals[pk]},
            base_of(lambda d: d.contributions, pk),
            theirs.contributions.get(pk),
            mine.contributions.get(pk),
            lambda v: v if v is not None else _("(not chosen)"),
        )
        if how is not None:
            merged.contributions[pk] = how

    goal_ids = sorted(
        k
        for k in {*theirs.effect_goals, *mine.effect_goals, *(base.effect_goals if base else {})}
        if isinstance(k, int)
    )
    for pk in goal_ids:
        b = base_of(lambda d: d.effect_goals, pk)
        t, m = theirs.effect_goals.get(pk), mine.effect_goals.get(pk)
        some = t or m or b
        title = _("Effect goal “%(text)s”") % {"text": short(some["description"])}
        if b is _UNKNOWN or None in (b, t, m) or m == b or t == b:
            goal = settle(f"goal-{pk}", title, b, t, m, lambda v: _goal_summary(v, labels))
        else:  # both kept the goal and changed it: merge it field by field
            goal = {}
            for name in EFFECT_GOAL_FIELDS:
                model_field = EffectGoal._meta.get_field(name)
                goal[name] = settle(
                    f"goal-{pk}-{name}",
                    f"{title}: {label_of(EffectGoal, name)}",
                    b.get(name),
                    t.get(name),
                    m.get(name, b.get(name)),
                    lambda v, f=model_field: labels.value(f, v),
                )
        if goal is not None:
            merged.effect_goals[pk] = goal
    merged.effect_goals.update({k: v for k, v in mine.effect_goals.items() if not isinstance(k, int)})
    return Merge(merged, conflicts, their_changes, list(others))


def _goal_summary(values, labels: Labels) -> str:
    if values is None or values is _UNKNOWN:
        return _("(removed)") if values is None else "–"
    parts = [
        f"{label_of(EffectGoal, name)}: {labels.value(EffectGoal._meta.get_field(name), values[name])}"
        for name in EFFECT_GOAL_FIELDS
        if values.get(name) not in (None, "")
    ]
    return "\n".join(parts)


@transaction.atomic
def create_document(document: Document, *, by) -> InitiativeVersion:
    """A new initiative with its first version, a draft written by `by`."""
    initiative = Initiative.objects.create(created_by=by)
    version = InitiativeVersion(initiative=initiative, author=by)
    _write(version, document, by)
    Initiative.objects.filter(pk=initiative.pk).update(latest_version=version)
    datacache.bump()  # a queryset update sends no signal
    initiative.latest_version = version
    return version


@transaction.atomic
def save_edit(
    version: InitiativeVersion, mine: Document, *, base_revision: int, by, choices=None, seen=None
) -> Merge | None:
    """Save the user's edit of the working version, opened at `base_revision`.

    Returns None when nobody saved in between, else the merge that was saved (what the others changed is kept).
    Raises EditConflict (both changed the same fields, not all settled by `choices`), NotEditable or
    InvalidRevision, writing nothing.
    """
    current = InitiativeVersion.objects.select_for_update().get(pk=version.pk)
    if not current.is_editable:
        raise NotEditable(edit_refusal(current))
    if base_revision > current.revision:
        raise InvalidRevision
    result = None
    document = mine
    if base_revision != current.revision:
        base, others = document_at(current, base_revision)
        result = merge(base, document_of(current), mine, choices=choices, seen=seen, others=others)
        if result.unsettled:
            raise EditConflict(result, current)
        document = result.document
    InitiativeVersion.objects.filter(pk=current.pk).update(revision=F("revision") + 1)
    datacache.bump()  # a queryset update sends no signal
    current.revision += 1
    _write(current, document, by)
    return result


def save_version(version: InitiativeVersion, *, by, m2m: dict) -> None:
    """Save a version and set its many-to-many fields with one history record, taken after they are set
    (simple-history would otherwise record the version before its many-to-many fields)."""
    version.skip_history_when_saving = True
    version.save()
    for name, values in m2m.items():
        getattr(version, name).set(values)
    del version.skip_history_when_saving
    version._history_user = by
    version.save()


def _write(version: InitiativeVersion, document: Document, by) -> None:
    m2m = {}
    for name, value in document.fields.items():
        model_field = InitiativeVersion._meta.get_field(name)
        if model_field.many_to_many:
            m2m[name] = set(value)
        else:
            setattr(version, model_field.attname, value)
    m2m["partners"] |= {_partner_named(name, by).pk for name in document.new_partners}
    version.last_edited_by = by
    version.updated_at = timezone.now()
    save_version(version, by=by, m2m=m2m)
    _write_contributions(version, document.contributions, by)
    _write_effect_goals(version, document.effect_goals, by)


def _partner_named(name: str, by) -> Partner:
    existing = Partner.objects.filter(name__iexact=name).first()
    return existing or Partner.objects.create(name=name, added_by=by)


def _write_contributions(version: InitiativeVersion, contributions: dict, by) -> None:
    def write(contribution: Contribution, how: str) -> bool:
        changed = contribution.how != how
        contribution.how = how
        return changed

    _write_rows(
        {c.sub_goal_id: c for c in version.contributions.all()},
        contributions,
        lambda sub_goal_id: Contribution(version=version, sub_goal_id=sub_goal_id),
        write,
        by,
    )


def _write_effect_goals(version: InitiativeVersion, goals: dict, by) -> None:
    def write(goal: EffectGoal, values: dict) -> bool:
        changed = goal.pk is None or _goal_values(goal) != values
        for name, value in values.items():
            setattr(goal, EffectGoal._meta.get_field(name).attname, value)
        return changed

    _write_rows(
        {g.pk: g for g in version.effect_goals.all()}, goals, lambda _key: EffectGoal(version=version), write, by
    )


def _write_rows(existing: dict, wanted: dict, new, write, by) -> None:
    """Make a version's rows (contributions, effect goals) what the document says: rows it no longer names are
    deleted, new and changed ones saved, unchanged ones left alone, so the history shows only real changes, each
    with its author."""
    for key, row in existing.items():
        if key not in wanted:
            row._history_user = by
            row.delete()
    for key, values in wanted.items():
        row = existing.get(key) or new(key)
        if write(row, values) or row.pk is None:
            row._history_user = by
            row.save()
