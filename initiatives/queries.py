"""Read queries that pages share, each with a constant number of SQL queries where a page lists many rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives.models import (
    Contribution,
    Decision,
    EffectGoal,
    Event,
    Initiative,
    InitiativeVersion,
    LocalArea,
    Partner,
)


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


def _documents():
    return InitiativeVersion.objects.select_related(
        "initiative__created_by", "focus_area", "municipal_contact", "police_contact", "author", "last_edited_by",
    ).prefetch_related(
        "other_focus_areas", "local_areas", "partners",
        Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")),
        Prefetch("effect_goals", queryset=EffectGoal.objects.select_related("sub_goal")),
    )


def document(initiative_pk: int) -> InitiativeVersion:
    """The initiative's latest version with everything the document page shows, or 404."""
    initiative = get_object_or_404(Initiative.objects.only("pk", "latest_version"), pk=initiative_pk)
    return get_object_or_404(_documents(), pk=initiative.latest_version_id)


def version_document(initiative_pk: int, number: int) -> InitiativeVersion:
    """One exact version of an initiative, as it was written and decided on, or 404."""
    return get_object_or_404(_documents(), initiative_id=initiative_pk, number=number)


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
# The state is left out too: the workflow changes it without a history record, and the timeline shows it.
_NOT_SHOWN = {
    "revision", "updated_at", "created_at", "last_edited_by", "author", "initiative", "number", "version", "state",
}


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


# The approval workflow's pages.

State = InitiativeVersion.State


@dataclass
class ApprovedInitiative:
    """An approved initiative as the goal page lists it under a sub-goal."""

    initiative_id: int
    title: str
    embargo_until: date | None = None

    @property
    def is_embargoed(self) -> bool:
        """Marked like a version, e.g. with initiatives/_embargo.html."""
        return self.embargo_until is not None and timezone.localdate() < self.embargo_until

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("initiatives:detail", args=[self.initiative_id])


def approved_by_sub_goal() -> dict[int, list[ApprovedInitiative]]:
    """Initiatives in force per sub-goal number, from the contributions of their approved version (one query).

    Completed initiatives no longer serve a sub-goal and are left out; a pending revision changes nothing
    until it is approved.
    """
    rows = (
        Contribution.objects.filter(
            version__initiative__approved_version=F("version"), version__state=State.APPROVED,
        )
        .order_by("sub_goal__number", "version__title", "version__initiative_id")
        .values_list("sub_goal__number", "version__initiative_id", "version__title", "version__embargo_until")
    )
    result: dict[int, list[ApprovedInitiative]] = defaultdict(list)
    for number, initiative_id, title, embargo_until in rows:
        result[number].append(ApprovedInitiative(initiative_id, title, embargo_until))
    return dict(result)


def steering_group_members():
    """Active users who may decide: police liaisons and municipal members of the steering group."""
    decide = Q(groups__permissions__codename="decide_initiative",
               groups__permissions__content_type__app_label="initiatives")
    ids = get_user_model().objects.filter(decide, is_active=True).values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("organisation", "first_name", "last_name")


def _edited_by(user) -> Q:
    """Versions this user wrote or changed, in one SQL condition (separation of duties)."""
    return (
        Q(author=user) | Q(last_edited_by=user)
        | Q(pk__in=InitiativeVersion.history.filter(history_user=user).values("id"))
        | Q(pk__in=Contribution.history.filter(history_user=user).values("version_id"))
        | Q(pk__in=EffectGoal.history.filter(history_user=user).values("version_id"))
    )


def _submitted_at():
    return Subquery(
        Event.objects.filter(version=OuterRef("pk"), to_state=State.SUBMITTED, from_state__in=[
            State.DRAFT, State.RETURNED]).order_by("-at").values("at")[:1]
    )


# The front page lists this many of each kind of task; the counts cover them all.
TASKS_SHOWN = 10


@dataclass
class Tasks:
    """What awaits a user on the front page: the oldest few of each kind, and how many there are."""

    awaiting_decision: list[InitiativeVersion]  # submitted versions this member may still decide on
    awaiting_count: int
    returned: list[InitiativeVersion]  # versions sent back that the user wrote, edited last or is contact for
    returned_count: int


def _awaits_decision_by(user) -> Q:
    """Submitted versions this steering-group member has not decided on and did not write or edit."""
    decided = Decision.objects.filter(version=OuterRef("pk"), revision=OuterRef("revision"), member=user)
    return Q(state=State.SUBMITTED) & ~_edited_by(user) & ~Q(Exists(decided))


def awaiting_count(user) -> int:
    """How many versions await this user's decision (one query; none for users who do not decide)."""
    if not user.has_perm("initiatives.decide_initiative"):
        return 0
    return InitiativeVersion.objects.current().filter(_awaits_decision_by(user)).count()


def tasks_for(user) -> Tasks:
    """The user's tasks in one query: the oldest TASKS_SHOWN of each kind, each row carrying its kind's count."""
    if not user.has_perm("initiatives.view_initiative"):
        return Tasks([], 0, [], 0)
    wanted = Q(pk__in=[])
    if user.has_perm("initiatives.decide_initiative"):
        wanted |= _awaits_decision_by(user)
    mine = Q(author=user) | Q(last_edited_by=user) | Q(municipal_contact=user) | Q(police_contact=user)
    wanted |= Q(state=State.RETURNED) & mine
    # Both kinds differ by state (submitted or returned), so one window per state numbers and counts them.
    versions = list(
        InitiativeVersion.objects.current().filter(wanted)
        .annotate(
            submitted_at=_submitted_at(),
            position=Window(RowNumber(), partition_by=F("state"), order_by=[F("submitted_at").asc(), F("pk").asc()]),
            of_kind=Window(Count("pk"), partition_by=F("state")),
        )
        .filter(position__lte=TASKS_SHOWN)
        .select_related("initiative")
        .order_by("submitted_at", "pk")
    )
    awaiting = [v for v in versions if v.state == State.SUBMITTED]
    returned = [v for v in versions if v.state == State.RETURNED]
    return Tasks(
        awaiting, awaiting[0].of_kind if awaiting else 0,
        returned, returned[0].of_kind if returned else 0,
    )


def editors_of(versions) -> dict[int, set[int]]:
    """Per version id, every user id that wrote or changed it (three queries for any number of versions)."""
    ids = [v.pk for v in versions]
    editors = {v.pk: {v.author_id, v.last_edited_by_id} - {None} for v in versions}
    for records, column in (
        (InitiativeVersion.history.filter(id__in=ids), "id"),
        (Contribution.history.filter(version_id__in=ids), "version_id"),
        (EffectGoal.history.filter(version_id__in=ids), "version_id"),
    ):
        for version_id, user_id in records.exclude(history_user=None).values_list(column, "history_user_id"):
            editors[version_id].add(user_id)
    return editors


@dataclass
class MemberStatus:
    member: object
    decision: Decision | None = None
    excluded: bool = False  # wrote or edited the version

    @property
    def pending(self) -> bool:
        return self.decision is None and not self.excluded


@dataclass
class QueueItem:
    version: InitiativeVersion
    members: list[MemberStatus]
    approvals: dict[str, int]  # per organisation, on the submitted text

    @property
    def pending_members(self) -> list:
        return [status.member for status in self.members if status.pending]


def awaiting_decision(until: date | None = None):
    """Versions awaiting a decision (submitted on or before `until`), oldest submission first, with what the
    queue and the agenda show of each; paginate it and pass a page to `queue_items`."""
    versions = (
        InitiativeVersion.objects.current().filter(state=State.SUBMITTED)
        .annotate(submitted_at=_submitted_at())
        .select_related("initiative", "focus_area", "municipal_contact", "police_contact", "author")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("submitted_at", "pk")
    )
    if until is not None:
        versions = versions.filter(submitted_at__date__lte=until)
    return versions


def queue_items(versions) -> list[QueueItem]:
    """Each of these versions (a page of `awaiting_decision`) with each member's state; seven queries."""
    versions = list(versions)
    decisions = defaultdict(dict)
    for decision in Decision.objects.filter(version__in=versions).select_related("member"):
        decisions[decision.version_id][(decision.revision, decision.member_id)] = decision
    members = list(steering_group_members())
    editors = editors_of(versions)
    items = []
    for version in versions:
        statuses, approvals = [], defaultdict(int)
        for member in members:
            decision = decisions[version.pk].get((version.revision, member.pk))
            statuses.append(MemberStatus(member, decision, member.pk in editors[version.pk] and decision is None))
            if decision is not None and decision.outcome == Decision.Outcome.APPROVE:
                approvals[decision.organisation] += 1
        items.append(QueueItem(version, statuses, dict(approvals)))
    return items


def round_decisions(version: InitiativeVersion) -> list[Decision]:
    """The decisions on the text submitted now or, once decided, on the text last submitted (two queries)."""
    decisions = list(version.decisions.select_related("member").prefetch_related("sub_goals"))
    if version.state == State.SUBMITTED:
        latest = version.revision
    else:
        latest = max((d.revision for d in decisions), default=None)
    return [d for d in decisions if d.revision == latest]


def timeline(initiative: Initiative) -> list[Event]:
    """Every transition and decision on the initiative, oldest first (two queries)."""
    return list(
        Event.objects.filter(initiative=initiative)
        .select_related("actor", "version", "decision")
        .prefetch_related("decision__sub_goals")
    )


def decision_log():
    """Every decision with what the log shows; filtered by DecisionFilter (two queries per page)."""
    return (
        Decision.objects.select_related("member", "version__initiative")
        .prefetch_related("sub_goals")
        .order_by("-decided_at", "-pk")
    )


_REVISION_FIELDS = [
    "title", "summary", "description", "focus_area", "other_focus_areas", "origin", "basis", "evidence_summary",
    "evidence_references", "learning_question", "responsibility", "municipal_contact", "police_contact",
    "target_group", "whole_municipality", "local_areas", "partners", "start_date", "end_date", "budget",
    "funding_source", "embargo_until", "embargo_reason",
]


def revision_changes(approved: InitiativeVersion, proposed: InitiativeVersion) -> list[Change]:
    """What the proposed version changes in the approved one, field by field (both loaded by `_documents`)."""
    labels = _Labels()
    changes = []
    for name in _REVISION_FIELDS:
        model_field = InitiativeVersion._meta.get_field(name)
        if model_field.many_to_many:
            old = ", ".join(sorted(str(o) for o in getattr(approved, name).all())) or "–"
            new = ", ".join(sorted(str(o) for o in getattr(proposed, name).all())) or "–"
        else:
            old = labels.value(model_field, getattr(approved, model_field.attname))
            new = labels.value(model_field, getattr(proposed, model_field.attname))
        if old != new:
            changes.append(Change(str(model_field.verbose_name).capitalize(), old, new))
    old_contributions = {c.sub_goal.number: c for c in approved.contributions.all()}
    new_contributions = {c.sub_goal.number: c for c in proposed.contributions.all()}
    for number in sorted(old_contributions.keys() | new_contributions.keys()):
        old, new = old_contributions.get(number), new_contributions.get(number)
        if old is None or new is None or old.how != new.how:
            changes.append(Change(
                _("Contribution to %(sub_goal)s") % {"sub_goal": (old or new).sub_goal},
                old.how if old else "–", new.how if new else "–",
            ))
    old_goals, new_goals = list(approved.effect_goals.all()), list(proposed.effect_goals.all())
    for index in range(max(len(old_goals), len(new_goals))):
        old = _goal_text(old_goals[index]) if index < len(old_goals) else "–"
        new = _goal_text(new_goals[index]) if index < len(new_goals) else "–"
        if old != new:
            changes.append(Change(_("Effect goal %(number)s") % {"number": index + 1}, old, new))
    return changes


def _goal_text(goal: EffectGoal) -> str:
    parts = [goal.description, f"{goal.get_kind_display()}, {goal.sub_goal}"]
    if goal.is_quantitative:
        parts.append(
            f"{goal.metric}: {floatformat(goal.baseline_value, '-3g')} → {floatformat(goal.target_value, '-3g')} "
            f"{goal.unit} ({formats.date_format(goal.target_date, 'SHORT_DATE_FORMAT')}); {goal.data_source}"
        )
    else:
        parts.append(goal.method)
    return "\n".join(parts)
