"""The approval workflow's actions on an initiative: submit, decide, start a new version, complete, withdraw,
abandon and delete a draft. Each is POST only (a GET goes back to the initiative page), and every state change
goes through initiatives/workflow.py."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives import queries, workflow
from initiatives.models import Decision, InitiativeVersion
from initiatives.page_context import latest_version_to_work_on, workflow_context
from initiatives.permissions import CHANGE_PERMISSION, DECIDE_PERMISSION, can_complete
from initiatives.publication import Publication
from initiatives.workflow_forms import CompleteForm, DecisionForm, SubmitForm
from pages.actions import post_only


def _initiative_page(request, pk, **_kwargs) -> str:
    return reverse("initiatives:detail", args=[pk])


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def submit(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: submit the latest version."""
    initiative, version = latest_version_to_work_on(request, pk)
    form = SubmitForm(request.POST, version=version)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["revision"]))
        return redirect(initiative)
    try:
        workflow.submit(version, by=request.user, expected_revision=form.cleaned_data["revision"])
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Version %(number)s was submitted to the steering group.") % {"number": version.number}
        )
    return redirect(initiative)


@post_only(_initiative_page)
@permission_required(DECIDE_PERMISSION, raise_exception=True)
def decide(request, pk, number):
    """Steering-group members: approve, send back or reject the submitted version (not one they edited)."""
    version = get_object_or_404(InitiativeVersion.objects.select_related("initiative"), initiative_id=pk, number=number)
    form = DecisionForm(request.POST, version=version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = workflow.decide(
                version,
                by=request.user,
                outcome=data["outcome"],
                justification=data["justification"],
                sub_goals=data["sub_goals"],
                contributes_to_goal=data["contributes_to_goal"],
                publication=Publication(data["publish"], data["publish_contacts"], data["publish_budget"]),
                expected_revision=data["revision"],
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            version.refresh_from_db()
            messages.success(request, _decision_message(decision, version))
        return redirect(version.initiative)
    if "revision" in form.errors:
        messages.error(request, " ".join(form.errors["revision"]))
        return redirect(version.initiative)
    latest = queries.document(pk)
    if latest.pk != version.pk:
        messages.error(request, _("This version is no longer awaiting a decision."))
        return redirect(version.initiative)
    context = workflow_context(request, latest, decision_form=DecisionForm(request.POST, version=latest))
    context["decision_form"].is_valid()
    return render(request, "initiatives/initiative_detail.html", context)


def _decision_message(decision: Decision, version: InitiativeVersion) -> str:
    if version.state == InitiativeVersion.State.APPROVED:
        return _("Your approval is recorded. The steering group has now approved version %(number)s.") % {
            "number": version.number
        }
    if version.state == InitiativeVersion.State.RETURNED:
        return _("Your decision is recorded. The version is sent back to the author for revision.")
    if version.state == InitiativeVersion.State.REJECTED:
        return _("Your decision is recorded. The version is rejected.")
    return _("Your approval is recorded. The version awaits the other organisation's approval.")


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def revise(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: start a new version of an
    approved initiative (the approved one applies until the new one is approved)."""
    initiative, _version = latest_version_to_work_on(request, pk)
    try:
        copy = workflow.start_revision(initiative, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(initiative)
    messages.success(
        request,
        _(
            "Version %(number)s was started as a copy of the approved version, which applies until the steering "
            "group approves the new one. Make your changes and submit it."
        )
        % {"number": copy.number},
    )
    return redirect("initiatives:edit", pk=initiative.pk)


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def complete(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: complete an approved initiative
    with its end evaluation."""
    initiative, version = latest_version_to_work_on(request, pk)
    form = CompleteForm(request.POST, version=version)
    if form.is_valid():
        try:
            data = form.cleaned_data
            workflow.complete(
                version,
                by=request.user,
                worked=data["worked"],
                did_not_work=data["did_not_work"],
                recommendation=data["recommendation"],
                expected_revision=data["revision"],
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "The initiative is completed; the end evaluation is shown with the final "
                    "status of its effect goals."
                ),
            )
        return redirect(initiative)
    if "revision" in form.errors or not can_complete(request.user, version):
        messages.error(
            request,
            " ".join(form.errors.get("revision", [])) or _("Only the approved version in force can be completed."),
        )
        return redirect(initiative)
    version = queries.document(pk)
    context = workflow_context(request, version, complete_form=CompleteForm(request.POST, version=version))
    context["complete_form"].is_valid()
    return render(request, "initiatives/initiative_detail.html", context)


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def withdraw(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: take a submission back to draft
    before any member of the steering group has decided on it."""
    initiative, version = latest_version_to_work_on(request, pk)
    return _lifecycle_action(
        request,
        initiative,
        version,
        workflow.withdraw,
        _("The submission is withdrawn; version %(number)s is a draft again.") % {"number": version.number},
    )


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def abandon(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: abandon a new version under way;
    the approved version goes on applying."""
    initiative, version = latest_version_to_work_on(request, pk)
    return _lifecycle_action(
        request,
        initiative,
        version,
        workflow.abandon,
        _("Version %(number)s is abandoned. The approved version applies as before.") % {"number": version.number},
    )


def _lifecycle_action(request, initiative, version, action, success: str):
    form = SubmitForm(request.POST, version=version)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["revision"]))
        return redirect(initiative)
    try:
        action(version, by=request.user, expected_revision=form.cleaned_data["revision"])
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(initiative)


@post_only(_initiative_page)
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def delete(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: delete a first draft that was
    never submitted."""
    initiative, version = latest_version_to_work_on(request, pk)
    try:
        workflow.delete_draft(version, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(initiative)
    messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": version.title})
    return redirect("initiatives:list")
