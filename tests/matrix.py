"""The permission matrix as data: (URL name, role) → expected response.

Each app keeps its rows in tests/<app>/permission_rows.py as `ROWS` plus an optional `build_world(world)`
that creates the objects its URLs need. test_permission_matrix.py runs every row and fails when any URL
of the project lacks a row for any role.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

# Every URL name must have a row for each of these roles.
ROLES = ("anonymous", "outsider", "staff", "police", "steering", "admin")

LOGIN = "login"  # a redirect to a login page that returns to the URL (?next=)
REDIRECT = "redirect"  # any other redirect, e.g. after a successful POST or a logout


@dataclass(frozen=True)
class Row:
    url_name: str
    role: str
    expected: int | str
    method: str = "get"
    kwargs: Callable[[SimpleNamespace], Mapping[str, Any]] = field(default=lambda world: {}, compare=False)
    data: Callable[[SimpleNamespace], Mapping[str, Any]] = field(default=lambda world: {}, compare=False)
    case: str = ""  # names an object-level case, e.g. "colleague's draft"

    def __str__(self) -> str:
        case = f"[{self.case}]" if self.case else ""
        return f"{self.method.upper()} {self.url_name}{case} as {self.role} -> {self.expected}"


def rows_for(url_name: str, expected: Mapping[str, int | str], **options) -> list[Row]:
    """One row per role; `expected` must name every role in ROLES (extra keys are object-level roles)."""
    missing = set(ROLES) - set(expected)
    assert not missing, f"{url_name}: no expected result for {sorted(missing)}"
    return [Row(url_name, role, result, **options) for role, result in expected.items()]


# Shorthands for the common shapes.
def everyone_logged_in(ok: int | str = 200) -> dict[str, int | str]:
    return {"anonymous": LOGIN, **{role: ok for role in ROLES if role != "anonymous"}}


def only(allowed: set[str], ok: int | str = 200, denied: int | str = 403) -> dict[str, int | str]:
    return {"anonymous": LOGIN, **{r: (ok if r in allowed else denied) for r in ROLES if r != "anonymous"}}
