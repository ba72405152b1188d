"""Read queries that pages share, each with a constant number of SQL queries where a page lists many rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from focusareas.models import FocusArea
from initiatives.models import (
    Contribution,
    Decision,
    EffectGoal,
    Event,
    Initiative,
    InitiativeVersion,
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


@dataclass
class Tasks:
    """What awaits a user on the front page."""

    awaiting_decision: list[InitiativeVersion]  # submitted versions this member may still decide on
    returned: list[InitiativeVersion]  # versions sent back that the user wrote, edited last or is contact for


def tasks_for(user) -> Tasks:
    """The user's tasks in one query, whatever their number."""
    wanted = Q(pk__in=[])
    if user.has_perm("initiatives.decide_initiative"):
        decided = Decision.objects.filter(version=OuterRef("pk"), revision=OuterRef("revision"), member=user)
        wanted |= Q(state=State.SUBMITTED) & ~_edited_by(user) & ~Q(Exists(decided))
    if user.has_perm("initiatives.view_initiative"):
        mine = Q(author=user) | Q(last_edited_by=user) | Q(municipal_contact=user) | Q(police_contact=user)
        wanted |= Q(state=State.RETURNED) & mine
    else:
        return Tasks([], [])
    versions = list(
        InitiativeVersion.objects.current().filter(wanted)
        .annotate(submitted_at=_submitted_at())
        .select_related("initiative")
        .order_by("submitted_at", "pk")
    )
    return Tasks(
        [v for v in versions if v.state == State.SUBMITTED],
        [v for v in versions if v.state == State.RETURNED],
    )


@dataclass
class MyInitiatives:
    """The front page's "My initiatives": what the user is working on and what they answer for."""

    drafts: list[InitiativeVersion]  # drafts and returned versions the user wrote or last edited
    contact_for: list[InitiativeVersion]  # initiatives that name the user as a contact person


def my_initiatives(user) -> MyInitiatives:
    """The user's own initiatives in one query, whatever their number."""
    if not user.has_perm("initiatives.view_initiative"):
        return MyInitiatives([], [])
    writing = Q(state__in=InitiativeVersion.EDITABLE_STATES) & (Q(author=user) | Q(last_edited_by=user))
    contact = Q(municipal_contact=user) | Q(police_contact=user)
    versions = list(
        InitiativeVersion.objects.current().filter(writing | contact).select_related("initiative")
        .order_by("title", "pk")
    )
    return MyInitiatives(
        [v for v in versions if v.is_editable and user.pk in (v.author_id, v.last_edited_by_id)],
        [v for v in versions if user.pk in (v.municipal_contact_id, v.police_contact_id)],
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


def decision_queue(until: date | None = None) -> list[QueueItem]:
    """Versions awaiting a decision (submitted on or before `until`), with each member's state; seven queries."""
    versions = (
        InitiativeVersion.objects.current().filter(state=State.SUBMITTED)
        .annotate(submitted_at=_submitted_at())
        .select_related("initiative", "focus_area", "municipal_contact", "police_contact", "author")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("submitted_at", "pk")
    )
    if until is not None:
        versions = versions.filter(submitted_at__date__lte=until)
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
