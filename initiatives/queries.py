"""Read queries that pages share, each with a constant number of SQL queries where a page lists many rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AuditEntry
from focusareas.models import FocusArea
from initiatives import sections
from initiatives.models import (
    ApprovalRule,
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
        InitiativeVersion.objects.current().with_embargo()
        .select_related("initiative", "focus_area")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("-initiative_id")
    )


def initiative_list():
    """The initiative list and its exports: the listed versions with the figures other apps add to each row
    (initiatives/sections.py), still a constant number of queries."""
    return sections.with_list_figures(listed_versions())


def _documents():
    return InitiativeVersion.objects.with_embargo().select_related(
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
        InitiativeVersion.local_areas.through.objects.filter(
            initiativeversion__initiative__approved_version=F("initiativeversion"),
            initiativeversion__state=State.APPROVED,
        )
        .order_by("localarea__name", "initiativeversion__title")
        .values_list(
            "localarea__name", "initiativeversion__initiative_id", "initiativeversion__title",
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
        Contribution.objects.filter(
            version__initiative__approved_version=F("version"), version__state=State.APPROVED,
        )
        .order_by()
        .values("sub_goal__number")
        .annotate(n=Count("version__initiative_id", distinct=True))
    )
    return {row["sub_goal__number"]: row["n"] for row in rows}


def steering_group_members():
    """Active users who may decide: police liaisons and municipal members of the steering group."""
    decide = Q(groups__permissions__codename="decide_initiative",
               groups__permissions__content_type__app_label="initiatives")
    ids = get_user_model().objects.filter(decide, is_active=True).values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("organisation", "first_name", "last_name")


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
    """Submitted versions this steering-group member has not decided on and did not write or edit themselves.

    Only a first cut in SQL: separation of duties also covers the versions these were copied from, which only
    `editors()` follows, so the candidates go through `_not_edited_by` too.
    """
    decided = Decision.objects.filter(version=OuterRef("pk"), revision=OuterRef("revision"), member=user)
    return Q(state=State.SUBMITTED) & ~Q(author=user) & ~Q(last_edited_by=user) & ~Q(Exists(decided))


def _not_edited_by(user, versions: list[InitiativeVersion]) -> list[InitiativeVersion]:
    """The versions the user neither wrote nor edited, back through the versions they were copied from."""
    if not versions:
        return []
    editors = InitiativeVersion.objects.filter(pk__in=[v.pk for v in versions]).editors()
    return [v for v in versions if user.pk not in editors[v.pk]]


def awaiting_count(user) -> int:
    """How many versions await this user's decision (three queries; none for users who do not decide)."""
    if not user.has_perm("initiatives.decide_initiative"):
        return 0
    candidates = list(InitiativeVersion.objects.current().with_embargo().filter(_awaits_decision_by(user))
                      .only("pk", "initiative_id"))
    return len(_not_edited_by(user, candidates))


def tasks_for(user) -> Tasks:
    """The user's tasks in three queries: the oldest TASKS_SHOWN of each kind, and how many there are.

    The versions sent back are cut to TASKS_SHOWN in SQL; those awaiting a decision can only be counted once
    separation of duties has looked at each, and are as many as the steering group's queue holds.
    """
    if not user.has_perm("initiatives.view_initiative"):
        return Tasks([], 0, [], 0)
    wanted = Q(pk__in=[])
    if user.has_perm("initiatives.decide_initiative"):
        wanted |= _awaits_decision_by(user)
    mine = Q(author=user) | Q(last_edited_by=user) | Q(municipal_contact=user) | Q(police_contact=user)
    wanted |= Q(state=State.RETURNED) & mine
    # Both kinds differ by state (submitted or returned), so one window per state numbers and counts them.
    versions = list(
        InitiativeVersion.objects.current().with_embargo().filter(wanted)
        .annotate(
            submitted_at=_submitted_at(),
            position=Window(RowNumber(), partition_by=F("state"), order_by=[F("submitted_at").asc(), F("pk").asc()]),
            of_kind=Window(Count("pk"), partition_by=F("state")),
        )
        .filter(Q(position__lte=TASKS_SHOWN) | Q(state=State.SUBMITTED))
        .select_related("initiative")
        .order_by("submitted_at", "pk")
    )
    awaiting = _not_edited_by(user, [v for v in versions if v.state == State.SUBMITTED])
    returned = [v for v in versions if v.state == State.RETURNED]
    return Tasks(
        awaiting[:TASKS_SHOWN], len(awaiting),
        returned, returned[0].of_kind if returned else 0,
    )


@dataclass
class MyInitiatives:
    """The front page's "My initiatives": the first TASKS_SHOWN by title of what the user is working on and of
    what they answer for, and how many there are of each."""

    drafts: list[InitiativeVersion]  # drafts and returned versions the user wrote or last edited
    drafts_count: int
    contact_for: list[InitiativeVersion]  # initiatives that name the user as a contact person
    contact_count: int


def my_initiatives(user) -> MyInitiatives:
    """The user's own initiatives in two queries, whatever their number."""
    if not user.has_perm("initiatives.view_initiative"):
        return MyInitiatives([], 0, [], 0)
    writing = Q(state__in=InitiativeVersion.EDITABLE_STATES) & (Q(author=user) | Q(last_edited_by=user))
    contact = Q(municipal_contact=user) | Q(police_contact=user)
    kinds = []
    for wanted in (writing, contact):
        # The window counts every row before the slice cuts them to the first few.
        versions = list(
            InitiativeVersion.objects.current().with_embargo().filter(wanted).select_related("initiative")
            .annotate(of_kind=Window(Count("pk"))).order_by("title", "pk")[:TASKS_SHOWN]
        )
        kinds += [versions, versions[0].of_kind if versions else 0]
    return MyInitiatives(*kinds)


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
    required: dict[str, int] = field(default_factory=dict)  # per organisation, from the approval rule

    @property
    def pending_members(self) -> list:
        return [status.member for status in self.members if status.pending]

    @property
    def unreachable(self) -> list[str]:
        """The organisations whose quorum can no longer be reached by the members who may still decide."""
        short = []
        for organisation in Organisation:
            pending = sum(1 for status in self.members
                          if status.pending and status.member.organisation == organisation)
            if self.approvals.get(organisation, 0) + pending < self.required.get(organisation, 0):
                short.append(organisation.label)
        return short


def awaiting_decision(until: date | None = None, *, initiative_id: int | None = None):
    """Versions awaiting a decision (submitted on or before `until`; of one initiative), oldest submission first,
    with what the queue and the agenda show of each; paginate it and pass a page to `queue_items`."""
    versions = (
        InitiativeVersion.objects.current().with_embargo().filter(state=State.SUBMITTED)
        .annotate(submitted_at=_submitted_at())
        .select_related("initiative", "focus_area", "municipal_contact", "police_contact", "author")
        .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")))
        .order_by("submitted_at", "pk")
    )
    if until is not None:
        versions = versions.filter(submitted_at__date__lte=until)
    if initiative_id is not None:
        versions = versions.filter(initiative_id=initiative_id)
    return versions


def queue_items(versions) -> list[QueueItem]:
    """Each of these versions (a page of `awaiting_decision`) with each member's state; eight queries."""
    versions = list(versions)
    if not versions:
        return []
    rule = ApprovalRule.current()
    required = {organisation: rule.required(organisation) for organisation in Organisation.values}
    decisions = defaultdict(dict)
    for decision in Decision.objects.filter(version__in=versions).select_related("member"):
        decisions[decision.version_id][(decision.revision, decision.member_id)] = decision
    members = list(steering_group_members())
    editors = InitiativeVersion.objects.filter(pk__in=[v.pk for v in versions]).editors()
    items = []
    for version in versions:
        statuses, approvals = [], defaultdict(int)
        for member in members:
            decision = decisions[version.pk].get((version.revision, member.pk))
            statuses.append(MemberStatus(member, decision, member.pk in editors[version.pk] and decision is None))
            if decision is not None and decision.outcome == Decision.Outcome.APPROVE:
                approvals[decision.organisation] += 1
        items.append(QueueItem(version, statuses, dict(approvals), required))
    return items


def decision_queue(until: date | None = None, *, initiative_id: int | None = None) -> list[QueueItem]:
    """Every version awaiting a decision (submitted on or before `until`; of one initiative) with each member's
    state; eight queries. Pages that list many paginate `awaiting_decision` instead."""
    return queue_items(awaiting_decision(until, initiative_id=initiative_id))


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
        Decision.objects.select_related("member")
        .prefetch_related("sub_goals", Prefetch(
            "version", queryset=InitiativeVersion.objects.with_embargo().select_related("initiative")))
        .order_by("-decided_at", "-pk")
    )


@dataclass
class MembershipChange:
    at: datetime
    member: str
    by: str
    what: str
    old: str
    new: str


def membership_changes(limit: int = 10) -> list[MembershipChange]:
    """The latest changes of roles or organisation of users who decide, or did before (one query)."""
    entries = AuditEntry.objects.filter(
        action__in=[AuditEntry.Action.ROLES_CHANGED, AuditEntry.Action.ORGANISATION_CHANGED], details__steering=True,
    )[:limit]

    def shown(value) -> str:
        if isinstance(value, list):
            return ", ".join(value) or "–"
        return str(dict(Organisation.choices).get(value, value or "–"))

    return [
        MembershipChange(entry.at, entry.subject, entry.username, entry.get_action_display(),
                         shown(entry.details.get("old")), shown(entry.details.get("new")))
        for entry in entries
    ]
