"""The steering group's queue and what awaits each user: who decides, the versions awaiting a decision with each
member's state, the front page's tasks and "Mine initiativer", the decisions, timelines and membership changes."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber

from accounts.models import Organisation
from audit.models import AuditEntry
from initiatives.models import (
    ApprovalRule,
    Contribution,
    Decision,
    Event,
    Initiative,
    InitiativeVersion,
)

State = InitiativeVersion.State


def steering_group_members():
    """Active users who may decide: police liaisons and municipal members of the steering group."""
    decide = Q(
        groups__permissions__codename="decide_initiative", groups__permissions__content_type__app_label="initiatives"
    )
    ids = get_user_model().objects.filter(decide, is_active=True).values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("organisation", "first_name", "last_name")


def _submitted_at():
    return Subquery(
        Event.objects.filter(
            version=OuterRef("pk"), to_state=State.SUBMITTED, from_state__in=[State.DRAFT, State.RETURNED]
        )
        .order_by("-at")
        .values("at")[:1]
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
    candidates = list(
        InitiativeVersion.objects.current().with_embargo().filter(_awaits_decision_by(user)).only("pk", "initiative_id")
    )
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
        InitiativeVersion.objects.current()
        .with_embargo()
        .filter(wanted)
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
        awaiting[:TASKS_SHOWN],
        len(awaiting),
        returned,
        returned[0].of_kind if returned else 0,
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
            InitiativeVersion.objects.current()
            .with_embargo()
            .filter(wanted)
            .select_related("initiative")
            .annotate(of_kind=Window(Count("pk")))
            .order_by("title", "pk")[:TASKS_SHOWN]
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
            pending = sum(1 for status in self.members if status.pending and status.member.organisation == organisation)
            if self.approvals.get(organisation, 0) + pending < self.required.get(organisation, 0):
                short.append(organisation.label)
        return short


def awaiting_decision(until: date | None = None, *, initiative_id: int | None = None):
    """Versions awaiting a decision (submitted on or before `until`; of one initiative), oldest submission first,
    with what the queue and the agenda show of each; paginate it and pass a page to `queue_items`."""
    versions = (
        InitiativeVersion.objects.current()
        .with_embargo()
        .filter(state=State.SUBMITTED)
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
        .prefetch_related(
            "sub_goals",
            Prefetch("version", queryset=InitiativeVersion.objects.with_embargo().select_related("initiative")),
        )
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
        action__in=[
            AuditEntry.Action.ROLES_CHANGED,
            AuditEntry.Action.ORGANISATION_CHANGED,
            AuditEntry.Action.CHANGE_REQUESTED,
            AuditEntry.Action.CHANGE_CONFIRMED,
            AuditEntry.Action.CHANGE_DECLINED,
        ],
        details__steering=True,
    )[:limit]

    def shown(value) -> str:
        if isinstance(value, dict):  # a held change: its roles, e-mail address and organisation
            return "; ".join(shown(item) for item in value.values())
        if isinstance(value, list):
            return ", ".join(value) or "–"
        return str(dict(Organisation.choices).get(value, value or "–"))

    return [
        MembershipChange(
            entry.at,
            entry.subject,
            entry.username,
            entry.get_action_display(),
            shown(entry.details.get("old")),
            shown(entry.details.get("new")),
        )
        for entry in entries
    ]
