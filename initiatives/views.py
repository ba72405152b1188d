"""Initiative documents: list, export, create, read, print, edit, history, changes and exact versions.

Everyone with the reading permission (every role) reads every initiative and its versions; embargoed ones are
marked on every page and left out of exports. Who may edit is decided in initiatives/permissions.py. The workflow's
actions are in initiatives/workflow_views.py, the steering group's pages in initiatives/steering_views.py, and what
the initiative page shows around the document in initiatives/page_context.py.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import audit
import datacache
from audit.models import AuditEntry
from initiatives import changes, documents, exports, queries, sections, steering
from initiatives.filters import InitiativeFilter
from initiatives.form_data import document_from_forms, merged_form_data
from initiatives.forms import InitiativeVersionForm, error_summary
from initiatives.goal_forms import (
    check_effect_goals_match_sub_goals,
    contribution_formset,
    effect_goal_formset,
    with_another_effect_goal,
)
from initiatives.models import Initiative, InitiativeVersion
from initiatives.page_context import (
    document_context,
    latest_version_to_work_on,
    shared_workflow_context,
    workflow_context,
)
from initiatives.pagination import paginate
from initiatives.permissions import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    can_edit,
    edit_refusal,
    loses_decision,
)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_list(request):
    """Every role: all initiatives, filtered, sorted and paginated."""
    # The same for everyone on a given day (the embargo marks and the follow-up figures change at midnight): kept
    # rendered until the data changes.
    list_html = datacache.cached(
        ("initiative list", request.get_full_path(), timezone.localdate(), get_language()),
        partial(_list_content, request),
        by_address=True,
    )
    return render(request, "initiatives/initiative_list.html", {"list_html": list_html})


def _list_content(request) -> str:
    """The filters and the requested page of the initiatives they find, rendered."""
    # Every initiative's figures only where the list sorts or filters on one; otherwise the page's rows only.
    versions = queries.initiative_list() if sections.figures_asked(request.GET) else queries.listed_versions()
    filterset = InitiativeFilter(request.GET or None, queryset=versions)
    page, query = paginate(request, filterset.qs)
    sections.attach_figures(page.object_list)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "today": timezone.localdate(),
        "figures": sections.list_figures(),
    }
    return render_to_string("initiatives/_list_content.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_export(request, fmt):
    """Every role: the filtered list as CSV or XLSX, without initiatives under embargo."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.initiative_list())
    response = exports.download(fmt, filterset.qs)
    audit.record(
        AuditEntry.Action.EXPORT,
        actor=request.user,
        request=request,
        subject=request.get_full_path(),
        format=fmt,
        filter={key: request.GET.getlist(key) for key in request.GET},
    )
    return response


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_detail(request, pk):
    """Every role: the initiative document (its latest version), its state, timeline and workflow actions."""
    # The document and what happened to it are the same for every reader: kept until the data changes. What the
    # user may do with it is decided on each request.
    shared = datacache.cached(("initiative page", pk), partial(_initiative_page, pk))
    version = shared["version"]
    context = workflow_context(request, version, shared=shared)
    context["sections"] = sections.sections_for("detail", request, version=version)
    return render(request, "initiatives/initiative_detail.html", context)


def _initiative_page(pk) -> dict:
    version = queries.document(pk)
    return {"version": version, **shared_workflow_context(version)}


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
    context = document_context(request, version)
    context.update(
        decisions=steering.round_decisions(version),
        timeline=steering.timeline(version.initiative),
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
    initiative, version = latest_version_to_work_on(request, pk)
    if not can_edit(request.user, version):
        messages.error(request, edit_refusal(version))
        return redirect(initiative)

    context = {
        "creating": False,
        "initiative": initiative,
        "version": version,
        "loses_decision": loses_decision(request.user, version),
    }
    if "add_effect_goal" in request.POST:
        return _with_another_effect_goal(request, version, context)
    conflict = None
    forms = _document_forms(request.POST if request.method == "POST" else None, version)
    if request.method == "POST" and _all_valid(forms):
        choices = {key[len("keep-") :]: value for key, value in request.POST.items() if key.startswith("keep-")}
        seen = {key[len("seen-") :]: value for key, value in request.POST.items() if key.startswith("seen-")}
        try:
            merged = documents.save_edit(
                version,
                document_from_forms(**forms),
                base_revision=forms["form"].cleaned_data["revision"],
                by=request.user,
                choices=choices,
                seen=seen,
            )
        except documents.NotEditable as refusal:
            messages.error(request, str(refusal))
            return redirect(initiative)
        except documents.InvalidRevision:
            forms["form"].add_error(
                "revision", _("The form's revision number is invalid. Reload the page and enter your changes again.")
            )
        except documents.EditConflict as error:
            conflict = error.merge
            # Show what the merge would save: the others' changes in place, the user's typing everywhere else.
            version.refresh_from_db()
            forms = _document_forms(
                merged_form_data(request.POST, conflict.document, conflicts=conflict.conflicts), version
            )
            _all_valid(forms)
        else:
            messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": version.title})
            if merged is not None and merged.their_changes:
                messages.info(
                    request,
                    _("%(people)s saved changes meanwhile to: %(fields)s. They are kept together with yours.")
                    % {"people": _people(merged.others, request.user), "fields": ", ".join(merged.their_changes)},
                )
            return redirect(initiative)
    context.update(**forms, **_errors(forms))
    if conflict is not None:
        context.update(
            conflict=conflict,
            conflict_people=_people(conflict.others, request.user),
            choices_missing="resolving" in request.POST,
        )
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


@permission_required(VIEW_PERMISSION, raise_exception=True)
def version_detail(request, pk, number):
    """Every role: one exact version, frozen as it was written and decided on, with its decisions."""
    version = queries.version_document(pk, number)
    context = document_context(request, version)
    context.update(
        decisions=steering.round_decisions(version),
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
