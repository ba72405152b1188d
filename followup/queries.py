"""What the follow-up pages show, loaded with a constant number of queries whatever the number of goals."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import formats, timezone

from followup import cadence
from followup.chart import GoalChart, goal_chart
from followup.models import FollowUpRecord, LearningNote
from followup.status import Assessment, assess
from formatting.numbers import format_number
from initiatives.models import EffectGoal, InitiativeVersion, in_force


@dataclass
class Revision:
    """A baseline or target changed by a new version: who, when, old → new, why."""

    field: str
    old: object
    new: object
    version_number: int
    by: object
    at: datetime.datetime | None
    reason: str


@dataclass
class GoalFollowUp:
    goal: EffectGoal
    records: list[FollowUpRecord]  # current records, oldest first
    corrected: dict[int, list[FollowUpRecord]] = field(default_factory=dict)  # record pk → earlier values
    assessment: Assessment | None = None
    chart: GoalChart | None = None
    revisions: list[Revision] = field(default_factory=list)
    next_due: datetime.date | None = None

    @property
    def measurements(self) -> list[tuple[datetime.date, object]]:
        return [(r.date, r.value) for r in self.records if r.value is not None]


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def in_force_versions():
    """Approved versions in force (not completed): their goals are followed up and fall due."""
    return InitiativeVersion.objects.filter(in_force())


def goal_follow_up(
    goals: list[EffectGoal],
    *,
    initiative_id: int,
    on: datetime.date | None = None,
    in_force: InitiativeVersion | None = None,
) -> list[GoalFollowUp]:
    """Each goal with its records, corrections, status, chart and revisions (three queries)."""
    on = on or timezone.localdate()
    lineages = [goal.lineage for goal in goals]
    records = list(
        FollowUpRecord.objects.filter(goal__in=lineages, initiative_id=initiative_id)
        .select_related("recorded_by")
        .order_by("date", "recorded_at", "pk")
    )
    by_pk = {r.pk: r for r in records}
    replaced_by = {r.corrects_id: r for r in records if r.corrects_id}
    by_goal: dict = defaultdict(list)
    for record in records:
        by_goal[record.goal].append(record)
    revisions = _revisions(lineages)
    result = []
    for goal in goals:
        mine = by_goal.get(goal.lineage, [])
        current = [r for r in mine if r.pk not in replaced_by]
        item = GoalFollowUp(goal=goal, records=current, revisions=revisions.get(goal.lineage, []))
        item.corrected = {r.pk: _earlier_values(r, by_pk) for r in current if r.corrects_id}
        if goal.is_quantitative:
            item.assessment = assess(
                goal.baseline_value,
                goal.baseline_date,
                goal.target_value,
                goal.target_date,
                item.measurements,
                goal.tolerance,
                on,
            )
            if item.assessment.reason not in {"missing", "target_equals_baseline", "target_date_not_after_baseline"}:
                item.chart = goal_chart(
                    goal.baseline_value, goal.baseline_date, goal.target_value, goal.target_date, item.measurements
                )
        if in_force is not None:
            item.next_due = cadence.next_due(
                in_force.start_date, goal.frequency, [local_day(r.recorded_at) for r in current]
            )
        result.append(item)
    return result


def _earlier_values(record: FollowUpRecord, by_pk: dict) -> list[FollowUpRecord]:
    earlier, pk = [], record.corrects_id
    while pk is not None and pk in by_pk:
        earlier.append(by_pk[pk])
        pk = by_pk[pk].corrects_id
    return earlier


def _revisions(lineages) -> dict:
    """Baseline and target changes between consecutive versions of each goal (two queries)."""
    rows = list(
        EffectGoal.objects.filter(lineage__in=lineages).select_related("version").order_by("lineage", "version__number")
    )
    latest_saves = {}
    for record in (
        EffectGoal.history.filter(id__in=[g.pk for g in rows]).select_related("history_user").order_by("history_date")
    ):
        latest_saves[record.id] = record
    result: dict = defaultdict(list)
    previous = {}
    for goal in rows:
        before = previous.get(goal.lineage)
        previous[goal.lineage] = goal
        if before is None:
            continue
        saved = latest_saves.get(goal.pk)
        for name in ("baseline_value", "baseline_date", "target_value", "target_date"):
            old, new = getattr(before, name), getattr(goal, name)
            if old != new:
                result[goal.lineage].append(
                    Revision(
                        field=str(EffectGoal._meta.get_field(name).verbose_name),
                        old=_shown(old),
                        new=_shown(new),
                        version_number=goal.version.number,
                        by=saved.history_user if saved else None,
                        at=saved.history_date if saved else None,
                        reason=goal.change_reason,
                    )
                )
    return result


def _shown(value) -> str:
    """A baseline or target value or date as users read it."""
    if value is None:
        return "–"
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return format_number(value)


@dataclass
class DueGoal:
    goal: EffectGoal
    version: InitiativeVersion
    next_due: datetime.date


def _goals_in_force(contact=None):
    goals = EffectGoal.objects.filter(version__in=in_force_versions())
    if contact is not None:
        goals = goals.filter(Q(version__municipal_contact=contact) | Q(version__police_contact=contact))
    return goals


def _schedule(goals) -> list[tuple[datetime.date, int, int]]:
    """(next due date, initiative id, goal pk) of each goal, soonest first, in two light queries: the due date
    needs only the latest report, so no goal or record is built as a model instance."""
    rows = list(goals.values_list("pk", "lineage", "version__initiative_id", "version__start_date", "frequency"))
    if not rows:
        return []
    latest = dict(
        FollowUpRecord.objects.current()
        .filter(goal__in=goals.values("lineage"))
        .values("goal")
        .annotate(latest=Max("recorded_at"))
        .values_list("goal", "latest")
    )
    return sorted(
        (cadence.next_due(start, months, [local_day(latest[lineage])] if lineage in latest else []), initiative, pk)
        for pk, lineage, initiative, start, months in rows
    )


def _due(schedule) -> list[DueGoal]:
    """The goals of (part of) a schedule as DueGoals, in its order, in one query."""
    goals = EffectGoal.objects.select_related(
        "version__initiative", "version__municipal_contact", "version__police_contact"
    ).in_bulk([pk for _, _, pk in schedule])
    return [DueGoal(goals[pk], goals[pk].version, due) for due, _, pk in schedule]


def due_goals(today: datetime.date | None = None, *, contact=None) -> list[DueGoal]:
    """Every goal in force (or those `contact` is a contact person for) with its next due date, in due order.

    Three queries whatever the number of goals."""
    return _due(_schedule(_goals_in_force(contact)))


def reported_days(lineages) -> dict:
    """Per goal, the days its current records were entered."""
    result: dict = defaultdict(list)
    rows = FollowUpRecord.objects.current().filter(goal__in=lineages).values_list("goal", "recorded_at")
    for goal, moment in rows:
        result[goal].append(local_day(moment))
    return result


def due_for(user, today: datetime.date | None = None, *, shown: int | None = None) -> tuple[list[DueGoal], int]:
    """The goals this user is a contact person for that fall due within 14 days or are overdue, soonest first:
    the first `shown` of them, and how many there are."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=cadence.DUE_SOON_DAYS)
    due = [entry for entry in _schedule(_goals_in_force(user)) if entry[0] <= horizon]
    return _due(due[:shown]), len(due)


@dataclass
class Overdue:
    """The goals overdue for follow-up, by initiative (by number): the first initiatives a page shows, and how
    many initiatives and goals there are in all."""

    groups: list[tuple[InitiativeVersion, list[DueGoal]]]
    initiatives: int
    goals: int


def _overdue(today: datetime.date) -> list[tuple[int, datetime.date, int]]:
    """(initiative id, due date, goal pk) of every overdue goal, by initiative, then due date."""
    return sorted((initiative, due, pk) for due, initiative, pk in _schedule(_goals_in_force()) if due < today)


def overdue_initiative_ids(today: datetime.date | None = None) -> set[int]:
    return {initiative for initiative, _, _ in _overdue(today or timezone.localdate())}


def overdue_by_initiative(today: datetime.date | None = None, *, shown: int | None = None) -> Overdue:
    """Every overdue goal, grouped by initiative (by number); `shown` cuts the groups to the first few, and
    only their goals are loaded."""
    today = today or timezone.localdate()
    overdue = _overdue(today)
    initiatives = sorted({initiative for initiative, _, _ in overdue})
    shown_ids = set(initiatives[:shown])
    groups: dict = {}
    for item in _due([(due, initiative, pk) for initiative, due, pk in overdue if initiative in shown_ids]):
        groups.setdefault(item.version.initiative_id, (item.version, []))[1].append(item)
    return Overdue([groups[key] for key in sorted(groups)], len(initiatives), len(overdue))


def completeness_by_initiative(
    today: datetime.date | None = None, initiative_ids=None
) -> dict[int, cadence.Completeness]:
    """Per initiative in force (or only those of `initiative_ids`): its follow-up completeness (two queries)."""
    today = today or timezone.localdate()
    versions = in_force_versions()
    if initiative_ids is not None:
        versions = versions.filter(initiative_id__in=initiative_ids)
    goals = list(
        EffectGoal.objects.filter(version__in=versions).values_list(
            "version__initiative_id", "lineage", "frequency", "version__start_date"
        )
    )
    reported = reported_days([lineage for _i, lineage, _f, _s in goals])
    by_initiative: dict = defaultdict(list)
    for initiative_id, lineage, months, start in goals:
        by_initiative[initiative_id].append((start, months, reported.get(lineage, [])))
    return {
        initiative_id: cadence.initiative_completeness(figures, today)
        for initiative_id, figures in by_initiative.items()
    }


def completeness_shares(initiative_ids=None, today: datetime.date | None = None) -> dict[int, int | None]:
    """Per initiative in force (or only those of `initiative_ids`): the completeness in percent (None while
    nothing has fallen due)."""
    return {
        initiative_id: figure.share
        for initiative_id, figure in completeness_by_initiative(today, initiative_ids).items()
    }


def learning_notes(initiative_id: int) -> list[LearningNote]:
    return list(LearningNote.objects.filter(initiative_id=initiative_id).select_related("written_by"))
