"""What the public may see, as plain query functions: the one home of "public". Every public page and download
reads through here, so nothing non-public can reach them by another path.

Public are: the strategy (active focus areas, sub-goals), the initiatives in force whose approval published them
and whose embargo in force has ended (the embargo always wins), with only the fields their approval made public,
the goal (from goal's own functions), and the status reports marked final, without learning notes and without
rows naming an initiative that is not published.
"""

from django.urls import reverse

from focusareas.models import FocusArea
from followup.models import StatusReport
from indicators.models import SubGoal
from initiatives.models import InitiativeVersion, in_force

WHOLE_STRATEGY = "hele-strategien"  # the address part of the report for the whole strategy


def focus_areas() -> list[FocusArea]:
    return list(FocusArea.objects.active())


def sub_goals() -> list[SubGoal]:
    return list(SubGoal.objects.all())


def published_versions(
    *, sub_goal: int | None = None, focus_area: FocusArea | None = None, initiative_id: int | None = None
) -> list:
    """The versions the public sees: in force, published by their approval, not under the embargo in force."""
    versions = InitiativeVersion.objects.filter(in_force(), published=True).not_embargoed()
    if initiative_id is not None:
        versions = versions.filter(initiative_id=initiative_id)
    if sub_goal is not None:
        versions = versions.filter(contributions__sub_goal__number=sub_goal)
    if focus_area is not None:
        versions = versions.filter(focus_area=focus_area)
    return list(
        versions.select_related("initiative", "focus_area", "municipal_contact", "police_contact")
        .prefetch_related("other_focus_areas", "local_areas", "partners", "contributions__sub_goal")
        .order_by("initiative_id")
    )


def published_version(initiative_id: int):
    if not 0 < initiative_id < 2**31:  # an id the database can hold, or none
        return None
    found = published_versions(initiative_id=initiative_id)
    return found[0] if found else None


def published_count_by_sub_goal() -> dict[int, int]:
    counts: dict[int, int] = {}
    for version in published_versions():
        for contribution in version.contributions.all():
            counts[contribution.sub_goal.number] = counts.get(contribution.sub_goal.number, 0) + 1
    return counts


def public_record(version) -> dict:
    """A published version's public fields, the same for its page, the CSV and the JSON. Contact persons and the
    budget only when the approval made them public; never the author, editors, effect goals or the learning
    question."""
    contributions = list(version.contributions.all())
    record = {
        "nummer": version.initiative.number,
        "titel": version.title,
        "resume": version.summary,
        "beskrivelse": version.description,
        "fokusomraade": version.focus_area.name,
        "andre_fokusomraader": [area.name for area in version.other_focus_areas.all()],
        "delmaal": [str(c.sub_goal) for c in contributions],
        "bidrag": [{"delmaal": c.sub_goal.number, "hvordan": c.how} for c in contributions],
        "ansvar": str(version.get_responsibility_display()),
        "grundlag": str(version.get_basis_display()),
        "maalgruppe": version.target_group,
        "hele_kommunen": version.whole_municipality,
        "omraader": [area.name for area in version.local_areas.all()],
        "samarbejdspartnere": [partner.name for partner in version.partners.all()],
        "startdato": version.start_date,
        "slutdato": version.end_date,
        "adresse": reverse("public:initiative", args=[version.initiative_id]),
    }
    if version.public_contacts:
        record["kontaktpersoner"] = [
            {"navn": str(user), "organisation": str(user.get_organisation_display())} for user in version.contacts
        ]
    if version.public_budget:
        record["budget_kr"] = version.budget
        record["finansiering"] = version.funding_source
    return record


def final_reports() -> list[StatusReport]:
    return list(
        StatusReport.objects.exclude(snapshot=None).select_related("focus_area").order_by("-year", "focus_area__order")
    )


def final_report(year: int, scope: str) -> StatusReport | None:
    if not 2000 <= year <= 9999:  # a year the database column can hold, or no report
        return None
    reports = StatusReport.objects.exclude(snapshot=None).filter(year=year).select_related("focus_area")
    if scope == WHOLE_STRATEGY:
        return reports.filter(focus_area=None).first()
    return reports.filter(focus_area__slug=scope).first()


def report_scope(report: StatusReport) -> str:
    return report.focus_area.slug if report.focus_area else WHOLE_STRATEGY


def public_report_content(report: StatusReport) -> dict:
    """A final report's snapshot as the public may read it: the figures, the verdict and the written sections,
    but no learning notes (they are the staff's own) and no row that names an initiative not published now."""
    data = dict(report.snapshot)
    shown = {f"I-{version.initiative_id:03d}" for version in published_versions()}
    goals = dict(data.get("effect_goals") or {})
    goals["overdue"] = [row for row in goals.get("overdue", []) if row.get("initiative") in shown]
    data["effect_goals"] = goals
    learning = dict(data.get("learning") or {})
    learning["notes"] = []
    learning["evaluations"] = [row for row in learning.get("evaluations", []) if row.get("initiative") in shown]
    data["learning"] = learning
    return data
