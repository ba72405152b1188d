"""Initiative documents: list, export, create, read, print, edit and history.

Everyone with the reading permission (every role) reads every initiative; embargoed ones are marked on every
page and left out of exports. Who may edit is decided in initiatives/permissions.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from initiatives import exports, queries
from initiatives.documents import EditConflict, NotEditable, save_document
from initiatives.filters import InitiativeFilter
from initiatives.forms import (
    InitiativeVersionForm,
    check_effect_goals_match_sub_goals,
    contribution_formset,
    effect_goal_formset,
)
from initiatives.models import Initiative, InitiativeVersion
from initiatives.permissions import (
    ADD_PERMISSION,
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    can_edit,
    edit_refusal,
    may_edit_initiative,
)

PAGE_SIZE = 25


@permission_required(VIEW_PERMISSION, raise_exception=True)
def initiative_list(request):
    """Every role: all initiatives, filtered, sorted and paginated."""
    filterset = InitiativeFilter(request.GET or None, queryset=queries.listed_versions())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "initiatives/initiative_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
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
    """Every role: the initiative document."""
    version = queries.document(pk)
    return render(request, "initiatives/initiative_detail.html", _document_context(request, version))


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
    initiative = get_object_or_404(Initiative.objects.select_related("latest_version"), pk=pk)
    version = initiative.latest_version
    if version is None:
        raise Http404
    if not may_edit_initiative(request.user, version):
        raise PermissionDenied
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
