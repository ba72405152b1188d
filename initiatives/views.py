"""Initiative documents and their approval: list, export, create, read, print, edit, history, and the workflow
(submit, decide, start a new version, complete) with the steering group's pages.

Everyone with the reading permission (every role) reads every initiative, its versions, timeline and the
steering group's pages; embargoed ones are marked on every page and left out of exports. Who may edit, submit
and decide is decided in initiatives/permissions.py; every state change goes through initiatives/workflow.py,
only by POST.
"""

import datetime
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import audit
import datacache
from audit.models import AuditEntry
from initiatives import changes, documents, exports, queries, sections, workflow
from initiatives.filters import DecisionFilter, InitiativeFilter
from initiatives.form_data import document_from_forms, merged_form_data
from initiatives.forms import InitiativeVersionForm, error_summary
from initiatives.goal_forms import (
    check_effect_goals_match_sub_goals,
    contribution_formset,
    effect_goal_formset,
    with_another_effect_goal,
)
from initiatives.models import ApprovalRule, Decision, Initiative, InitiativeVersion
from initiatives.pagination import paginate
from initiatives.permissions import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    DECIDE_PERMISSION,
    VIEW_PERMISSION,
    can_abandon,
    can_complete,
    can_delete,
    can_edit,
    can_start_revision,
    can_submit,
    can_withdraw,
    decision_refusal,
    edit_refusal,
    may_edit_initiative,
)
from initiatives.workflow_forms import CompleteForm, DecisionForm, SubmitForm


def post_only(view):
    """An action of the initiative page: POST only, and a GET (a reload after a form error, a bookmark, the
    back button) goes to the initiative page instead of a dead end."""

    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request, pk, **kwargs):
        if request.method != "POST":
            return redirect("initiatives:detail", pk=pk)
        return view(request, pk, **kwargs)

    return wrapped


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_list(request):
    """Every role: all initiatives, filtered, sorted and paginated."""
    # The same for everyone on a given day (the embargo marks and the follow-up figures change at midnight): kept
    # rendered until the data changes.
    content = datacache.cached(("initiative list", request.get_full_path(), timezone.localdate(), get_language()),
                               partial(_list_content, request))
    return render(request, "initiatives/initiative_list.html", content)


def _list_content(request) -> dict:
    """The filters and the requested page of the initiatives they find, and both rendered."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.initiative_list())
    page, query = paginate(request, filterset.qs)
    figures = sections.list_figures()
    for version in page.object_list:
        version.figures = [getattr(version, figure.name) for figure in figures]
    context = {"filter": filterset, "page": page, "query": query, "today": timezone.localdate(), "figures": figures}
    return {**context, "list_html": render_to_string("initiatives/_list_content.html", context)}


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_export(request, fmt):
    """Every role: the filtered list as CSV or XLSX, without initiatives under embargo."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.initiative_list())
    response = exports.download(fmt, filterset.qs)
    audit.record(AuditEntry.Action.EXPORT, actor=request.user, request=request, subject=request.get_full_path(),
                 format=fmt, filter={key: request.GET.getlist(key) for key in request.GET})
    return response


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_detail(request, pk):
    """Every role: the initiative document (its latest version), its state, timeline and workflow actions."""
    # The document and what happened to it are the same for every reader: kept until the data changes. What the
    # user may do with it is decided on each request.
    shared = datacache.cached(("initiative page", pk), partial(_initiative_page, pk))
    version = shared["version"]
    context = _workflow_context(request, version, shared=shared)
    context["sections"] = sections.sections_for("detail", request, version=version)
    return render(request, "initiatives/initiative_detail.html", context)


def _initiative_page(pk) -> dict:
    version = queries.document(pk)
    return {"version": version, **_shared_workflow_context(version)}


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_print(request, pk):
    """Every role: the latest version or, with `?version=N` (e.g. the approved one), that exact version, with its
    decisions and the initiative's timeline, laid out for A4 paper (a steering-group meeting)."""
    number = request.GET.get("version", "")
    if not number:
        version = queries.document(pk)
    elif number.isdigit() and len(number) <= 5:
        version = queries.version_document(pk, int(number))
    else:
        raise Http404(_("“%(value)s” is not a version number.") % {"value": number[:20]})
    context = _document_context(request, version)
    context.update(
        decisions=queries.round_decisions(version),
        timeline=queries.timeline(version.initiative),
        is_in_force=version.initiative.approved_version_id == version.pk,
    )
    return render(request, "initiatives/initiative_print.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_history(request, pk):
    """Every role: who changed what and when, field by field."""
    initiative = get_object_or_404(Initiative.objects.select_related("latest_version"), pk=pk)
    return render(
        request,
        "initiatives/initiative_history.html",
        {"initiative": initiative, "version": initiative.latest_version, "entries": changes.history(initiative)},
    )


@permission_required(ADD_PERMISSION, raise_exception=True)
def initiative_create(request):
    """Municipal staff: write a new initiative document (it starts as a draft)."""
    version = InitiativeVersion(author=request.user)
    if "add_effect_goal" in request.POST:
        return _with_another_effect_goal(request, version, {"creating": True})
    forms = _document_forms(request.POST if request.method == "POST" else None, version)
    if request.method == "POST" and _all_valid(forms):
        version = documents.create_document(document_from_forms(**forms), by=request.user)
        messages.success(request, _("The initiative “%(title)s” was created as a draft.") % {"title": version.title})
        return redirect(version.initiative)
    return render(request, "initiatives/initiative_form.html", {**forms, **_errors(forms), "creating": True})


@permission_required(CHANGE_PERMISSION, raise_exception=True)
def initiative_edit(request, pk):
    """Municipal staff, and police liaisons where the police shares the responsibility: edit a draft or a
    version returned for revision. Approved and submitted versions are refused with the reason. A save that
    meets someone else's newer one is merged (initiatives/documents.py); what both changed is shown to choose."""
    initiative, version = _latest_version_to_work_on(request, pk)
    if not can_edit(request.user, version):
        messages.error(request, edit_refusal(version))
        return redirect(initiative)

    context = {"creating": False, "initiative": initiative, "version": version}
    if "add_effect_goal" in request.POST:
        return _with_another_effect_goal(request, version, context)
    conflict = None
    forms = _document_forms(request.POST if request.method == "POST" else None, version)
    if request.method == "POST" and _all_valid(forms):
        choices = {key[len("keep-"):]: value for key, value in request.POST.items() if key.startswith("keep-")}
        seen = {key[len("seen-"):]: value for key, value in request.POST.items() if key.startswith("seen-")}
        try:
            merged = documents.save_edit(
                version, document_from_forms(**forms), base_revision=forms["form"].cleaned_data["revision"],
                by=request.user, choices=choices, seen=seen,
            )
        except documents.NotEditable as refusal:
            messages.error(request, str(refusal))
            return redirect(initiative)
        except documents.InvalidRevision:
            forms["form"].add_error("revision", _("The form's revision number is invalid. Reload the page and "
                                                  "enter your changes again."))
        except documents.EditConflict as error:
            conflict = error.merge
            # Show what the merge would save: the others' changes in place, the user's typing everywhere else.
            version.refresh_from_db()
            forms = _document_forms(merged_form_data(request.POST, conflict.document, conflicts=conflict.conflicts),
                                    version)
            _all_valid(forms)
        else:
            messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": version.title})
            if merged is not None and merged.their_changes:
                messages.info(request, _(
                    "%(people)s saved changes meanwhile to: %(fields)s. They are kept together with yours."
                ) % {"people": _people(merged.others, request.user), "fields": ", ".join(merged.their_changes)})
            return redirect(initiative)
    context.update(**forms, **_errors(forms))
    if conflict is not None:
        context.update(conflict=conflict, conflict_people=_people(conflict.others, request.user),
                       choices_missing="resolving" in request.POST)
    return render(request, "initiatives/initiative_form.html", context, status=409 if conflict else 200)


def _with_another_effect_goal(request, version, context):
    """The form as typed with one more effect-goal box; nothing is checked or saved yet, so no errors show."""
    forms = _document_forms(with_another_effect_goal(request.POST), version)
    for formset in (forms["contributions"], forms["effect_goals"]):
        formset._non_form_errors = formset.error_class()
        formset._errors = []
        for sub_form in formset.forms:
            sub_form._errors, sub_form.cleaned_data = ErrorDict(), {}
        formset._errors = [sub_form._errors for sub_form in formset.forms]
    forms["form"]._errors, forms["form"].cleaned_data = ErrorDict(), {}
    focus = f"id_effektmaal-{len(forms['effect_goals'].forms) - 1}-description"
    return render(request, "initiatives/initiative_form.html", {**context, **forms, "focus_field": focus})


def _errors(forms) -> dict:
    """The error summary for a bound set of document forms (empty for a fresh form)."""
    if not forms["form"].is_bound:
        return {}
    return {"error_summary": error_summary(**forms)}


def _people(users, me) -> str:
    """Who saved in between, by name; the user themself as “you, in another window”."""
    names = [_("you, in another window") if user == me else str(user) for user in users]
    return ", ".join(names) or _("Someone")


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


def _shared_workflow_context(version: InitiativeVersion) -> dict:
    """What the initiative page shows around the document the same for every reader: the approved version (when
    a newer one is under way), the decisions, the timeline and, for a submitted version, its place in the queue."""
    initiative = version.initiative
    approved = None
    if initiative.approved_version_id and initiative.approved_version_id != version.pk:
        approved = InitiativeVersion.objects.only("pk", "number", "title", "state", "initiative_id").get(
            pk=initiative.approved_version_id)
    queue_item = None
    if version.state == InitiativeVersion.State.SUBMITTED:
        queue_item = next(iter(queries.decision_queue(initiative_id=initiative.pk)), None)
    return {"approved": approved, "decisions": queries.round_decisions(version),
            "timeline": queries.timeline(initiative), "queue_item": queue_item}


def _workflow_context(request, version: InitiativeVersion, *, decision_form=None, complete_form=None,
                      shared: dict | None = None) -> dict:
    """What the initiative page shows and offers around the document: state, actions, decisions, timeline.

    `shared` is `_shared_workflow_context(version)` when the caller has it already."""
    user = request.user
    context = _document_context(request, version)
    shared = shared if shared is not None else _shared_workflow_context(version)
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
        "changes": changes.revision_changes(approved, proposed),
    }
    return render(request, "initiatives/revision.html", context)


@post_only
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


@post_only
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


@post_only
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


@post_only
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def complete(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: complete an approved initiative
    with its end evaluation."""
    initiative, version = _latest_version_to_work_on(request, pk)
    form = CompleteForm(request.POST, version=version)
    if form.is_valid():
        try:
            data = form.cleaned_data
            workflow.complete(version, by=request.user, worked=data["worked"], did_not_work=data["did_not_work"],
                              recommendation=data["recommendation"], expected_revision=data["revision"])
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The initiative is completed; the end evaluation is shown with the final "
                                        "status of its effect goals."))
        return redirect(initiative)
    if "revision" in form.errors or not can_complete(request.user, version):
        messages.error(request, " ".join(form.errors.get("revision", [])) or _(
            "Only the approved version in force can be completed."))
        return redirect(initiative)
    version = queries.document(pk)
    context = _workflow_context(request, version, complete_form=CompleteForm(request.POST, version=version))
    context["complete_form"].is_valid()
    return render(request, "initiatives/initiative_detail.html", context)


@post_only
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def withdraw(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: take a submission back to draft
    before any member of the steering group has decided on it."""
    initiative, version = _latest_version_to_work_on(request, pk)
    return _lifecycle_action(request, initiative, version, workflow.withdraw, _(
        "The submission is withdrawn; version %(number)s is a draft again.") % {"number": version.number})


@post_only
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def abandon(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: abandon a new version under way;
    the approved version goes on applying."""
    initiative, version = _latest_version_to_work_on(request, pk)
    return _lifecycle_action(request, initiative, version, workflow.abandon, _(
        "Version %(number)s is abandoned. The approved version applies as before.") % {"number": version.number})


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


@post_only
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def delete(request, pk):
    """Municipal staff, and police liaisons on initiatives the police shares: delete a first draft that was
    never submitted."""
    initiative, version = _latest_version_to_work_on(request, pk)
    try:
        workflow.delete_draft(version, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(initiative)
    messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": version.title})
    return redirect("initiatives:list")


@permission_required(VIEW_PERMISSION, raise_exception=True)
def steering_group(request):
    """Every role: the queue of versions awaiting the steering group, a page at a time, with what each member
    still has to decide, and how many await the user's own decision."""
    rule = ApprovalRule.current()
    police, municipality = rule.police_approvals_required, rule.municipality_approvals_required
    quorum = _("A submitted version is approved when %(police)s and %(municipality)s have approved it.") % {
        "police": ngettext("%(count)s member from the police", "%(count)s members from the police", police) % {
            "count": police},
        "municipality": ngettext("%(count)s member from the municipality", "%(count)s members from the "
                                 "municipality", municipality) % {"count": municipality},
    }
    # The queue is the same for everyone on a given day (the embargo marks change at midnight): kept rendered until
    # the data changes. What awaits the user's own decision is kept per user and permission.
    queue = datacache.cached(("steering queue", request.get_full_path(), timezone.localdate(), get_language()),
                             partial(_steering_queue, request, rule))
    user = request.user
    mine = datacache.cached(("awaiting count", user.pk, user.has_perm("initiatives.decide_initiative")),
                            partial(queries.awaiting_count, user))
    return render(request, "initiatives/steering_group.html", {
        **queue, "mine": mine, "rule": rule, "quorum": quorum, "today": timezone.localdate(),
        "membership_changes": queries.membership_changes(),
        "sections": sections.sections_for("steering", request),
    })


def _steering_queue(request, rule) -> dict:
    """The requested page of the queue, its items and their table, rendered."""
    page, query = paginate(request, queries.awaiting_decision())
    queue = queries.queue_items(page.object_list)
    context = {"page": page, "query": query, "queue": queue, "rule": rule, "today": timezone.localdate()}
    return {"page": page, "query": query, "queue": queue,
            "queue_html": render_to_string("initiatives/_queue.html", context)}


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
    context["sections"] = sections.sections_for("agenda", request, meeting=meeting)
    return render(request, "initiatives/agenda.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def decision_log(request):
    """Every role: every decision of the steering group, filterable, newest first."""
    filterset = DecisionFilter(request.GET or None, queryset=queries.decision_log())
    page, query = paginate(request, filterset.qs)
    return render(request, "initiatives/decision_log.html", {"filter": filterset, "page": page,
                                                              "query": query})

