"""Initiative documents and their approval: list, export, create, read, print, edit, history, and the workflow
(submit, decide, start a new version, complete) with the steering group's pages.

Everyone with the reading permission (every role) reads every initiative, its versions, timeline and the
steering group's pages; embargoed ones are marked on every page and left out of exports. Who may edit, submit
and decide is decided in initiatives/permissions.py; every state change goes through initiatives/workflow.py,
only by POST.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives import exports, queries, workflow
from initiatives.documents import EditConflict, NotEditable, save_document
from initiatives.filters import DecisionFilter, InitiativeFilter
from initiatives.forms import (
    CompleteForm,
    DecisionForm,
    InitiativeVersionForm,
    SubmitForm,
    check_effect_goals_match_sub_goals,
    contribution_formset,
    effect_goal_formset,
)
from initiatives.models import ApprovalRule, Decision, Initiative, InitiativeVersion
from initiatives.pagination import paginate
from initiatives.permissions import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    DECIDE_PERMISSION,
    VIEW_PERMISSION,
    can_complete,
    can_edit,
    can_start_revision,
    can_submit,
    decision_refusal,
    edit_refusal,
    may_edit_initiative,
)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_list(request):
    """Every role: all initiatives, filtered, sorted and paginated."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.listed_versions())
    page, query = paginate(request, filterset.qs)
    return render(
        request,
        "initiatives/initiative_list.html",
        {"filter": filterset, "page": page, "query": query, "today": timezone.localdate()},
    )


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_export(request, fmt):
    """Every role: the filtered list as CSV or XLSX, without initiatives under embargo."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.listed_versions())
    versions = queries.exported_versions(filterset.qs)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(versions), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(versions),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="initiativer-{stamp}.{fmt}"'
    return response


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_detail(request, pk):
    """Every role: the initiative document (its latest version), its state, timeline and workflow actions."""
    version = queries.document(pk)
    return render(request, "initiatives/initiative_detail.html", _workflow_context(request, version))


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_print(request, pk):
    """Every role: the document alone, laid out for A4 paper (a steering-group meeting)."""
    version = queries.document(pk)
    return render(request, "initiatives/initiative_print.html", _document_context(request, version))


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_history(request, pk):
    """Every role: who changed what and when, field by field."""
    initiative = get_object_or_404(Initiative.objects.select_related("latest_version"), pk=pk)
    return render(
        request,
        "initiatives/initiative_history.html",
        {"initiative": initiative, "version": initiative.latest_version, "entries": queries.history(initiative)},
    )


@permission_required(ADD_PERMISSION, raise_exception=True)
def initiative_create(request):
    """Municipal staff: write a new initiative document (it starts as a draft)."""
    version = InitiativeVersion(author=request.user)
    forms = _document_forms(request.POST if request.method == "POST" else None, version)
    if request.method == "POST" and _all_valid(forms):
        version = save_document(**forms, by=request.user)
        messages.success(request, _("The initiative “%(title)s” was created as a draft.") % {"title": version.title})
        return redirect(version.initiative)
    return render(request, "initiatives/initiative_form.html", {**forms, "creating": True})


@permission_required(CHANGE_PERMISSION, raise_exception=True)
def initiative_edit(request, pk):
    """Municipal staff, and police liaisons where the police shares the responsibility: edit a draft or a
    version returned for revision. Approved and submitted versions are refused with the reason."""
    initiative, version = _latest_version_to_work_on(request, pk)
    if not can_edit(request.user, version):
        messages.error(request, edit_refusal(version))
        return redirect(initiative)

    conflict = None
    forms = _document_forms(request.POST if request.method == "POST" else None, version)
    if request.method == "POST" and _all_valid(forms):
        try:
            save_document(**forms, by=request.user)
        except NotEditable as refusal:
            messages.error(request, str(refusal))
            return redirect(initiative)
        except EditConflict as error:
            conflict = error.current
            # Keep everything the user typed, but base a deliberate second save on the version now stored.
            data = request.POST.copy()
            data["revision"] = str(conflict.revision)
            version.refresh_from_db()
            forms = _document_forms(data, version)
            _all_valid(forms)
        else:
            messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": version.title})
            return redirect(initiative)
    context = {**forms, "creating": False, "initiative": initiative, "version": version}
    if conflict is not None:
        context["conflict"] = _(
            "%(user)s saved this initiative at %(time)s while you were editing it. Nothing of yours has been "
            "saved yet, and what you typed is kept below. Compare with the history, then save again to replace "
            "their version with yours."
        ) % {
            "user": conflict.last_edited_by or _("Someone"),
            "time": formats.date_format(timezone.localtime(conflict.updated_at), "SHORT_DATETIME_FORMAT"),
        }
    return render(request, "initiatives/initiative_form.html", context, status=409 if conflict else 200)


def _latest_version_to_work_on(request, pk) -> tuple[Initiative, InitiativeVersion]:
    """The initiative and its latest version, if this user may work on it: 404 without one, 403 otherwise."""
    initiative = get_object_or_404(Initiative.objects.select_related("latest_version__initiative"), pk=pk)
    version = initiative.latest_version
    if version is None:
        raise Http404
    if not may_edit_initiative(request.user, version):
        raise PermissionDenied
    return initiative, version


def _document_forms(data, version: InitiativeVersion) -> dict:
    saved = version if version.pk else None
    return {
        "form": InitiativeVersionForm(data, instance=version),
        "contributions": contribution_formset(data, saved),
        "effect_goals": effect_goal_formset(data, saved),
    }


def _all_valid(forms: dict) -> bool:
    valid = all([forms["form"].is_valid(), forms["contributions"].is_valid(), forms["effect_goals"].is_valid()])
    if valid:
        return check_effect_goals_match_sub_goals(forms["contributions"], forms["effect_goals"])
    return False


def _document_context(request, version: InitiativeVersion) -> dict:
    return {
        "version": version,
        "initiative": version.initiative,
        "may_edit": may_edit_initiative(request.user, version),
        "can_edit": can_edit(request.user, version),
        "today": timezone.localdate(),
    }


def _workflow_context(request, version: InitiativeVersion, *, decision_form=None, complete_form=None) -> dict:
    """What the initiative page shows and offers around the document: state, actions, decisions, timeline."""
    user = request.user
    initiative = version.initiative
    context = _document_context(request, version)
    approved = None
    if initiative.approved_version_id and initiative.approved_version_id != version.pk:
        approved = InitiativeVersion.objects.only("pk", "number", "title", "state", "initiative_id").get(
            pk=initiative.approved_version_id)
    context.update(
        approved=approved,
        decisions=queries.round_decisions(version),
        timeline=queries.timeline(initiative),
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
    return context


@permission_required(VIEW_PERMISSION, raise_exception=True)
def version_detail(request, pk, number):
    """Every role: one exact version, frozen as it was written and decided on, with its decisions."""
    version = queries.version_document(pk, number)
    context = _document_context(request, version)
    context.update(
        decisions=queries.round_decisions(version),
        is_latest=version.initiative.latest_version_id == version.pk,
        is_in_force=version.initiative.approved_version_id == version.pk,
        versions=version.initiative.versions.only("pk", "number", "state", "initiative_id"),
    )
    return render(request, "initiatives/version_detail.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def revision_view(request, pk):
    """Every role: while a new version is under way, the approved version, the proposed changes and both states."""
    initiative = get_object_or_404(Initiative, pk=pk)
    if not initiative.approved_version_id or initiative.approved_version_id == initiative.latest_version_id:
        raise Http404(_("No new version of this initiative is under way."))
    approved = queries.version_document(pk, initiative.approved_version.number)
    proposed = queries.document(pk)
    context = {
        "initiative": initiative,
        "approved": approved,
        "proposed": proposed,
        "version": proposed,
        "changes": queries.revision_changes(approved, proposed),
    }
    return render(request, "initiatives/revision.html", context)


@require_POST
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def submit(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: submit the latest version."""
    initiative, version = _latest_version_to_work_on(request, pk)
    form = SubmitForm(request.POST, version=version)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["revision"]))
        return redirect(initiative)
    try:
        workflow.submit(version, by=request.user, expected_revision=form.cleaned_data["revision"])
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(number)s was submitted to the steering group.") % {
            "number": version.number})
    return redirect(initiative)


@require_POST
@permission_required(DECIDE_PERMISSION, raise_exception=True)
def decide(request, pk, number):
    """Steering-group members: approve, send back or reject the submitted version (not one they edited)."""
    version = get_object_or_404(InitiativeVersion.objects.select_related("initiative"), initiative_id=pk,
                                number=number)
    form = DecisionForm(request.POST, version=version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = workflow.decide(
                version, by=request.user, outcome=data["outcome"], justification=data["justification"],
                sub_goals=data["sub_goals"], contributes_to_goal=data["contributes_to_goal"],
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
    context = _workflow_context(request, latest, decision_form=DecisionForm(request.POST, version=latest))
    context["decision_form"].is_valid()
    return render(request, "initiatives/initiative_detail.html", context)


def _decision_message(decision: Decision, version: InitiativeVersion) -> str:
    if version.state == InitiativeVersion.State.APPROVED:
        return _("Your approval is recorded. The steering group has now approved version %(number)s.") % {
            "number": version.number}
    if version.state == InitiativeVersion.State.RETURNED:
        return _("Your decision is recorded. The version is sent back to the author for revision.")
    if version.state == InitiativeVersion.State.REJECTED:
        return _("Your decision is recorded. The version is rejected.")
    return _("Your approval is recorded. The version awaits the other organisation's approval.")


@require_POST
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def revise(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: start a new version of an
    approved initiative (the approved one applies until the new one is approved)."""
    initiative, _version = _latest_version_to_work_on(request, pk)
    try:
        copy = workflow.start_revision(initiative, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(initiative)
    messages.success(request, _(
        "Version %(number)s was started as a copy of the approved version, which applies until the steering "
        "group approves the new one. Make your changes and submit it."
    ) % {"number": copy.number})
    return redirect("initiatives:edit", pk=initiative.pk)


@require_POST
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def complete(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: complete an approved initiative
    with its end evaluation."""
    initiative, version = _latest_version_to_work_on(request, pk)
    form = CompleteForm(request.POST, version=version)
    if form.is_valid():
        try:
            workflow.complete(version, by=request.user, evaluation=form.cleaned_data["evaluation"],
                              expected_revision=form.cleaned_data["revision"])
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The initiative is completed; the end evaluation is on its timeline."))
        return redirect(initiative)
    if "revision" in form.errors or not can_complete(request.user, version):
        messages.error(request, " ".join(form.errors.get("revision", [])) or _(
            "Only the approved version in force can be completed."))
        return redirect(initiative)
    version = queries.document(pk)
    context = _workflow_context(request, version, complete_form=CompleteForm(request.POST, version=version))
    context["complete_form"].is_valid()
    return render(request, "initiatives/initiative_detail.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def steering_group(request):
    """Every role: the queue of versions awaiting the steering group, a page at a time, with what each member
    still has to decide, and how many await the user's own decision."""
    page, query = paginate(request, queries.awaiting_decision())
    return render(request, "initiatives/steering_group.html", {
        "page": page, "query": query, "queue": queries.queue_items(page.object_list),
        "mine": queries.awaiting_count(request.user), "rule": ApprovalRule.current(), "today": timezone.localdate(),
    })


@permission_required(VIEW_PERMISSION, raise_exception=True)
def agenda(request):
    """Every role: a printable agenda for a steering-group meeting: what awaits a decision on that date, a page
    at a time."""
    raw = request.GET.get("dato", "").strip()
    meeting = timezone.localdate()
    error = None
    if raw:
        try:
            meeting = datetime.date.fromisoformat(raw[:10])
        except ValueError:
            error = _("“%(value)s” is not a date. Choose the meeting date in the date field (e.g. 2026-05-04).") % {
                "value": raw[:20]}
    context = {"meeting": meeting, "error": error, "raw": raw[:20], "today": timezone.localdate(),
               "rule": ApprovalRule.current()}
    if error:
        return render(request, "initiatives/agenda.html", context, status=400)
    page, query = paginate(request, queries.awaiting_decision(until=meeting))
    context.update(page=page, query=query, items=queries.queue_items(page.object_list))
    return render(request, "initiatives/agenda.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def decision_log(request):
    """Every role: every decision of the steering group, filterable, newest first."""
    filterset = DecisionFilter(request.GET or None, queryset=queries.decision_log())
    page, query = paginate(request, filterset.qs)
    return render(request, "initiatives/decision_log.html", {"filter": filterset, "page": page,
                                                              "query": query})

