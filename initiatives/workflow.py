"""All state changes of an initiative version. Views, the admin and the demo call these; nothing else sets `state`.

Kladde → Indsendt → Godkendt | Tilbagesendt | Afvist, and Godkendt → Afsluttet. Changing an approved initiative
starts a new version (a copy in Kladde) that goes the same way; the approved version applies until the new one is
approved. Every function locks the rows it changes (`select_for_update`), so a double click, the back button or two
members deciding at the same moment are serialised: the second one sees the state the first one left and gets a
`WorkflowError` with a message for the user, never a second transition. Mail goes out after the commit and may
fail without undoing anything.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from initiatives import notify
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
from initiatives.permissions import can_complete, can_start_revision, can_submit, decision_refusal

State = InitiativeVersion.State
Outcome = Decision.Outcome

# Every allowed change of a version's state; anything not listed is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED}),
    State.RETURNED: frozenset({State.SUBMITTED}),
    State.SUBMITTED: frozenset({State.APPROVED, State.RETURNED, State.REJECTED}),
    State.APPROVED: frozenset({State.COMPLETED}),
    State.REJECTED: frozenset(),
    State.COMPLETED: frozenset(),
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
    missing = []
    for name in ("title", "summary", "description", "target_group"):
        if not getattr(version, name, "").strip():
            missing.append(_("%(field)s is empty.") % {"field": _field_label(name)})
    if version.basis == InitiativeVersion.Basis.EVIDENCE:
        if not version.evidence_summary.strip() or not version.evidence_references.strip():
            missing.append(_("The earlier results and where they are documented (basis: evidence)."))
    elif not version.learning_question.strip():
        missing.append(_("The learning question (basis: developing the safety work)."))
    if version.involves_municipality and not version.municipal_contact_id:
        missing.append(_("A contact person in the municipality."))
    if version.involves_police and not version.police_contact_id:
        missing.append(_("A contact person in the police."))
    if not version.whole_municipality and not version.local_areas.exists():
        missing.append(_("The geography: the whole municipality or named local areas."))
    if version.embargo_until and not version.embargo_reason.strip():
        missing.append(_("The reason for the communication embargo."))
    contributions = list(version.contributions.all())
    if not contributions:
        missing.append(_("At least one sub-goal the initiative contributes to, and how."))
    elif any(not c.how.strip() for c in contributions):
        missing.append(_("How the initiative contributes to each chosen sub-goal."))
    goals = list(version.effect_goals.all())
    if not goals:
        missing.append(_("At least one effect goal."))
    for goal in changed_without_reason(version, goals):
        missing.append(_("The reason why the baseline or the target of the effect goal “%(goal)s” changed from the "
                         "approved version.") % {"goal": goal.description[:60]})
    chosen = {c.sub_goal_id for c in contributions}
    if any(goal.sub_goal_id not in chosen for goal in goals):
        missing.append(_("Each effect goal must evidence one of the sub-goals the initiative contributes to."))
    return missing


def changed_without_reason(version: InitiativeVersion, goals: list[EffectGoal]) -> list[EffectGoal]:
    """Goals whose baseline or target differs from the approved version's copy and that give no reason."""
    approved_id = version.initiative.approved_version_id
    if not approved_id or approved_id == version.pk:
        return []
    before = {g.lineage: g for g in EffectGoal.objects.filter(version_id=approved_id)}
    fields = ("baseline_value", "baseline_date", "target_value", "target_date")
    return [
        goal for goal in goals
        if goal.lineage in before and not goal.change_reason.strip()
        and any(getattr(goal, name) != getattr(before[goal.lineage], name) for name in fields)
    ]


def _field_label(name: str) -> str:
    return str(InitiativeVersion._meta.get_field(name).verbose_name).capitalize()


def _lock(version: InitiativeVersion) -> InitiativeVersion:
    """The version as stored now, locked until the transaction ends (serialises concurrent clicks)."""
    return InitiativeVersion.objects.select_for_update().select_related("initiative").get(pk=version.pk)


def _check_revision(version: InitiativeVersion, expected_revision: int | None) -> None:
    if expected_revision is not None and expected_revision != version.revision:
        raise WorkflowError(
            _("The version has changed since you opened the page. Read it again before you act on it.")
        )


def _move(version: InitiativeVersion, to_state: str, *, by, action: str, justification: str = "",
          decision: Decision | None = None) -> Event:
    """Change the state (raising the revision, so forms opened before are refused) and record it."""
    from_state = version.state
    check_transition(from_state, to_state)
    # A queryset update, not save(): a state change is not an edit of the text, so it must not enter the
    # document's history, where it would count the deciding member as an editor of the version.
    InitiativeVersion.objects.filter(pk=version.pk).update(state=to_state, revision=F("revision") + 1)
    version.state = to_state
    version.revision += 1
    return _record(version, by=by, action=action, from_state=from_state, to_state=to_state,
                   justification=justification, decision=decision)


def _record(version, *, by, action, from_state, to_state, justification="", decision=None) -> Event:
    return Event.objects.create(
        initiative_id=version.initiative_id, version=version, actor=by, organisation=by.organisation,
        action=action, from_state=from_state, to_state=to_state, justification=justification, decision=decision,
    )


@transaction.atomic
def submit(version: InitiativeVersion, *, by, expected_revision: int | None = None,
           send_mail: bool = True) -> Event:
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
        transaction.on_commit(lambda: notify.version_submitted(event), robust=True)
    return event


@transaction.atomic
def decide(version: InitiativeVersion, *, by, outcome: str, justification: str, sub_goals=(),
           contributes_to_goal: bool = False, expected_revision: int | None = None,
           send_mail: bool = True) -> Decision:
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
            raise WorkflowError(_("An approval states that the initiative contributes to the strategy's goal, "
                                  "and through which sub-goals."))
        if any(s.pk not in declared for s in sub_goals):
            raise WorkflowError(_("Choose only sub-goals the document says the initiative contributes to."))
    elif outcome in _OUTCOME_STATE:
        sub_goals, contributes_to_goal = [], False
    else:
        raise WorkflowError(_("Choose approve, send back or reject."))

    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                version=version, revision=version.revision, member=by, organisation=by.organisation,
                outcome=outcome, justification=justification, contributes_to_goal=contributes_to_goal,
            )
    except IntegrityError:  # the unique constraint, should a database not honour the row lock
        raise WorkflowError(_("You have already recorded your decision on this version.")) from None
    decision.sub_goals.set(sub_goals)

    to_state = _OUTCOME_STATE.get(outcome) or (State.APPROVED if _quorum_reached(version) else State.SUBMITTED)
    action = _OUTCOME_ACTION[outcome]
    if to_state == State.SUBMITTED:
        event = _record(version, by=by, action=action, from_state=State.SUBMITTED, to_state=State.SUBMITTED,
                        justification=justification, decision=decision)
    else:
        event = _move(version, to_state, by=by, action=action, justification=justification, decision=decision)
    if to_state == State.APPROVED:
        # The new approved version replaces the one that applied until now; that one stays viewable, frozen.
        Initiative.objects.filter(pk=version.initiative_id).update(approved_version=version)
    if send_mail:
        transaction.on_commit(lambda: notify.decision_recorded(event), robust=True)
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
            raise WorkflowError(_("A new version is already under way (version %(number)s, %(state)s).") % {
                "number": latest.number, "state": latest.get_state_display().lower()})
        raise WorkflowError(_("Only an approved initiative can be revised with a new version."))
    source = InitiativeVersion.objects.get(pk=initiative.approved_version_id)
    copy = _copy_version(source, by=by)
    Initiative.objects.filter(pk=initiative.pk).update(latest_version=copy)
    # The new version is born a draft; the approved one keeps its state, so no change of state is recorded.
    _record(copy, by=by, action=Event.Action.REVISION_STARTED, from_state=State.DRAFT, to_state=State.DRAFT,
            justification=_("Copy of version %(number)s.") % {"number": source.number})
    return copy


def _copy_version(source: InitiativeVersion, *, by) -> InitiativeVersion:
    skipped = {"id", "number", "state", "revision", "created_at", "updated_at", "author", "last_edited_by"}
    values = {
        f.attname: getattr(source, f.attname)
        for f in InitiativeVersion._meta.concrete_fields
        if f.name not in skipped
    }
    number = (source.initiative.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    copy = InitiativeVersion(**values, number=number, state=State.DRAFT, author=by, last_edited_by=by,
                             created_at=now, updated_at=now)
    copy.skip_history_when_saving = True
    copy.save()
    for name in ("other_focus_areas", "local_areas", "partners"):
        getattr(copy, name).set(getattr(source, name).all())
    del copy.skip_history_when_saving
    copy._history_user = by
    copy.save()
    for contribution in source.contributions.all():
        _save_as(Contribution(version=copy, sub_goal_id=contribution.sub_goal_id, how=contribution.how), by)
    for goal in source.effect_goals.all():
        values = {f.attname: getattr(goal, f.attname) for f in EffectGoal._meta.concrete_fields
                  if f.name not in {"id", "version"}}
        _save_as(EffectGoal(**values, version=copy), by)
    return copy


def _save_as(obj, by) -> None:
    obj._history_user = by
    obj.save()


@transaction.atomic
def complete(version: InitiativeVersion, *, by, worked: str, did_not_work: str, recommendation: str,
             expected_revision: int | None = None) -> Event:
    """Godkendt → Afsluttet: the initiative has ended; its end evaluation (what worked, what did not, continue,
    adjust or stop) is required, kept beside the final status of its effect goals and summed up on the timeline."""
    version = _lock(version)
    check_transition(version.state, State.COMPLETED)
    if not can_complete(by, version):
        raise WorkflowError(_("Only the approved version in force can be completed, and only when no new "
                              "version is under way."))
    _check_revision(version, expected_revision)
    worked, did_not_work = worked.strip(), did_not_work.strip()
    if not worked or not did_not_work or recommendation not in EndEvaluation.Recommendation.values:
        raise WorkflowError(_("Write the end evaluation: what worked, what did not, and whether to continue, "
                              "adjust or stop."))
    evaluation = EndEvaluation.objects.create(version=version, worked=worked, did_not_work=did_not_work,
                                              recommendation=recommendation, written_by=by)
    summary = _("Recommendation: %(recommendation)s.") % {"recommendation": evaluation.get_recommendation_display()}
    return _move(version, State.COMPLETED, by=by, action=Event.Action.COMPLETED,
                 justification=f"{worked}\n\n{did_not_work}\n\n{summary}")
