"""The public pages are open to everyone, anonymous users included, and refuse anything but GET and HEAD."""

from followup import report as report_content
from followup.models import StatusReport
from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory
from tests.matrix import ROLES, rows_for

OPEN = dict.fromkeys(ROLES, 200)
NOT_FOUND = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)


def build_world(world) -> None:
    version = InitiativeVersionFactory(author=world.users["staff"], state=InitiativeVersion.State.APPROVED)
    InitiativeVersion.objects.filter(pk=version.pk).update(published=True)
    world.public_initiative = version.initiative_id
    world.unpublished_initiative = InitiativeVersionFactory(
        author=world.users["staff"], state=InitiativeVersion.State.APPROVED
    ).initiative_id
    report_content.finalise(StatusReport.objects.create(year=2025), by=world.users["steering"])


ROWS = [
    *rows_for("public:start", OPEN),
    *rows_for("public:start", REFUSED, method="post", case="POST is refused"),
    *rows_for("public:focus_area", OPEN, kwargs=lambda w: {"slug": "indbrudsforebyggelse-og-nabohjaelp"}),
    *rows_for("public:focus_area", NOT_FOUND, kwargs=lambda w: {"slug": "findes-ikke"}, case="unknown"),
    *rows_for("public:initiatives", OPEN),
    *rows_for("public:initiative", OPEN, kwargs=lambda w: {"pk": w.public_initiative}),
    *rows_for("public:initiative", NOT_FOUND, kwargs=lambda w: {"pk": w.unpublished_initiative}, case="not published"),
    *rows_for("public:goal", OPEN),
    *rows_for("public:goal_csv", OPEN),
    *rows_for("public:reports", OPEN),
    *rows_for("public:report_pdf", OPEN, kwargs=lambda w: {"year": 2025, "scope": "hele-strategien"}),
    *rows_for("public:report_pdf", NOT_FOUND, kwargs=lambda w: {"year": 2024, "scope": "hele-strategien"}, case="none"),
    *rows_for("public:data", OPEN),
    *rows_for("public:catalogue", OPEN),
    *rows_for("public:dataset", OPEN, kwargs=lambda w: {"name": "initiativer", "fmt": "json"}),
    *rows_for("public:dataset", NOT_FOUND, kwargs=lambda w: {"name": "brugere", "fmt": "csv"}, case="unknown"),
]

ROWS += rows_for("public:sitemap", OPEN)
