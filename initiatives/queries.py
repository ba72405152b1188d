"""Read queries that pages share, each with a constant number of SQL queries where a page lists many rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives.models import Contribution, EffectGoal, Initiative, InitiativeVersion, LocalArea, Partner


def listed_versions():
    """The latest version of every initiative with what a list row shows: four queries for any page size."""
    return (
        InitiativeVersion.objects.current()
        .select_related("initiative", "focus_area")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("-initiative_id")
    )


def exported_versions(versions):
    """What exports may show: embargoed initiatives stay out until their date."""
    return versions.not_embargoed().select_related("municipal_contact", "police_contact").prefetch_related(
        "partners", "local_areas", "other_focus_areas"
    )


def document(initiative_pk: int) -> InitiativeVersion:
    """The initiative's latest version with everything the document page shows, or 404."""
    initiative = get_object_or_404(Initiative.objects.only("pk", "latest_version"), pk=initiative_pk)
    return get_object_or_404(
        InitiativeVersion.objects.select_related(
            "initiative__created_by", "focus_area", "municipal_contact", "police_contact", "author", "last_edited_by",
        ).prefetch_related(
            "other_focus_areas", "local_areas", "partners",
            Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")),
            Prefetch("effect_goals", queryset=EffectGoal.objects.select_related("sub_goal")),
        ),
        pk=initiative.latest_version_id,
    )


def count_per_focus_area() -> dict[int, int]:
    """Initiatives per focus area (their main one), keyed by the focus area's id."""
    rows = InitiativeVersion.objects.current().values("focus_area").annotate(n=Count("pk"))
    return {row["focus_area"]: row["n"] for row in rows}


def count_per_sub_goal() -> dict[int, int]:
    """Initiatives per sub-goal they say they contribute to, keyed by the sub-goal's id."""
    rows = (
        Contribution.objects.filter(version__initiative__latest_version=F("version"))
        .values("sub_goal")
        .annotate(n=Count("version", distinct=True))
    )
    return {row["sub_goal"]: row["n"] for row in rows}


def versions_for_focus_area(area: FocusArea):
    """The latest versions of the initiatives under a focus area, as main or further focus area."""
    return (
        listed_versions()
        .filter(Q(focus_area=area) | Q(pk__in=InitiativeVersion.other_focus_areas.through.objects.filter(
            focusarea=area).values("initiativeversion")))
        .order_by("title")
    )


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


class _Labels:
    """Turns stored values into what readers see, loading each referenced object once."""

    RELATED = {"focusarea": FocusArea, "subgoal": SubGoal, "localarea": LocalArea, "partner": Partner}

    def __init__(self):
        self._cache: dict[type, dict] = defaultdict(dict)

    def _name(self, model, pk) -> str:
        cache = self._cache[model]
        if pk not in cache:
            obj = model.objects.filter(pk=pk).first()
            cache[pk] = str(obj) if obj is not None else _("(deleted)")
        return cache[pk]

    def value(self, model_field, value) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if model_field.many_to_many:
            column = model_field.m2m_reverse_field_name()
            return ", ".join(sorted(self._name(model_field.related_model, row[column]) for row in value))
        if model_field.is_relation:
            return self._name(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, date | datetime):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return formats.localize(value) if not isinstance(value, str) else value


# Bookkeeping fields that change on every save and say nothing a reader needs.
_NOT_SHOWN = {"revision", "updated_at", "created_at", "last_edited_by", "author", "initiative", "number", "version"}


def history(initiative: Initiative) -> list[HistoryEntry]:
    """Every change to the initiative's versions, contributions and effect goals, newest first."""
    version_ids = list(initiative.versions.values_list("pk", flat=True))
    labels = _Labels()
    entries: list[HistoryEntry] = []
    sources = [
        (InitiativeVersion, InitiativeVersion.history.filter(id__in=version_ids), _version_subject),
        (Contribution, Contribution.history.filter(version_id__in=version_ids), _contribution_subject),
        (EffectGoal, EffectGoal.history.filter(version_id__in=version_ids), _effect_goal_subject),
    ]
    for model, records, subject in sources:
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type == "-":
                entry = HistoryEntry(record.history_date, record.history_user, subject(record, labels), "deleted")
            elif before is None:
                entry = HistoryEntry(record.history_date, record.history_user, subject(record, labels), "created")
                if model is not InitiativeVersion:
                    entry.changes = _changes(model, record, None, labels)
            else:
                changes = _changes(model, record, before, labels)
                if not changes:
                    continue
                entry = HistoryEntry(record.history_date, record.history_user, subject(record, labels), "changed",
                                     changes)
            entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _changes(model, record, before, labels: _Labels) -> list[Change]:
    names = [f.name for f in record.tracked_fields if f.editable and f.name not in _NOT_SHOWN]
    if before is None:
        return [
            Change(str(model._meta.get_field(name).verbose_name).capitalize(), "–",
                   labels.value(model._meta.get_field(name), getattr(record, _attname(model, name))))
            for name in names
            if getattr(record, _attname(model, name)) not in (None, "")
        ]
    delta = record.diff_against(before, included_fields=[*names, *_m2m_names(record)])
    order = {name: i for i, name in enumerate(f.name for f in model._meta.get_fields() if hasattr(f, "verbose_name"))}
    return [
        Change(
            str(model._meta.get_field(change.field).verbose_name).capitalize(),
            labels.value(model._meta.get_field(change.field), change.old),
            labels.value(model._meta.get_field(change.field), change.new),
        )
        for change in sorted(delta.changes, key=lambda c: order.get(c.field, 999))
        if change.field not in _NOT_SHOWN
    ]


def _m2m_names(record) -> list[str]:
    return [f.name for f in record._history_m2m_fields]


def _attname(model, name) -> str:
    return model._meta.get_field(name).attname


def _version_subject(record, labels) -> str:
    return _("The document, version %(number)s") % {"number": record.number}


def _contribution_subject(record, labels) -> str:
    return _("Contribution to %(sub_goal)s") % {"sub_goal": labels._name(SubGoal, record.sub_goal_id)}


def _effect_goal_subject(record, labels) -> str:
    text = record.description if len(record.description) <= 60 else record.description[:57] + "…"
    return _("Effect goal “%(text)s”") % {"text": text}


def sub_goal_numbers(version: InitiativeVersion) -> list[int]:
    return sorted(c.sub_goal.number for c in version.contributions.all())
