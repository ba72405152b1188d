"""The status report as an XLSX workbook: one sheet per section, numbers as numbers, text cells that would start a
formula escaped."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from formatting.spreadsheets import add_autofilter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _sheet(book, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    add_autofilter(sheet, len(header), len(rows) + 1)


def to_xlsx(data: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    verdict = data.get("verdict")
    _sheet(
        book,
        _("Goal"),
        [_("Year"), _("Measure"), _("Verdict"), _("Coverage"), _("Explanation")],
        [[data["year"], verdict["measure"], verdict["status"], verdict.get("coverage", ""), verdict["explanation"]]]
        if verdict
        else [],
    )
    counts = data["initiatives"]
    rows = [[_("Total"), "", counts["total"]]]
    for key, label in (
        ("by_state", _("Status")),
        ("by_focus_area", _("Focus area")),
        ("by_sub_goal", _("Sub-goal")),
        ("by_responsibility", _("Responsibility")),
    ):
        rows.extend([label, name, number] for name, number in counts[key])
    _sheet(book, _("Initiatives"), [_("Grouped by"), _("Group"), _("Initiatives")], rows)
    goals = data["effect_goals"]
    _sheet(
        book,
        _("Effect goals"),
        [_("Status"), _("Effect goals")],
        [*([label, number] for label, number in goals["by_status"]), [_("qualitative"), goals["qualitative"]]],
    )
    _sheet(
        book,
        _("Overdue"),
        [_("Initiative"), _("Title"), _("Effect goal"), _("Due")],
        [[o["initiative"], o["title"], o["goal"], _day(o["due"])] for o in goals["overdue"]],
    )
    _sheet(book, _("Decisions"), [_("Decision"), _("Number")], [list(row) for row in data["decisions"]])
    learning = data["learning"]
    _sheet(
        book,
        _("Learning"),
        [_("Date"), _("Initiative"), _("Title"), _("What did we learn?")],
        [[_day(n["date"]), n["initiative"], n["title"], n["text"]] for n in learning["notes"]],
    )
    _sheet(
        book,
        _("End evaluations"),
        [_("Date"), _("Initiative"), _("Title"), _("What worked"), _("What did not work"), _("Recommendation")],
        [
            [_day(e["date"]), e["initiative"], e["title"], e["worked"], e["did_not_work"], e["recommendation"]]
            for e in learning["evaluations"]
        ],
    )
    written = data.get("written", {})
    _sheet(
        book,
        _("Assessments"),
        [_("Section"), _("Text")],
        [
            [_("The police's professional assessment"), written.get("police_assessment", "")],
            [_("The municipality's assessment (SSP)"), written.get("municipality_assessment", "")],
            [_("The steering group's conclusion"), written.get("conclusion", "")],
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
