"""What the initiative page shows and offers around the document: the part that is the same for every reader
(kept by datacache) and, per request, what this user may do with it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from initiatives import steering, workflow
from initiatives.models import Initiative, InitiativeVersion
from initiatives.permissions import (
    DECIDE_PERMISSION,
    can_abandon,
    can_complete,
    can_delete,
    can_edit,
    can_start_revision,
    can_submit,
    can_withdraw,
    decision_refusal,
    may_edit_initiative,
)
from initiatives.workflow_forms import CompleteForm, DecisionForm, SubmitForm


def latest_version_to_work_on(request, pk, *, may=may_edit_initiative) -> tuple[Initiative, InitiativeVersion]:
    """The initiative and its latest version, if this user `may` work on it (edit it, unless another rule is
    given, such as recording follow-up): 404 without one, 403 otherwise."""
    initiative = get_object_or_404(Initiative.objects.select_related("latest_version__initiative"), pk=pk)
    version = initiative.latest_version
    if version is None:
        raise Http404
    if not may(request.user, version):
        raise PermissionDenied
    return initiative, version


def document_context(request, version: InitiativeVersion) -> dict:
    return {
        "version": version,
        "initiative": version.initiative,
        "may_edit": may_edit_initiative(request.user, version),
        "can_edit": can_edit(request.user, version),
        "today": timezone.localdate(),
    }


def shared_workflow_context(version: InitiativeVersion) -> dict:
    """What the initiative page shows around the document the same for every reader: the approved version (when
    a newer one is under way), the decisions, the timeline and, for a submitted version, its place in the queue."""
    initiative = version.initiative
    approved = None
    if initiative.approved_version_id and initiative.approved_version_id != version.pk:
        approved = InitiativeVersion.objects.only("pk", "number", "title", "state", "initiative_id").get(
            pk=initiative.approved_version_id
        )
    queue_item = None
    if version.state == InitiativeVersion.State.SUBMITTED:
        queue_item = next(iter(steering.decision_queue(initiative_id=initiative.pk)), None)
    return {
        "approved": approved,
        "decisions": steering.round_decisions(version),
        "timeline": steering.timeline(initiative),
        "queue_item": queue_item,
    }


def workflow_context(
    request, version: InitiativeVersion, *, decision_form=None, complete_form=None, shared: dict | None = None
) -> dict:
    """What the initiative page shows and offers around the document: state, actions, decisions, timeline.

    `shared` is `shared_workflow_context(version)` when the caller has it already."""
    user = request.user
    context = document_context(request, version)
    shared = shared if shared is not None else shared_workflow_context(version)
    context.update(
        approved=shared["approved"],
        decisions=shared["decisions"],
        timeline=shared["timeline"],
        can_start_revision=can_start_revision(user, version),
    )
    if can_submit(user, version):
        context["missing"] = workflow.missing_for_submission(version)
        context["submit_form"] = SubmitForm(version=version)
    if user.has_perm(DECIDE_PERMISSION) and version.state == InitiativeVersion.State.SUBMITTED:
        refusal = decision_refusal(user, version)
        context["decision_refusal"] = refusal
        if refusal is None:
            context["decision_form"] = decision_form or DecisionForm(version=version)
    if can_complete(user, version):
        context["complete_form"] = complete_form or CompleteForm(version=version)
    if version.state == InitiativeVersion.State.SUBMITTED:
        context["queue_item"] = shared["queue_item"]
    decided = any(d.revision == version.revision for d in context["decisions"])
    context.update(
        lifecycle_form=SubmitForm(version=version, auto_id=False),
        can_withdraw=can_withdraw(user, version, decided=decided),
        can_abandon=can_abandon(user, version),
        can_delete=can_delete(user, version, has_events=bool(context["timeline"])),
    )
    return context
