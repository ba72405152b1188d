"""The yearly status report: page (A4 print), PDF, XLSX, its written sections, and marking it final.

Every role reads it. The police's assessment is written by police users, the municipality's (SSP) by municipal
users, the conclusion by steering-group members; only the steering group marks a report final, after which it is
served from its snapshot and its sections can no longer be changed.
"""

import re

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

import audit
from audit.models import AuditEntry
from focusareas.models import FocusArea
from followup import report as report_content
from followup import report_sections
from followup.forms import ReportSectionForm
from followup.models import StatusReport
from followup.permissions import can_finalise, require_reader, writable_sections
from followup.report_xlsx import to_xlsx

FIRST_YEAR = 2020


def _report(request, year: int, *, create: bool = False) -> StatusReport:
    """The stored report for the year and the chosen focus area (?fokusomraade=slug), or an unsaved one (a stored
    new one with `create`)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("There is no status report for that year."))
    slug = request.GET.get("fokusomraade", "").strip()
    area = None
    if slug:
        # Only slug characters reach the database (a NUL byte would be an error on PostgreSQL, not a 404).
        area = FocusArea.objects.filter(slug=slug[:100]).first() if re.fullmatch(r"[-\w]+", slug) else None
        if area is None:
            raise Http404(_("There is no such focus area."))
    if create:
        return StatusReport.objects.get_or_create(year=year, focus_area=area)[0]
    stored = StatusReport.objects.filter(year=year, focus_area=area).select_related("focus_area", "finalised_by")
    return stored.first() or StatusReport(year=year, focus_area=area)


def _query(request) -> str:
    """The chosen focus area of the page's address (?fokusomraade=slug), kept on a redirect."""
    slug = request.GET.get("fokusomraade", "")
    return "?" + urlencode({"fokusomraade": slug}) if slug else ""


def _suffix(report: StatusReport) -> str:
    return f"?fokusomraade={report.focus_area.slug}" if report.focus_area else ""


def report_index(request):
    """Every role: choose a year and the whole strategy or a focus area."""
    require_reader(request.user)
    years = list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))
    final = set(StatusReport.objects.exclude(snapshot=None).values_list("year", "focus_area_id"))
    return render(
        request,
        "followup/report_index.html",
        {
            "years": years,
            "areas": list(FocusArea.objects.all()),
            "final": final,
        },
    )


def report(request, year):
    """Every role: the report as an A4 print page."""
    require_reader(request.user)
    status_report = _report(request, year)
    return render(
        request,
        "followup/report.html",
        {
            "report": status_report,
            "data": report_content.content(status_report),
            "suffix": _suffix(status_report),
            "may_write": bool(writable_sections(request.user)) and not status_report.is_final,
            "may_finalise": can_finalise(request.user) and not status_report.is_final,
        },
    )


def report_pdf(request, year):
    """Every role: the report as a PDF (WeasyPrint)."""
    require_reader(request.user)
    status_report = _report(request, year)
    return pdf_response(request, status_report, report_content.content(status_report))


def pdf_response(request, status_report: StatusReport, data: dict, *, public: bool = False) -> HttpResponse:
    """The report with the given content as a PDF download; `public` leaves out who marked it final (the public
    pages serve final reports through this too)."""
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only the PDF needs

    html = render_to_string(
        "followup/report_pdf.html", {"report": status_report, "data": data, "public": public}, request=request
    )
    stylesheet = CSS(filename=finders.find("followup/report.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[stylesheet])
    _audit_download(request, status_report, "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(status_report)}.pdf"'
    return response


def report_xlsx(request, year):
    """Every role: the report as XLSX, one sheet per section, numbers as numbers."""
    require_reader(request.user)
    status_report = _report(request, year)
    _audit_download(request, status_report, "xlsx")
    response = HttpResponse(
        to_xlsx(report_content.content(status_report)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(status_report)}.xlsx"'
    return response


def _audit_download(request, status_report: StatusReport, kind: str) -> None:
    audit.record(
        AuditEntry.Action.REPORT_DOWNLOADED,
        actor=request.user,
        request=request,
        subject=_file_name(status_report),
        format=kind,
        final=status_report.is_final,
    )


def _file_name(status_report: StatusReport) -> str:
    area = f"-{status_report.focus_area.slug}" if status_report.focus_area else ""
    return f"statusrapport-{status_report.year}{area}"


def report_write(request, year):
    """Police users (the police's assessment), municipal users (SSP) and steering-group members (the conclusion):
    write their sections of a report that is not final yet."""
    require_reader(request.user)
    sections = writable_sections(request.user)
    if not sections:
        raise PermissionDenied
    status_report = _report(request, year, create=request.method == "POST")
    back = reverse("followup:report", args=[year]) + _suffix(status_report)
    if status_report.is_final:
        messages.error(request, _("The report is final and can no longer be changed."))
        return redirect(back)
    form = ReportSectionForm(request.POST or None, instance=status_report, sections=sections)
    conflicts = {}
    if request.method == "POST" and form.is_valid():
        conflicts = report_sections.save(status_report, form.texts(), form.started_from(), by=request.user)
        if not conflicts:
            messages.success(request, _("Your section of the report was saved."))
            return redirect(back)
        # The writer's text stays on the form, now starting from the colleague's: saving again keeps theirs.
        data = request.POST.copy()
        for name, stored in conflicts.items():
            data[f"started_from_{name}"] = stored
        form = ReportSectionForm(data, instance=status_report, sections=sections)
        messages.error(request, _("A colleague changed the section while you wrote. Compare and choose below."))
    return render(
        request,
        "followup/report_write.html",
        {
            "form": form,
            "report": status_report,
            "back": back,
            "conflicts": [(form[name].label, text) for name, text in conflicts.items()],
            "history": report_sections.history(status_report),
        },
    )


def report_finalise(request, year):
    """Steering-group members: mark the report final; it is kept as it is now. Directly once its year has ended and
    its sections are written; before that only from this page (GET), which says what is still missing."""
    require_reader(request.user)
    if not can_finalise(request.user):
        raise PermissionDenied
    status_report = _report(request, year)
    back = reverse("followup:report", args=[year]) + _suffix(status_report)
    if status_report.is_final:
        messages.error(request, _("The report was already marked final."))
        return redirect(back)
    missing = report_sections.missing(status_report, today=timezone.localdate())
    if request.method != "POST" or (missing and request.POST.get("confirm") != "yes"):
        return render(
            request, "followup/report_finalise.html", {"report": status_report, "missing": missing, "back": back}
        )
    status_report = _report(request, year, create=True)
    try:
        report_content.finalise(status_report, by=request.user, request=request)
    except report_content.AlreadyFinal:
        messages.error(request, _("The report was already marked final."))
    else:
        messages.success(request, _("The report is final. It will be shown and downloaded as it is now."))
    return redirect(back)
