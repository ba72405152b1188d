from tests.focusareas.factories import FocusAreaFactory
from tests.matrix import LOGIN, REDIRECT, ROLES, everyone_logged_in, only, rows_for


def build_world(world):
    world.focus_area = FocusAreaFactory(slug="matrix-omraade", name="Matrixområde")


def _slug(world):
    return {"slug": world.focus_area.slug}


_FORM = {"name": "Nyt område", "description": "Beskrivelse", "order": 70}

ROWS = [
    *rows_for("home", everyone_logged_in()),
    *rows_for("login", {role: 200 for role in ROLES}),
    *rows_for("logout", {**everyone_logged_in(REDIRECT), "anonymous": LOGIN}, method="post"),
    *rows_for("logout", {**everyone_logged_in(REDIRECT), "anonymous": LOGIN}, case="GET goes to the overview"),
    *rows_for("password_change", everyone_logged_in()),
    *rows_for("password_change_done", everyone_logged_in()),
    # The health probe answers everyone (the load balancer has no login) and only to GET.
    *rows_for("healthz", {role: 200 for role in ROLES}),
    *rows_for("healthz", {role: 405 for role in ROLES}, method="post", case="POST is refused"),
    *rows_for("admin:index", {**everyone_logged_in(LOGIN), "admin": 200}, case="staff only"),
    *rows_for("focusareas:list", everyone_logged_in()),
    *rows_for("focusarea", everyone_logged_in(), kwargs=_slug),
    *rows_for("focusareas:create", only({"admin"})),
    *rows_for("focusareas:create", only({"admin"}, ok=REDIRECT), method="post", data=lambda w: _FORM),
    *rows_for("focusareas:edit", only({"admin"}), kwargs=_slug),
    *rows_for("focusareas:retire", only({"admin"}, ok=REDIRECT), method="post", kwargs=_slug),
    *rows_for("focusareas:retire", only({"admin"}, ok=REDIRECT), kwargs=_slug, case="GET goes to the focus area"),
    *rows_for("focusareas:reinstate", only({"admin"}, ok=REDIRECT), method="post", kwargs=_slug),
]
