"""The yearly status report: its content computed from the data, as plain JSON-able data.

The same content feeds the print page, the PDF and the XLSX, and is what a final report stores as its snapshot,
so a final report is served exactly as it was. Initiatives under embargo count in the numbers but are not named
until their embargo ends. The three written sections are kept on the StatusReport, not here.
"""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone

import audit
from audit.models import AuditEntry
from focusareas.models import FocusArea
from followup import cadence
from followup.models import FollowUpRecord, LearningNote, StatusReport
from followup.permissions import FOLLOWED_STATES, SECTIONS
from followup.queries import local_day
from followup.status import LABELS, Status, assess
from goal.queries import load_goal_comparison
from indicators.models import SubGoal
from initiatives.models import Contribution, Decision, EffectGoal, EndEvaluation, InitiativeVersion

State = InitiativeVersion.State


def build(year: int, focus_area: FocusArea | None = None, *, today: datetime.date | None = None) -> dict:
    """The report's computed sections for a year, for the whole strategy or one focus area."""
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    judged_on = min(today, last)
    versions = (
        InitiativeVersion.objects.current()
        .with_embargo()
        .select_related("initiative", "focus_area")
        .filter(start_date__lte=last)
        .exclude(end_date__lt=first)
        .order_by("initiative_id")
    )
    if focus_area is not None:
        versions = versions.filter(focus_area=focus_area)
    versions = list(versions)
    version_ids = [v.pk for v in versions]
    named = {v.pk: not _embargoed(v, today) for v in versions}
    followed = {v.pk: _followed_version_id(v) for v in versions}
    contributions = defaultdict(set)
    for version_id, sub_goal_id in Contribution.objects.filter(version_id__in=version_ids).values_list(
        "version_id", "sub_goal_id"
    ):
        contributions[version_id].add(sub_goal_id)
    return {
        "year": year,
        "focus_area": focus_area.name if focus_area else "",
        "made_on": today.isoformat(),
        "verdict": _verdict(year),
        "initiatives": _initiative_counts(versions, contributions),
        "effect_goals": _effect_goals(versions, followed, named, judged_on),
        "decisions": _decisions(versions, year),
        "learning": _learning(versions, named, first, last),
    }


def _embargoed(version: InitiativeVersion, today: datetime.date) -> bool:
    """By the embargo in force (initiatives' one rule): a new version under way cannot lift the approved one's."""
    return version.embargo_in_force is not None and today < version.embargo_in_force


def _followed_version_id(version: InitiativeVersion) -> int | None:
    """The version whose goals are followed up: the approved one (in force or completed)."""
    if version.state in FOLLOWED_STATES:
        return version.pk
    return version.initiative.approved_version_id


def _verdict(year: int) -> dict | None:
    """The strategy's goal verdict from the safety index for the year, with its method, where data exist."""
    data = load_goal_comparison()
    if data is None:
        return None
    report = data.report(data.headline_measure)
    row = next((y for y in report.years if y.year == year and y.has_city_value), None)
    if row is None:
        return None
    # The honest headline (goal.verdict.headline), as on the goal and front pages: a year with cities
    # missing says "partly assessed", never "met".
    return {
        "measure": report.measure.name,
        "status": row.headline.title,
        "coverage": row.headline.coverage,
        "explanation": row.explanation,
    }


def _initiative_counts(versions, contributions) -> dict:
    sub_goals = {s.pk: str(s) for s in SubGoal.objects.all()}
    by_state = Counter(str(v.get_state_display()) for v in versions)
    by_area = Counter(v.focus_area.name for v in versions)
    by_responsibility = Counter(str(v.get_responsibility_display()) for v in versions)
    by_sub_goal = Counter(sub_goals[s] for v in versions for s in contributions.get(v.pk, ()))
    return {
        "total": len(versions),
        "by_state": sorted(by_state.items()),
        "by_focus_area": sorted(by_area.items()),
        "by_sub_goal": sorted(by_sub_goal.items()),
        "by_responsibility": sorted(by_responsibility.items()),
    }


def _effect_goals(versions, followed, named, judged_on) -> dict:
    by_followed = {followed[v.pk]: v for v in versions if followed[v.pk]}
    goals = list(
        EffectGoal.objects.filter(version_id__in=list(by_followed))
        .select_related("version")
        .only(
            "lineage",
            "kind",
            "description",
            "frequency",
            "tolerance",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "version__state",
            "version__start_date",
        )
        .order_by("version__initiative_id", "pk")
    )
    lineages = [g.lineage for g in goals]
    measurements, reported = defaultdict(list), defaultdict(list)
    for lineage, day, value, recorded_at in (
        FollowUpRecord.objects.current()
        .filter(goal__in=lineages)
        .order_by("date", "recorded_at", "pk")
        .values_list("goal", "date", "value", "recorded_at")
    ):
        if value is not None:
            measurements[lineage].append((day, value))
        reported[lineage].append(local_day(recorded_at))
    counts: Counter[str] = Counter()
    overdue, qualitative = [], 0
    for goal in goals:
        current = by_followed[goal.version_id]
        if goal.is_quantitative:
            status = assess(
                goal.baseline_value,
                goal.baseline_date,
                goal.target_value,
                goal.target_date,
                measurements[goal.lineage],
                goal.tolerance,
                judged_on,
            ).status
            counts[status] += 1
        else:
            qualitative += 1
        # An approved version always has its start date: submission requires it.
        if goal.version.state == State.APPROVED and goal.version.start_date:
            due = cadence.next_due(
                goal.version.start_date, goal.frequency, [d for d in reported[goal.lineage] if d <= judged_on]
            )
            if due < judged_on and named[current.pk]:
                overdue.append(
                    {
                        "initiative": current.initiative.number,
                        "title": current.title,
                        "goal": goal.description[:200],
                        "due": due.isoformat(),
                    }
                )
    return {
        "by_status": [(str(LABELS[status]), counts[status]) for status in Status],
        "qualitative": qualitative,
        "overdue": overdue,
    }


def _decisions(versions, year: int) -> list:
    rows = Counter(
        Decision.objects.filter(
            version__initiative_id__in=[v.initiative_id for v in versions], decided_at__year=year
        ).values_list("outcome", flat=True)
    )
    return [(str(label), rows.get(value, 0)) for value, label in Decision.Outcome.choices]


def _learning(versions, named, first, last) -> dict:
    shown = {v.initiative_id: v for v in versions if named[v.pk]}
    notes = [
        {
            "initiative": shown[n.initiative_id].initiative.number,
            "title": shown[n.initiative_id].title,
            "date": n.date.isoformat(),
            "text": n.text,
        }
        for n in LearningNote.objects.filter(initiative_id__in=list(shown), date__range=(first, last)).order_by(
            "date", "pk"
        )
    ]
    evaluations = [
        {
            "initiative": shown[e.version.initiative_id].initiative.number,
            "title": e.version.title,
            "date": local_day(e.written_at).isoformat(),
            "worked": e.worked,
            "did_not_work": e.did_not_work,
            "recommendation": str(e.get_recommendation_display()),
        }
        for e in EndEvaluation.objects.filter(version__initiative_id__in=list(shown))
        .select_related("version")
        .order_by("written_at")
        if first <= local_day(e.written_at) <= last
    ]
    return {"notes": notes, "evaluations": evaluations}


def content(report: StatusReport, *, today: datetime.date | None = None) -> dict:
    """What the report shows: its snapshot once final, otherwise computed now, with the written sections."""
    if report.snapshot is not None:  # final
        return report.snapshot
    data = build(report.year, report.focus_area, today=today)
    data["written"] = {name: getattr(report, name) for name in SECTIONS}
    return data


class AlreadyFinal(Exception):
    """The report was marked final before (perhaps by another member a moment ago)."""


@transaction.atomic
def finalise(report: StatusReport, *, by, request=None) -> StatusReport:
    """Store the report as it is now; later changes to the data do not alter it (audited)."""
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.is_final:
        raise AlreadyFinal
    report.snapshot = content(report)
    report.finalised_by = by
    report.finalised_at = timezone.now()
    report.save(update_fields=["snapshot", "finalised_by", "finalised_at"])
    audit.record(AuditEntry.Action.REPORT_FINALISED, actor=by, request=request, subject=str(report))
    return report
