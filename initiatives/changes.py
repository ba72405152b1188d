"""What changed in an initiative document: its history (record by record) and a new version against the
approved one. Both compare two states of the same objects field by field with one function, `field_changes`."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from formatting.numbers import format_number
from indicators.models import SubGoal
from initiatives.models import Contribution, EffectGoal, Initiative, InitiativeVersion


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    subject: str
    action: str  # "created", "changed" or "deleted"
    changes: list[Change] = field(default_factory=list)


class Labels:
    """Turns stored values into what readers see, loading each referenced object once."""

    def __init__(self):
        self._cache: dict[type, dict] = defaultdict(dict)

    def name(self, model, pk) -> str:
        cache = self._cache[model]
        if pk not in cache:
            obj = model.objects.filter(pk=pk).first()
            cache[pk] = str(obj) if obj is not None else _("(deleted)")
        return cache[pk]

    def value(self, model_field, value) -> str:
        """`value` as stored: an id for a relation, a collection of ids for a many-to-many field."""
        if value is None or value == "" or value == [] or value == frozenset():
            return "–"
        if model_field.many_to_many:
            return ", ".join(sorted(self.name(model_field.related_model, pk) for pk in value))
        if model_field.is_relation:
            return self.name(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, date | datetime):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, Decimal):
            return format_number(value)
        return formats.localize(value) if not isinstance(value, str) else value


# Bookkeeping fields that change on every save and say nothing a reader needs. The state is left out too: the
# workflow changes it without a history record, and the timeline shows it. An effect goal's lineage is an
# internal identifier (a UUID) that ties its copies together; no page shows it.
NOT_SHOWN = {
    "id",
    "revision",
    "updated_at",
    "created_at",
    "last_edited_by",
    "author",
    "initiative",
    "number",
    "version",
    "state",
    "copied_from",
    "lineage",
}


def label_of(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def field_changes(model, old: dict | None, new: dict, labels: Labels, prefix: str = "") -> list[Change]:
    """Field by field, in the model's order, what differs between two states (field name → stored value; a
    many-to-many field as a set of ids). `old` None means the object was created: its filled fields."""
    changes = []
    for model_field in model._meta.get_fields():
        name = model_field.name
        if name in NOT_SHOWN or name not in new:
            continue
        before = old.get(name) if old is not None else None
        if old is None and new[name] in (None, "", frozenset()):
            continue
        if old is not None and before == new[name]:
            continue
        changes.append(
            Change(
                prefix + label_of(model, name), labels.value(model_field, before), labels.value(model_field, new[name])
            )
        )
    return changes


def values_of(obj) -> dict:
    """An object's (or a history record's) stored values by field name; many-to-many fields as sets of ids."""
    model = getattr(obj, "instance_type", type(obj))
    values = {f.name: getattr(obj, f.attname) for f in model._meta.concrete_fields if hasattr(obj, f.attname)}
    for model_field in model._meta.many_to_many:
        values[model_field.name] = _m2m_ids(obj, model_field)
    return values


def _m2m_ids(obj, model_field) -> frozenset:
    if hasattr(obj, "instance_type"):  # a history record keeps its own rows of the ids as they were
        column = model_field.m2m_reverse_field_name() + "_id"
        return frozenset(getattr(obj, model_field.name).values_list(column, flat=True))
    return frozenset(o.pk for o in getattr(obj, model_field.name).all())


def history(initiative: Initiative) -> list[HistoryEntry]:
    """Every change to the initiative's versions, contributions and effect goals, newest first."""
    version_ids = list(initiative.versions.values_list("pk", flat=True))
    labels = Labels()
    entries: list[HistoryEntry] = []
    sources = [
        (InitiativeVersion, InitiativeVersion.history.filter(id__in=version_ids), _version_subject),
        (Contribution, Contribution.history.filter(version_id__in=version_ids), _contribution_subject),
        (EffectGoal, EffectGoal.history.filter(version_id__in=version_ids), _effect_goal_subject),
    ]
    for model, records, subject in sources:
        previous: dict[int, dict] = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            now = values_of(record)
            previous[record.id] = now
            if record.history_type == "-":
                entry = HistoryEntry(record.history_date, record.history_user, subject(record, labels), "deleted")
            elif before is None:
                entry = HistoryEntry(record.history_date, record.history_user, subject(record, labels), "created")
                if model is not InitiativeVersion:
                    entry.changes = field_changes(model, None, now, labels)
            else:
                changes = field_changes(model, before, now, labels)
                if not changes:
                    continue
                entry = HistoryEntry(
                    record.history_date, record.history_user, subject(record, labels), "changed", changes
                )
            entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _version_subject(record, labels) -> str:
    return _("The document, version %(number)s") % {"number": record.number}


def _contribution_subject(record, labels) -> str:
    return _("Contribution to %(sub_goal)s") % {"sub_goal": labels.name(SubGoal, record.sub_goal_id)}


def _effect_goal_subject(record, labels) -> str:
    return _("Effect goal “%(text)s”") % {"text": short(record.description)}


def short(text: str) -> str:
    """An effect goal's description cut to name it in a list of changes or conflicts."""
    return text if len(text) <= 60 else text[:57] + "…"


def revision_changes(approved: InitiativeVersion, proposed: InitiativeVersion) -> list[Change]:
    """What the proposed version changes in the approved one, field by field; an effect goal's changes are
    listed per field, so one changed number shows as that number alone."""
    labels = Labels()
    changes = field_changes(InitiativeVersion, values_of(approved), values_of(proposed), labels)
    old_contributions = {c.sub_goal.number: c for c in approved.contributions.all()}
    new_contributions = {c.sub_goal.number: c for c in proposed.contributions.all()}
    for number in sorted(old_contributions.keys() | new_contributions.keys()):
        old, new = old_contributions.get(number), new_contributions.get(number)
        if old is None or new is None or old.how != new.how:
            changes.append(
                Change(
                    _("Contribution to %(sub_goal)s") % {"sub_goal": (old or new).sub_goal},
                    old.how if old else "–",
                    new.how if new else "–",
                )
            )
    old_goals, new_goals = list(approved.effect_goals.all()), list(proposed.effect_goals.all())
    for index in range(max(len(old_goals), len(new_goals))):
        prefix = _("Effect goal %(number)s") % {"number": index + 1} + ": "
        old = values_of(old_goals[index]) if index < len(old_goals) else None
        new = values_of(new_goals[index]) if index < len(new_goals) else None
        if new is None:
            changes.append(Change(prefix + _("removed"), old_goals[index].description, "–"))
        else:
            changes.extend(field_changes(EffectGoal, old, new, labels, prefix=prefix))
    return changes
