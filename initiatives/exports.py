"""The filtered initiative list as a download: CSV with one row per initiative, or XLSX with the full documents.

The CSV keeps one row per initiative, with the description, the basis (earlier results and references, or the
learning question) and how it contributes to each sub-goal. The XLSX has one sheet per part of the document: the
initiatives (the same columns as the CSV), their contributions to the sub-goals and their effect goals. The
initiatives' rows end with the figures other apps add to the list (the follow-up completeness). Numbers and dates
stay typed, text that a spreadsheet would run as a formula is escaped, and both are written row by row while they
are sent (formatting.spreadsheets).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from formatting.spreadsheets import Sheet, csv_response, xlsx_response
from indicators.models import SubGoal
from initiatives import sections
from initiatives.models import Contribution, EffectGoal

FORMATS = ("csv", "xlsx")
# Rows fetched from the database at a time; the prefetches run per chunk, so memory stays bounded.
CHUNK = 200


def without_embargo(versions):
    """The embargo rule of every export: initiatives under embargo stay out until their date."""
    return versions.not_embargoed()


def download(fmt: str, versions):
    """The response for `fmt` ("csv" or "xlsx") with the versions the list's filters chose."""
    if fmt not in FORMATS:
        raise Http404
    versions = _with_document(without_embargo(versions))
    filename = f"initiativer-{timezone.localdate().isoformat()}.{fmt}"
    sub_goals = list(SubGoal.objects.order_by("number"))
    figures = sections.list_figures()
    headers, rows = initiative_headers(sub_goals, figures), initiative_rows(versions, sub_goals, figures)
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(
        filename,
        [
            Sheet(
                _("Initiatives"),
                headers,
                rows,
                widths=[8, 40, 50, 60, 30, 30, 10, 14, 8, 24, 24, 24, 24, 60, 40, 50, 40, 30, 40, 12, 12, 14, 24, 24],
            ),
            Sheet(
                _("Contributions to sub-goals"),
                contribution_headers(),
                contribution_rows(versions),
                widths=[8, 40, 40, 80],
            ),
            Sheet(
                _("Effect goals"),
                effect_goal_headers(),
                effect_goal_rows(versions),
                widths=[8, 40, 6, 60, 14, 40, 30, 12, 12, 12, 12, 12, 30, 40],
            ),
        ],
    )


def _with_document(versions):
    versions = versions.select_related("initiative", "focus_area", "municipal_contact", "police_contact")
    return versions.prefetch_related(None).prefetch_related(
        "partners",
        "local_areas",
        "other_focus_areas",
        Prefetch("contributions", queryset=Contribution.objects.select_related("sub_goal")),
        Prefetch("effect_goals", queryset=EffectGoal.objects.select_related("sub_goal")),
    )


def _each(versions):
    return versions.iterator(chunk_size=CHUNK)


def initiative_headers(sub_goals, figures=()) -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Summary"),
        _("Description"),
        _("Focus area"),
        _("Further focus areas"),
        _("Sub-goals"),
        _("Status"),
        _("Version"),
        _("Responsibility"),
        _("Contact in the municipality"),
        _("Contact in the police"),
        _("Basis"),
        _("Earlier results"),
        _("References"),
        _("Learning question"),
        _("Target group"),
        _("Geography"),
        _("Partners"),
        _("Start date"),
        _("End date"),
        _("Budget (DKK)"),
        _("Funding source"),
        _("Origin"),
        *(_("How it contributes to sub-goal %(number)s") % {"number": s.number} for s in sub_goals),
        *(f"{figure.label} (%)" for figure in figures),
    ]


def initiative_rows(versions, sub_goals, figures=()):
    """One row per initiative; the figures other apps add to the list (initiatives/sections.py) come last, as
    numbers, where the versions carry them (the list's queryset does)."""
    for v in _each(versions):
        contributions = {c.sub_goal_id: c.how for c in v.contributions.all()}
        geography = _("The whole municipality") if v.whole_municipality else _names(v.local_areas.all())
        yield [
            v.initiative.number,
            v.title,
            v.summary,
            v.description,
            str(v.focus_area),
            _names(v.other_focus_areas.all()),
            ", ".join(str(c.sub_goal.number) for c in v.contributions.all()),
            v.get_state_display(),
            v.number,
            v.get_responsibility_display(),
            str(v.municipal_contact or ""),
            str(v.police_contact or ""),
            v.get_basis_display(),
            v.evidence_summary,
            v.evidence_references,
            v.learning_question,
            v.target_group,
            geography,
            _names(v.partners.all()),
            v.start_date,
            v.end_date,
            v.budget,
            v.funding_source,
            v.get_origin_display(),
            *(contributions.get(s.pk, "") for s in sub_goals),
            *(getattr(v, figure.name, None) for figure in figures),
        ]


def contribution_headers() -> list[str]:
    return [_("Number"), _("Title"), _("Sub-goal"), _("How the initiative contributes")]


def contribution_rows(versions):
    for v in _each(versions):
        for contribution in v.contributions.all():
            yield [v.initiative.number, v.title, str(contribution.sub_goal), contribution.how]


def effect_goal_headers() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Effect goal no."),
        _("Effect goal"),
        _("Kind of follow-up"),
        _("Sub-goal"),
        _("Metric"),
        _("Unit"),
        _("Baseline value"),
        _("Baseline date"),
        _("Target value"),
        _("Target date"),
        _("Data source"),
        _("Method"),
    ]


def effect_goal_rows(versions):
    for v in _each(versions):
        for index, goal in enumerate(v.effect_goals.all(), 1):
            yield [
                v.initiative.number,
                v.title,
                index,
                goal.description,
                goal.get_kind_display(),
                str(goal.sub_goal),
                goal.metric,
                goal.unit,
                goal.baseline_value,
                goal.baseline_date,
                goal.target_value,
                goal.target_date,
                goal.data_source,
                goal.method,
            ]


def _names(objects) -> str:
    return ", ".join(str(o) for o in objects)
