"""Initiatives in force with effect goals dated around today, and follow-up records on them."""

import datetime
from decimal import Decimal

from django.utils import timezone

from followup.models import FollowUpRecord
from indicators.models import SubGoal
from initiatives.models import Contribution, EffectGoal, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def in_force(author, *, start=-300, **kwargs) -> InitiativeVersion:
    """An approved initiative that started `start` days from today, with one quantitative goal: 120 → 100
    reports from its start over 600 days, followed up quarterly, and one qualitative goal."""
    version = InitiativeVersionFactory(
        author=author,
        state=InitiativeVersion.State.APPROVED,
        start_date=days(start),
        end_date=days(start + 600),
        sub_goals=[],
        **kwargs,
    )
    sub_goal = SubGoal.objects.get(number=1)
    Contribution.objects.create(version=version, sub_goal=sub_goal, how="Bidrager.")
    EffectGoal.objects.create(
        version=version,
        description="Færre indbrud",
        kind=EffectGoal.Kind.QUANTITATIVE,
        sub_goal=sub_goal,
        metric="Anmeldte indbrud",
        unit="anmeldelser",
        baseline_value=Decimal("120"),
        baseline_date=days(start),
        target_value=Decimal("100"),
        target_date=days(start + 600),
        data_source="Politiet",
        frequency=EffectGoal.Frequency.QUARTERLY,
    )
    EffectGoal.objects.create(
        version=version,
        description="Naboer kender hinanden",
        kind=EffectGoal.Kind.QUALITATIVE,
        sub_goal=sub_goal,
        method="Interviews",
        frequency=EffectGoal.Frequency.HALF_YEARLY,
    )
    return version


def quantitative(version) -> EffectGoal:
    return version.effect_goals.get(kind=EffectGoal.Kind.QUANTITATIVE)


def qualitative(version) -> EffectGoal:
    return version.effect_goals.get(kind=EffectGoal.Kind.QUALITATIVE)


def record(
    goal: EffectGoal, day: datetime.date, value=None, *, by=None, observation="", recorded_at=None, **kwargs
) -> FollowUpRecord:
    entry = FollowUpRecord.objects.create(
        initiative_id=goal.version.initiative_id,
        goal=goal.lineage,
        date=day,
        value=Decimal(str(value)) if value is not None else None,
        observation=observation,
        comment=kwargs.pop("comment", "En kommentar."),
        recorded_by=by,
        **kwargs,
    )
    if recorded_at is not None:
        FollowUpRecord.objects.filter(pk=entry.pk).update(recorded_at=recorded_at)
    return entry
