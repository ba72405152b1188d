"""Follow-up pages: recording on effect goals, corrections, attachments, learning notes, the learning page and the
follow-up overview. Every role reads; recording is for whoever may edit the initiative and its contact persons
(followup/permissions.py). The yearly report's views are in report_views.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.models import AuditEntry
from focusareas.models import FocusArea
from followup import attachments, cadence, queries, records
from followup.forms import LearningNoteForm, RecordForm
from followup.models import FollowUpRecord, LearningNote
from followup.permissions import FOLLOWED_STATES, can_record, require_reader
from indicators.models import SubGoal
from initiatives.models import EffectGoal, Initiative, InitiativeVersion
from initiatives.page_context import latest_version_to_work_on
from initiatives.pagination import paginate


def _goal_and_version(pk, lineage) -> tuple[EffectGoal, InitiativeVersion]:
    """The goal as the version in force states it (the latest version's before the first approval)."""
    initiative = get_object_or_404(Initiative, pk=pk)
    version_id = initiative.approved_version_id or initiative.latest_version_id
    goal = get_object_or_404(
        EffectGoal.objects.select_related("version__initiative"), version_id=version_id, lineage=lineage
    )
    return goal, goal.version


def record_create(request, pk, goal):
    """Whoever may edit the initiative, and its contact persons: record follow-up on an effect goal."""
    return _record_form(request, pk, goal, corrects=None)


def record_correct(request, pk, goal, record):
    """Whoever may edit the initiative, and its contact persons: correct a record (the old one is kept)."""
    return _record_form(request, pk, goal, corrects=record)


def _record_form(request, pk, lineage, *, corrects):
    # The role first: a user without it gets 403 whatever the address names, and learns nothing of what exists.
    require_reader(request.user)
    goal, version = _goal_and_version(pk, lineage)
    if not can_record(request.user, version):
        raise PermissionDenied
    if corrects is not None:
        corrects = get_object_or_404(FollowUpRecord, pk=corrects, initiative_id=pk, goal=lineage)
    if version.state not in FOLLOWED_STATES:
        messages.error(request, _("Follow-up is recorded once the steering group has approved the initiative."))
        return redirect(version.initiative)
    if corrects is not None and FollowUpRecord.objects.filter(corrects=corrects).exists():
        messages.error(request, _("This record has already been corrected. Correct the newest value instead."))
        return redirect(version.initiative)
    initial = None
    if corrects is not None:
        initial = {
            "date": corrects.date,
            "value": corrects.value,
            "observation": corrects.observation,
            "source": corrects.source,
        }
    form = RecordForm(request.POST or None, request.FILES or None, goal=goal, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records.record(
                goal,
                date=data["date"],
                value=data["value"],
                observation=data["observation"],
                comment=data["comment"],
                source=data["source"],
                attachment=data["attachment"],
                by=request.user,
                corrects=corrects,
            )
        except records.AlreadyCorrected:
            messages.error(request, _("This record has already been corrected. Correct the newest value instead."))
        else:
            messages.success(request, _("The follow-up was recorded."))
        return redirect(f"{version.initiative.get_absolute_url()}#opfoelgning")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "followup/record_form.html",
        {"form": form, "goal": goal, "version": version, "initiative": version.initiative, "corrects": corrects},
        status=status,
    )


def attachment(request, record):
    """Every role (never anonymous, never a public folder): the file attached to a record."""
    require_reader(request.user)
    entry = get_object_or_404(FollowUpRecord, pk=record)
    if not entry.attachment:
        raise Http404
    extension = entry.attachment.name.rsplit(".", 1)[-1]
    content_type = next(
        (kind[1] for kind in attachments.KINDS.values() if kind[0] == extension), "application/octet-stream"
    )
    audit.record(
        AuditEntry.Action.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        request=request,
        subject=entry.attachment_name or entry.attachment.name,
        record=entry.pk,
    )
    response = FileResponse(
        entry.attachment.open("rb"),
        as_attachment=True,
        # The extension of what the file is, whatever it was called when attached.
        filename=f"{(entry.attachment_name or 'bilag').rsplit('.', 1)[0] or 'bilag'}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def learning_note_create(request, pk):
    """Whoever may edit the initiative, and its contact persons: add a dated learning note."""
    require_reader(request.user)
    initiative, version = latest_version_to_work_on(request, pk, may=can_record)
    form = LearningNoteForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        records.add_learning_note(initiative.pk, by=request.user, **form.cleaned_data)
        messages.success(request, _("The learning note was saved."))
        return redirect(f"{initiative.get_absolute_url()}#laering")
    return render(
        request,
        "followup/learning_note_form.html",
        {"form": form, "initiative": initiative, "version": version},
        status=400 if request.method == "POST" else 200,
    )


def learning(request):
    """Every role: the learning notes of every initiative, filterable by focus area and sub-goal."""
    require_reader(request.user)
    notes = LearningNote.objects.select_related("written_by", "initiative__latest_version__focus_area")
    areas, sub_goals = list(FocusArea.objects.all()), list(SubGoal.objects.all())
    area = _chosen(request.GET.get("fokusomraade"), {str(a.pk): a for a in areas})
    sub_goal = _chosen(request.GET.get("delmaal"), {str(s.pk): s for s in sub_goals})
    if area:
        notes = notes.filter(initiative__latest_version__focus_area=area)
    if sub_goal:
        notes = notes.filter(initiative__latest_version__contributions__sub_goal=sub_goal).distinct()
    page, query = paginate(request, notes)
    return render(
        request,
        "followup/learning.html",
        {
            "page": page,
            "areas": areas,
            "sub_goals": sub_goals,
            "area": area,
            "sub_goal": sub_goal,
            "query": query,
        },
    )


def _chosen(raw, options):
    return options.get((raw or "").strip())


SORTS = {
    "fuldstaendighed": lambda row: (row["share"] is None, row["share"] or 0),
    "-fuldstaendighed": lambda row: (row["share"] is None, -(row["share"] or 0)),
    "nummer": lambda row: row["version"].initiative_id,
}


def overview(request):
    """Every role: initiatives in force with their follow-up completeness, sortable and filterable (by focus
    area, by completeness, to those with overdue follow-up), a page at a time."""
    require_reader(request.user)
    today = timezone.localdate()
    figures = queries.completeness_by_initiative(today)
    versions = list(queries.in_force_versions().select_related("focus_area").order_by("initiative_id"))
    areas = list(FocusArea.objects.all())
    area = _chosen(request.GET.get("fokusomraade"), {str(a.pk): a for a in areas})
    below = request.GET.get("under", "").strip()
    only_overdue = request.GET.get("forfaldne") == "ja"
    overdue = queries.overdue_initiative_ids(today) if only_overdue else set()
    rows = []
    for version in versions:
        figure = figures.get(version.initiative_id, cadence.Completeness(0, 0))
        met, total, share = figure.met, figure.due, figure.share
        if area and version.focus_area_id != area.pk:
            continue
        if below.isdigit() and (share is None or share >= int(below)):
            continue
        if only_overdue and version.initiative_id not in overdue:
            continue
        rows.append({"version": version, "met": met, "total": total, "share": share})
    sort = request.GET.get("sorter", "fuldstaendighed")
    rows.sort(key=SORTS.get(sort, SORTS["fuldstaendighed"]))
    page, query = paginate(request, rows)
    return render(
        request,
        "followup/overview.html",
        {
            "page": page,
            "query": query,
            "areas": areas,
            "area": area,
            "below": below if below.isdigit() else "",
            "only_overdue": only_overdue,
            "sort": sort if sort in SORTS else "fuldstaendighed",
        },
    )
