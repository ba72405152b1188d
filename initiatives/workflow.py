"""All state changes of an initiative version. Views, the admin and the demo call these; nothing else sets `state`.

Kladde → Indsendt → Godkendt | Tilbagesendt | Afvist, and Godkendt → Afsluttet. Changing an approved initiative
starts a new version (a copy in Kladde) that goes the same way; the approved version applies until the new one is
approved. Every function locks the rows it changes (`select_for_update`), so a double click, the back button or two
members deciding at the same moment are serialised: the second one sees the state the first one left and gets a
`WorkflowError` with a message for the user, never a second transition. Mail is queued in the same transaction
(initiatives.notify): a change that rolls back queues nothing, and the worker sends it without holding up anyone.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
import datacache
from accounts.models import Organisation
from audit.models import AuditEntry
from initiatives import completeness, notify
from initiatives.documents import document_of, save_version
from initiatives.models import (
    ApprovalRule,
    Contribution,
    Decision,
    EffectGoal,
    EndEvaluation,
    Event,
    Initiative,
    InitiativeVersion,
)
from initiatives.permissions import (
    can_abandon,
    can_complete,
    can_delete,
    can_start_revision,
    can_submit,
    can_withdraw,
    decision_refusal,
)
from initiatives.publication import Publication, record_publication

State = InitiativeVersion.State
Outcome = Decision.Outcome

# Every allowed change of a version's state; anything not listed is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.ABANDONED}),
    State.RETURNED: frozenset({State.SUBMITTED, State.ABANDONED}),
    State.SUBMITTED: frozenset({State.APPROVED, State.RETURNED, State.REJECTED, State.DRAFT}),
    State.APPROVED: frozenset({State.COMPLETED}),
    State.REJECTED: frozenset(),
    State.COMPLETED: frozenset(),
    State.ABANDONED: frozenset(),
}

# A single "send back" or "reject" decides at once; approval needs the quorum.
_OUTCOME_STATE = {Outcome.RETURN: State.RETURNED, Outcome.REJECT: State.REJECTED}
_OUTCOME_ACTION = {
    Outcome.APPROVE: Event.Action.APPROVED,
    Outcome.RETURN: Event.Action.RETURNED,
    Outcome.REJECT: Event.Action.REJECTED,
}


class WorkflowError(Exception):
    """The action is not allowed now. The message is shown to the user as is."""


def check_transition(from_state: str, to_state: str) -> None:
    if to_state not in TRANSITIONS[from_state]:
        raise WorkflowError(
            _("An initiative cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(from_state).label, "to": State(to_state).label}
        )


def missing_for_submission(version: InitiativeVersion) -> list[str]:
    """What the document still lacks before the steering group can decide on it (empty when complete)."""
    document = document_of(version)
    goal_sub_goals = [goal["sub_goal"] for goal in document.effect_goals.values()]
    missing = [p.message for p in completeness.problems(document.fields, document.contributions, goal_sub_goals)]
    for goal in changed_without_reason(version, list(version.effect_goals.all())):
        missing.append(
            _(
                "The reason why the baseline or the target of the effect goal “%(goal)s” changed from the "
                "approved version."
            )
            % {"goal": goal.description[:60]}
        )
    return missing


def changed_without_reason(version: InitiativeVersion, goals: list[EffectGoal]) -> list[EffectGoal]:
    """Goals whose baseline or target differs from the approved version's copy and that give no reason."""
    approved_id = version.initiative.approved_version_id
    if not approved_id or approved_id == version.pk:
        return []
    before = {g.lineage: g for g in EffectGoal.objects.filter(version_id=approved_id)}
    fields = ("baseline_value", "baseline_date", "target_value", "target_date")
    return [
        goal
        for goal in goals
        if goal.lineage in before
        and not goal.change_reason.strip()
        and any(getattr(goal, name) != getattr(before[goal.lineage], name) for name in fields)
    ]


def _lock(version: InitiativeVersion) -> InitiativeVersion:
    """The version as stored now, locked until the transaction ends (serialises concurrent clicks)."""
    return InitiativeVersion.objects.select_for_update().select_related("initiative").get(pk=version.pk)


def _check_revision(version: InitiativeVersion, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != version.revision:
        raise WorkflowError(_("The version has changed since you opened the page. Read it again before you act on it."))


def _move(
    version: InitiativeVersion,
    to_state: str,
    *,
    by,
    action: str,
    justification: str = "",
    decision: Decision | None = None,
) -> Event:
    """Change the state (raising the revision, so forms opened before are refused) and record it."""
    from_state = version.state
    check_transition(from_state, to_state)
    # A queryset update, not save(): a state change is not an edit of the text, so it must not enter the
    # document's history, where it would count the deciding member as an editor of the version.
    InitiativeVersion.objects.filter(pk=version.pk).update(state=to_state, revision=F("revision") + 1)
    datacache.bump()  # a queryset update sends no signal
    version.state = to_state
    version.revision += 1
    return _record(
        version,
        by=by,
        action=action,
        from_state=from_state,
        to_state=to_state,
        justification=justification,
        decision=decision,
    )


def _record(version, *, by, action, from_state, to_state, justification="", decision=None) -> Event:
    return Event.objects.create(
        initiative_id=version.initiative_id,
        version=version,
        actor=by,
        organisation=by.organisation,
        action=action,
        from_state=from_state,
        to_state=to_state,
        justification=justification,
        decision=decision,
    )


@transaction.atomic
def submit(version: InitiativeVersion, *, by, expected_revision: int | None = None, send_mail: bool = True) -> Event:
    """Kladde/Tilbagesendt → Indsendt: the author or a colleague sends a complete document to the steering group."""
    version = _lock(version)
    if version.state == State.SUBMITTED:
        raise WorkflowError(_("This version has already been submitted and awaits the steering group's decision."))
    check_transition(version.state, State.SUBMITTED)
    if not can_submit(by, version):
        raise WorkflowError(_("You cannot submit this initiative."))
    _check_revision(version, expected_revision)
    missing = missing_for_submission(version)
    if missing:
        raise WorkflowError(_("The document is not complete yet: %(missing)s") % {"missing": " ".join(missing)})
    event = _move(version, State.SUBMITTED, by=by, action=Event.Action.SUBMITTED)
    if send_mail:
        notify.version_submitted(event)
    return event


@transaction.atomic
def decide(
    version: InitiativeVersion,
    *,
    by,
    outcome: str,
    justification: str,
    sub_goals=(),
    contributes_to_goal: bool = False,
    publication: Publication | None = None,
    expected_revision: int | None = None,
    send_mail: bool = True,
) -> Decision:
    """A steering-group member approves, sends back or rejects a submitted version (never one they edited).

    Send back and reject take effect at once; an approval counts towards the quorum of police and municipal
    approvals (ApprovalRule), and the version is approved when both organisations have reached theirs.
    """
    version = _lock(version)
    refusal = decision_refusal(by, version)
    if refusal:
        raise WorkflowError(refusal)
    _check_revision(version, expected_revision)
    justification = justification.strip()
    if not justification:
        raise WorkflowError(_("Give a justification for your decision."))
    sub_goals = list(sub_goals)
    if outcome == Outcome.APPROVE:
        declared = {c.sub_goal_id for c in version.contributions.all()}
        if not contributes_to_goal or not sub_goals:
            raise WorkflowError(
                _(
                    "An approval states that the initiative contributes to the strategy's goal, "
                    "and through which sub-goals."
                )
            )
        if any(s.pk not in declared for s in sub_goals):
            raise WorkflowError(_("Choose only sub-goals the document says the initiative contributes to."))
    elif outcome in _OUTCOME_STATE:
        sub_goals, contributes_to_goal, publication = [], False, None
    else:
        raise WorkflowError(_("Choose approve, send back or reject."))

    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                version=version,
                revision=version.revision,
                member=by,
                organisation=by.organisation,
                outcome=outcome,
                justification=justification,
                contributes_to_goal=contributes_to_goal,
                **(publication or Publication()).votes(),
            )
    except IntegrityError:  # the unique constraint, should a database not honour the row lock
        raise WorkflowError(_("You have already recorded your decision on this version.")) from None
    decision.sub_goals.set(sub_goals)
    audit.record(
        AuditEntry.Action.DECISION,
        actor=by,
        subject=str(version.initiative.number),
        version=version.number,
        revision=version.revision,
        outcome=outcome,
    )

    to_state = _OUTCOME_STATE.get(outcome) or (State.APPROVED if _quorum_reached(version) else State.SUBMITTED)
    action = _OUTCOME_ACTION[outcome]
    if to_state == State.SUBMITTED:
        event = _record(
            version,
            by=by,
            action=action,
            from_state=State.SUBMITTED,
            to_state=State.SUBMITTED,
            justification=justification,
            decision=decision,
        )
    else:
        event = _move(version, to_state, by=by, action=action, justification=justification, decision=decision)
    if to_state == State.APPROVED:
        # The new approved version replaces the one that applied until now; that one stays viewable, frozen.
        Initiative.objects.filter(pk=version.initiative_id).update(approved_version=version)
        record_publication(version, revision=decision.revision)
        datacache.bump()  # a queryset update sends no signal
    if send_mail:
        notify.decision_recorded(event)
    return decision


def _quorum_reached(version: InitiativeVersion) -> bool:
    rule = ApprovalRule.current()
    approvals = version.decisions.filter(revision=version.revision, outcome=Outcome.APPROVE)
    per_organisation = approvals.order_by().values("organisation").annotate(n=Count("pk"))
    counts = {row["organisation"]: row["n"] for row in per_organisation}
    return all(counts.get(org, 0) >= rule.required(org) for org in Organisation.values)


@transaction.atomic
def start_revision(initiative: Initiative, *, by) -> InitiativeVersion:
    """Godkendt → a new Kladde version, a copy of the approved one; the approved version applies meanwhile."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    latest = InitiativeVersion.objects.select_related("initiative").get(pk=initiative.latest_version_id)
    if not can_start_revision(by, latest):
        if latest.is_editable or latest.state == State.SUBMITTED:
            raise WorkflowError(
                _("A new version is already under way (version %(number)s, %(state)s).")
                % {"number": latest.number, "state": latest.get_state_display().lower()}
            )
        raise WorkflowError(_("Only an approved initiative can be revised with a new version."))
    source = InitiativeVersion.objects.get(pk=initiative.approved_version_id)
    copy = _copy_version(source, by=by)
    Initiative.objects.filter(pk=initiative.pk).update(latest_version=copy)
    datacache.bump()  # a queryset update sends no signal
    # The new version is born a draft; the approved one keeps its state, so no change of state is recorded.
    _record(
        copy,
        by=by,
        action=Event.Action.REVISION_STARTED,
        from_state=State.DRAFT,
        to_state=State.DRAFT,
        justification=_("Copy of version %(number)s.") % {"number": source.number},
    )
    return copy


def _copy_version(source: InitiativeVersion, *, by) -> InitiativeVersion:
    skipped = {
        "id",
        "number",
        "state",
        "revision",
        "created_at",
        "updated_at",
        "author",
        "last_edited_by",
        "copied_from",
        # A new version is not public until its own approval says so.
        "published",
        "public_contacts",
        "public_budget",
    }
    values = {
        f.attname: getattr(source, f.attname) for f in InitiativeVersion._meta.concrete_fields if f.name not in skipped
    }
    number = (source.initiative.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    copy = InitiativeVersion(
        **values,
        number=number,
        state=State.DRAFT,
        author=by,
        last_edited_by=by,
        copied_from=source,
        created_at=now,
        updated_at=now,
    )
    save_version(
        copy,
        by=by,
        m2m={name: getattr(source, name).all() for name in ("other_focus_areas", "local_areas", "partners")},
    )
    for contribution in source.contributions.all():
        _save_as(Contribution(version=copy, sub_goal_id=contribution.sub_goal_id, how=contribution.how), by)
    for goal in source.effect_goals.all():
        values = {
            f.attname: getattr(goal, f.attname)
            for f in EffectGoal._meta.concrete_fields
            if f.name not in {"id", "version"}
        }
        _save_as(EffectGoal(**values, version=copy), by)
    return copy


def _save_as(obj, by) -> None:
    obj._history_user = by
    obj.save()


@transaction.atomic
def complete(
    version: InitiativeVersion,
    *,
    by,
    worked: str,
    did_not_work: str,
    recommendation: str,
    expected_revision: int | None = None,
) -> Event:
    """Godkendt → Afsluttet: the initiative has ended; its end evaluation (what worked, what did not, continue,
    adjust or stop) is required, kept beside the final status of its effect goals and summed up on the timeline."""
    version = _lock(version)
    check_transition(version.state, State.COMPLETED)
    if not can_complete(by, version):
        raise WorkflowError(
            _("Only the approved version in force can be completed, and only when no new version is under way.")
        )
    _check_revision(version, expected_revision)
    worked, did_not_work = worked.strip(), did_not_work.strip()
    if not worked or not did_not_work or recommendation not in EndEvaluation.Recommendation.values:
        raise WorkflowError(
            _("Write the end evaluation: what worked, what did not, and whether to continue, adjust or stop.")
        )
    evaluation = EndEvaluation.objects.create(
        version=version, worked=worked, did_not_work=did_not_work, recommendation=recommendation, written_by=by
    )
    summary = _("Recommendation: %(recommendation)s.") % {"recommendation": evaluation.get_recommendation_display()}
    return _move(
        version,
        State.COMPLETED,
        by=by,
        action=Event.Action.COMPLETED,
        justification=f"{worked}\n\n{did_not_work}\n\n{summary}",
    )


@transaction.atomic
def withdraw(version: InitiativeVersion, *, by, expected_revision: int | None = None) -> Event:
    """Indsendt → Kladde: the author or a colleague takes a submission back before any member has decided."""
    version = _lock(version)
    decided = version.decisions.filter(revision=version.revision).exists()
    if not can_withdraw(by, version, decided=decided):
        if decided:
            raise WorkflowError(
                _(
                    "A member of the steering group has already decided on this version, so it "
                    "can no longer be withdrawn."
                )
            )
        raise WorkflowError(_("Only a submitted version awaiting a decision can be withdrawn."))
    _check_revision(version, expected_revision)
    event = _move(version, State.DRAFT, by=by, action=Event.Action.WITHDRAWN)
    notify.version_withdrawn(event)
    return event


@transaction.atomic
def abandon(version: InitiativeVersion, *, by, expected_revision: int | None = None) -> Event:
    """Kladde/Tilbagesendt → Opgivet: a new version is given up; the approved version goes on applying and may
    be revised again. The abandoned version stays readable, with its place in the timeline."""
    version = _lock(version)
    if not can_abandon(by, version):
        raise WorkflowError(_("Only a new version under way, while an approved version applies, can be abandoned."))
    _check_revision(version, expected_revision)
    event = _move(version, State.ABANDONED, by=by, action=Event.Action.ABANDONED)
    Initiative.objects.filter(pk=version.initiative_id).update(latest_version_id=version.initiative.approved_version_id)
    datacache.bump()  # a queryset update sends no signal
    return event


@transaction.atomic
def delete_draft(version: InitiativeVersion, *, by) -> None:
    """Delete an initiative whose first draft was never submitted. Nothing of the approval record refers to it;
    the document's history keeps the deletion with who made it."""
    version = _lock(version)
    if not can_delete(by, version, has_events=version.initiative.events.exists()):
        raise WorkflowError(_("Only a first draft that was never submitted can be deleted."))
    initiative = version.initiative
    audit.record_deletion(
        initiative, AuditEntry.Action.DRAFT_DELETED, by=by, subject=f"{initiative.number} {version.title}"
    )
    for related in [*version.contributions.all(), *version.effect_goals.all(), version]:
        related._history_user = by
        related.delete()
    initiative.delete()
