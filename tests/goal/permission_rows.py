"""Who may see the goal page and download its CSV: every role, not a logged-in user without one."""

from tests.matrix import ROLES, only, rows_for

_ROLES = set(ROLES) - {"anonymous", "outsider"}

ROWS = [
    *rows_for("goal", only(_ROLES)),
    *rows_for("goal", only(_ROLES, ok=404), data=lambda w: {"maaling": "findes-ikke"}, case="unknown measure"),
    *rows_for("goal_areas", only(_ROLES)),
    *rows_for("goal_areas", only(_ROLES, ok=404), data=lambda w: {"maaling": "findes-ikke"}, case="unknown measure"),
    *rows_for("goal_csv", only(_ROLES)),
    *rows_for("goal_csv", only(_ROLES, ok=404), data=lambda w: {"maaling": "x"}, case="unknown measure"),
    *rows_for("goal_csv", {**only(_ROLES, ok=405), "outsider": 405}, method="post", case="POST is refused"),
]
