"""Read queries that pages share, each with a constant number of SQL queries where a page lists many rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from focusareas.models import FocusArea
from initiatives import sections
from initiatives.models import (
    Contribution,
    EffectGoal,
    Initiative,
    InitiativeVersion,
    in_force,
)


def listed_versions():
    """The latest version of every initiative with what a list row shows: four queries for any page size."""
    return (
        InitiativeVersion.objects.current()
        .with_embargo()
        .select_related("initiative", "focus_area")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("-initiative_id")
    )


def initiative_list():
    """The initiative list and its exports: the listed versions with the figures other apps add to each row
    (initiatives/sections.py), still a constant number of queries."""
    return sections.with_list_figures(listed_versions())


def _documents():
    return (
        InitiativeVersion.objects.with_embargo()
        .select_related(
            "initiative__created_by",
            "focus_area",
            "municipal_contact",
            "police_contact",
            "author",
            "last_edited_by",
        )
        .prefetch_related(
            "other_focus_areas",
            "local_areas",
            "partners",
            Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")),
            Prefetch("effect_goals", queryset=EffectGoal.objects.select_related("sub_goal")),
        )
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
        .filter(
            Q(focus_area=area)
            | Q(
                pk__in=InitiativeVersion.other_focus_areas.through.objects.filter(focusarea=area).values(
                    "initiativeversion"
                )
            )
        )
        .order_by("title")
    )


@dataclass
class ApprovedInitiative:
    """An approved initiative as the goal page lists it under a sub-goal."""

    initiative_id: int
    title: str
    embargo_in_force: date | None = None

    @property
    def is_embargoed(self) -> bool:
        """Marked like a version, e.g. with initiatives/_embargo.html."""
        return self.embargo_in_force is not None and timezone.localdate() < self.embargo_in_force

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("initiatives:detail", args=[self.initiative_id])


def approved_by_local_area() -> dict[str, list[ApprovedInitiative]]:
    """Initiatives in force per local or housing area, keyed by the area's name in lower case (one query).

    The index's housing areas are matched by name, since the survey names them as the managed list does.
    """
    rows = (
        InitiativeVersion.local_areas.through.objects.filter(in_force("initiativeversion__"))
        .order_by("localarea__name", "initiativeversion__title")
        .values_list(
            "localarea__name",
            "initiativeversion__initiative_id",
            "initiativeversion__title",
            "initiativeversion__embargo_until",
        )
    )
    result: dict[str, list[ApprovedInitiative]] = defaultdict(list)
    for name, initiative_id, title, embargo_until in rows:
        result[name.casefold()].append(ApprovedInitiative(initiative_id, title, embargo_until))
    return dict(result)


def approved_count_by_sub_goal() -> dict[int, int]:
    """How many initiatives in force serve each sub-goal (by number), one query.

    In force: the approved version is the initiative's valid one (completed initiatives no longer serve a sub-goal,
    and a pending revision changes nothing until it is approved). The goal page shows counts, not lists, so its cost
    does not grow with the number of initiatives.
    """
    rows = (
        Contribution.objects.filter(in_force("version__"))
        .order_by()
        .values("sub_goal__number")
        .annotate(n=Count("version__initiative_id", distinct=True))
    )
    return {row["sub_goal__number"]: row["n"] for row in rows}
