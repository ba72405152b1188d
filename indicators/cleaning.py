"""Cleaning step of the import: the cells of a long row become typed values, checked one by one and together.

Numbers ("1.013" is decided per column and written down here, so that one file cannot mean two things):
* `værdi`, `nedre`, `øvre`: a comma is the decimal mark. A point is the decimal mark too, unless the file writes
  decimals with a comma in any of these columns; then a point is a thousands separator, and only in a valid
  grouping ("1.013" is 1013, "1.01" is refused with the fix). A spreadsheet's own numbers are never ambiguous.
* `respondenter`: a point followed by groups of three digits is a thousands separator ("1.013" is 1013).
* A number shown as a percentage ("85,7 %" in a CSV, or a spreadsheet cell formatted as percent holding 0,857) is
  the percentage shown (85,7), and only for measures in percent.

Areas are found by name, alias or municipality code; a name close to a known one (edit distance after folding
case and æøå) is refused with "Mente du »Aarhus«?" unless the administrator chose to create it.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from formatting.numbers import format_number
from formatting.spreadsheets import unescape_formula
from indicators.models import Area, Measure
from indicators.reading import Cell, Percent, cell_text

FIRST_YEAR = 2000
# The model stores 12 digits with 3 decimals.
MAX_DECIMALS = 3
MAX_ABS_VALUE = Decimal("999999999.999")
_THOUSANDTH = Decimal("0.001")
_WHOLE_NUMBER_DECIMALS = re.compile(r"(?<=[0-9])[.,]0+$")
_SIGN = r"[+\-\u2212]?"  # U+2212 is what Word/Excel autocorrect turns "-" into
_PLAIN_NUMBER = re.compile(rf"{_SIGN}[0-9]+(?:[.,][0-9]+)?")
_POINT_DECIMAL = re.compile(rf"{_SIGN}[0-9]+\.[0-9]+")
_POINT_GROUPED_COMMA_DECIMAL = re.compile(rf"{_SIGN}[0-9]{{1,3}}(?:\.[0-9]{{3}})+,[0-9]+")
_SPACE_GROUPED = re.compile(rf"{_SIGN}[0-9]{{1,3}}(?:[ \u00a0\u202f][0-9]{{3}})+(?:[.,][0-9]+)?")
_POINT_GROUPED_INTEGER = re.compile(rf"{_SIGN}[0-9]{{1,3}}(?:\.[0-9]{{3}})+")
_DECIMAL_COMMA = re.compile(r"[0-9],[0-9]")
# Far beyond any real indicator value; keeps messages short and int() within limits.
_MAX_NUMBER_LENGTH = 50
# A share strictly between 0 and 1 percent does not occur in the safety survey; it is a fraction (0,857 = 85,7 %).
IMPLAUSIBLE_PERCENT_BELOW = Decimal(1)


class CellError(ValueError):
    """A cell that cannot be used; `column` names the file's column to blame."""

    def __init__(self, message: str, column: str):
        super().__init__(message)
        self.column = column


def last_allowed_year() -> int:
    """Figures may be entered for next year at the latest (a survey published early)."""
    return timezone.localdate().year + 1


def normalise_name(text: str) -> str:
    """Fold an area or measure name so case, surrounding and doubled spaces do not matter."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def fold_danish(text: str) -> str:
    """Fold a name for near-miss matching: case, æøå and everything but letters and digits."""
    folded = normalise_name(text).replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^0-9a-z]", "", folded)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), or limit + 1 when it exceeds limit.

    Only the diagonal band |i - j| <= limit is computed: a cell outside it already costs more than `limit`.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    beyond = limit + 1
    width = len(b)
    previous = [min(j, beyond) for j in range(width + 1)]
    for i, char_a in enumerate(a, start=1):
        current = [beyond] * (width + 1)
        current[0] = min(i, beyond)
        best = current[0]
        for j in range(max(1, i - limit), min(width, i + limit) + 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != b[j - 1]), beyond)
            current[j] = cost
            if cost < best:
                best = cost
        if best > limit:
            return beyond
        previous = current
    return previous[-1]


def uses_decimal_comma(cells) -> bool:
    """Whether a column's text cells write decimals with a comma (then a point there groups thousands)."""
    return any(isinstance(c, str) and "," in c and _DECIMAL_COMMA.search(c) for c in cells)


def parse_decimal(text: str, *, comma_decimal: bool = False) -> Decimal:
    """Parse a Danish or plain number ("85,0", "85.0", "1.234,5", "1 234,5") to Decimal; see the module doc."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(_("The cell is empty but must hold a number."))
    if len(cleaned) > _MAX_NUMBER_LENGTH:
        raise ValueError(_("“%(text)s…” is too long to be a number.") % {"text": cleaned[:29]})
    if comma_decimal and _POINT_DECIMAL.fullmatch(cleaned):
        if not _POINT_GROUPED_INTEGER.fullmatch(cleaned):
            raise ValueError(
                _("“%(text)s” has a decimal point, but the column writes decimals with a comma. Write %(fixed)s.")
                % {"text": cleaned, "fixed": cleaned.replace(".", ",")}
            )
        canonical = cleaned.replace(".", "")
    elif _PLAIN_NUMBER.fullmatch(cleaned):
        canonical = cleaned.replace(",", ".")
    elif _POINT_GROUPED_COMMA_DECIMAL.fullmatch(cleaned):
        canonical = cleaned.replace(".", "").replace(",", ".")
    elif _SPACE_GROUPED.fullmatch(cleaned):
        canonical = re.sub(r"[ \u00a0\u202f]", "", cleaned).replace(",", ".")
    else:
        # "1,234.5" lands here on purpose: comma-thousands is ambiguous in Danish.
        raise ValueError(
            _("“%(text)s” is not a number. Write it with digits and a decimal comma, e.g. 85,7.") % {"text": cleaned}
        )
    try:
        return Decimal(canonical.replace("\u2212", "-"))
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid input
        raise ValueError(_("“%(text)s” is not a number.") % {"text": cleaned}) from None


def parse_int(text: str) -> int:
    """Parse a whole number; "1.300" means 1300 because groups of three are thousands."""
    cleaned = text.strip()
    if len(cleaned) <= _MAX_NUMBER_LENGTH and _POINT_GROUPED_INTEGER.fullmatch(cleaned):
        return int(cleaned.replace(".", "").replace("\u2212", "-"))
    value = parse_decimal(cleaned)
    if value != value.to_integral_value():
        raise ValueError(_("“%(text)s” is not a whole number.") % {"text": cleaned})
    return int(value)


@dataclass(frozen=True)
class Number:
    """A cleaned number and whether the file showed it as a percentage."""

    value: Decimal
    percent: bool = False


def clean_decimal(cell: Cell | None, column: str, *, comma_decimal: bool = False) -> Number | None:
    """A decimal number within the model's limits; None for an empty cell."""
    if isinstance(cell, Percent):
        number, percent = Decimal(cell), True
    elif isinstance(cell, Decimal):
        number, percent = cell, False
    else:
        text = cell_text(cell)
        if not text:
            return None
        if isinstance(cell, dt.date):
            raise CellError(
                _("“%(text)s” is a date. Format the column as a number in the spreadsheet.") % {"text": text}, column
            )
        percent = text.endswith("%")
        try:
            number = parse_decimal(text.rstrip("%").strip(), comma_decimal=comma_decimal)
        except ValueError as e:
            raise CellError(str(e), column) from None
    number = _round_spreadsheet(number)
    if number.as_tuple().exponent < -MAX_DECIMALS and number != number.quantize(_THOUSANDTH):
        raise CellError(
            _("“%(value)s” has more than %(n)s decimals. Round it to at most %(n)s decimals.")
            % {"value": _as_shown(cell), "n": MAX_DECIMALS},
            column,
        )
    if abs(number) > MAX_ABS_VALUE:
        raise CellError(_("“%(value)s” is too large.") % {"value": _as_shown(cell)}, column)
    return Number(number, percent)


def _round_spreadsheet(number: Decimal) -> Decimal:
    """A number at 15 significant digits, as spreadsheets show it (83.899999999999991 is 83.9)."""
    if number.is_finite() and len(number.as_tuple().digits) > 15:
        return Decimal(format(number, ".15g"))
    return number


def clean_whole(
    cell: Cell | None, column: str, *, minimum: int | None = None, maximum: int | None = None, what: str = ""
) -> int | None:
    """A whole number within limits; None for an empty cell. A date in the year column says how to fix it."""
    text = cell.isoformat() if isinstance(cell, dt.date) else cell_text(cell)
    if not text:
        return None
    if isinstance(cell, dt.date) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        if what == "year":
            raise CellError(
                _("The year is formatted as a date in the spreadsheet (%(text)s). Format the column as a number.")
                % {"text": text},
                column,
            )
        raise CellError(_("“%(text)s” is a date. Format the column as a number.") % {"text": text}, column)
    try:
        number = parse_int(text)
    except ValueError as e:
        raise CellError(str(e), column) from None
    if minimum is not None and maximum is not None and not minimum <= number <= maximum:
        raise CellError(
            _("%(number)s is outside %(minimum)s–%(maximum)s. Correct the year.")
            % {"number": number, "minimum": minimum, "maximum": maximum},
            column,
        )
    if minimum is not None and number < minimum:
        raise CellError(_("%(number)s is less than %(minimum)s.") % {"number": number, "minimum": minimum}, column)
    return number


def clean_text(cell: Cell | None) -> str:
    """Free text; undoes the apostrophe our export puts before formula characters."""
    return unescape_formula(cell_text(cell))


def is_implausible(measure: Measure, value: Decimal) -> bool:
    """A percentage strictly between 0 and 1: a fraction written where a percentage belongs (0,857 for 85,7)."""
    return measure.is_percent and 0 < value < IMPLAUSIBLE_PERCENT_BELOW


@dataclass
class NewArea:
    """An area the file names that does not exist yet; created when the import is applied."""

    name: str
    kind: str
    code: str | None = None
    lines: list[int] = field(default_factory=list)
    # The known area the name resembles ("Aarhuus" → "Aarhus"), if any.
    near: str = ""

    @property
    def kind_label(self) -> str:
        return Area.Kind(self.kind).label


class Lookups:
    """Areas and measures by every name a file may use, loaded with one query each, for one import."""

    def __init__(self, create_areas: frozenset[str] = frozenset()):
        self.by_name: dict[str, Area] = {}
        self.by_code: dict[int, Area] = {}
        for area in Area.objects.all():
            for name in [area.name, *(area.aliases or [])]:
                self.by_name.setdefault(normalise_name(str(name)), area)
            if area.code:
                self.by_code[int(area.code)] = area
        self.folded_names = {fold_danish(name): area for name, area in self.by_name.items()}
        self._near: dict[str, Area | None] = {}
        self.measures = {normalise_name(m.code): m for m in Measure.objects.all()}
        # Kinds by value and by label in the active language, computed once: labels are lazy translations.
        self.kinds = {kind.value: kind.value for kind in Area.Kind}
        self.kinds.update({str(kind.label).casefold(): kind.value for kind in Area.Kind})
        # Names the administrator chose to create (ticked in the preview, or --create-area), normalised.
        self.create_areas = {normalise_name(name) for name in create_areas}
        self.new_areas: dict[str, NewArea] = {}
        self.unknown_areas: dict[str, NewArea] = {}

    def area(self, name: str, code_text: str, kind_text: str, line: int | None) -> Area | NewArea:
        kind = self._kind(kind_text)
        by_code = self._area_by_code(code_text) if code_text else None
        if not name:
            if by_code is None:
                raise CellError(_("The area is missing: fill in “område” or “kommunekode”."), "omraade")
            return self._check_kind(by_code, kind)
        key = normalise_name(name)
        area = self.by_name.get(key)
        if area is None and by_code is not None:
            return self._check_kind(by_code, kind)
        if area is not None:
            if by_code is not None and by_code != area:
                raise CellError(
                    _("The area “%(name)s” does not have municipality code %(code)s (that is %(other)s).")
                    % {"name": name, "code": code_text, "other": by_code.name},
                    "kommunekode",
                )
            return self._check_kind(area, kind)
        if key in self.create_areas:
            new = self.new_areas.setdefault(
                key, NewArea(name=" ".join(name.split()), kind=kind or Area.Kind.HOUSING_AREA)
            )
            if line is not None:
                new.lines.append(line)
            return new
        # Never created without a choice per name: a typed "områdetype" says what a new area would be, not that
        # the name is meant (it may be a misspelling of a known area).
        near = self.near_miss(name)
        self._remember_unknown(key, name, kind, line, near)
        if near is not None:
            raise CellError(
                _(
                    "“%(name)s” is not a known area. Did you mean “%(near)s”? Correct the name in the file, or tick "
                    "“create anyway” in the preview if it really is a new area."
                )
                % {"name": name, "near": near.name},
                "omraade",
            )
        raise CellError(
            _(
                "“%(name)s” is not a known area, and no area is created without your choice. Correct the name in the "
                "file, or choose to create it as a new area."
            )
            % {"name": name},
            "omraade",
        )

    def near_miss(self, name: str) -> Area | None:
        """The known area whose name or alias is closest to `name`, if it is close enough to be a misspelling."""
        key = normalise_name(name)
        if key not in self._near:
            self._near[key] = self._closest(fold_danish(name))
        return self._near[key]

    def _closest(self, folded: str) -> Area | None:
        if not folded:
            return None
        limit = 1 if len(folded) <= 5 else 2
        best = None
        for known, area in self.folded_names.items():
            if abs(len(known) - len(folded)) > limit:
                continue
            distance = edit_distance(folded, known, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, area)
        return best[1] if best else None

    def _remember_unknown(self, key: str, name: str, kind: str | None, line: int | None, near: Area | None) -> None:
        unknown = self.unknown_areas.setdefault(
            key, NewArea(name=" ".join(name.split()), kind=kind or Area.Kind.HOUSING_AREA)
        )
        if near is not None:
            unknown.near = near.name
        if line is not None:
            unknown.lines.append(line)

    def measure(self, code: str) -> Measure:
        if not code:
            raise CellError(_("The measure is missing."), "maaling")
        measure = self.measures.get(normalise_name(code))
        if measure is None:
            known = ", ".join(sorted(m.code for m in self.measures.values()))
            raise CellError(
                _("“%(code)s” is not a known measure. Known measures: %(known)s.") % {"code": code, "known": known},
                "maaling",
            )
        return measure

    def _kind(self, kind_text: str) -> str | None:
        if not kind_text:
            return None
        folded = normalise_name(kind_text).replace("aa", "å")
        if folded in self.kinds:
            return self.kinds[folded]
        choices = ", ".join(kind.value for kind in Area.Kind)
        raise CellError(
            _("“%(kind)s” is not an area type. Use one of: %(choices)s.") % {"kind": kind_text, "choices": choices},
            "omraadetype",
        )

    def _area_by_code(self, code_text: str) -> Area:
        # A spreadsheet that took the code for a number may write 751 as "751.0" or "751,0".
        digits = _WHOLE_NUMBER_DECIMALS.sub("", code_text.strip())
        if not (digits.isdigit() and digits.isascii() and len(digits) <= 4):
            raise CellError(
                _("“%(code)s” is not a municipality code (up to four digits, e.g. 0751).") % {"code": code_text},
                "kommunekode",
            )
        area = self.by_code.get(int(digits))
        if area is None:
            raise CellError(_("No area has municipality code %(code)s.") % {"code": code_text}, "kommunekode")
        return area

    @staticmethod
    def _check_kind(area: Area, kind: str | None) -> Area:
        if kind and kind != area.kind:
            raise CellError(
                _("“%(name)s” is a %(kind)s, not a %(given)s.")
                % {"name": area.name, "kind": area.get_kind_display(), "given": Area.Kind(kind).label},
                "omraadetype",
            )
        return area


def value_problems(
    *, measure: Measure, value: Decimal | None, ci_low: Decimal | None, ci_high: Decimal | None
) -> list[tuple[str, str]]:
    """Rules that tie a row's cells together; (column, Danish message) for each one broken."""
    problems = []
    if measure.is_percent:
        for column, number in (("vaerdi", value), ("nedre", ci_low), ("oevre", ci_high)):
            if number is not None and not 0 <= number <= 100:
                problems.append(
                    (column, _("%(value)s is not a percentage between 0 and 100.") % {"value": format_number(number)})
                )
    if ci_low is not None and ci_high is not None and ci_low > ci_high:
        problems.append(
            (
                "nedre",
                _("The lower bound %(low)s is above the upper bound %(high)s.")
                % {"low": format_number(ci_low), "high": format_number(ci_high)},
            )
        )
    if (ci_low is None) != (ci_high is None):
        column = "oevre" if ci_high is None else "nedre"
        problems.append((column, _("Give both bounds of the interval, or neither.")))
    return problems


def _as_shown(cell) -> str:
    """A cell in a message: a spreadsheet's number as Danish Excel shows it ("84,1234", not "84.1234")."""
    return format_number(cell, plain=True) if isinstance(cell, Decimal) else cell_text(cell)
