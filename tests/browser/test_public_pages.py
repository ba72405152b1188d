"""Every public page passes axe-core's WCAG 2.2 AA rules on a 360 px wide phone, and nothing overflows sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from followup import report as report_content
from followup.models import StatusReport
from initiatives.models import InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.browser.conftest import WCAG_22_AA
from tests.goal.conftest import PUBLISHED
from tests.indicators.factories import values
from tests.initiatives.factories import InitiativeVersionFactory
from tests.public.conftest import publish


@pytest.fixture
def public_world(db):
    values("andel_trygge", PUBLISHED)
    author = UserFactory(username="forfatter")
    version = InitiativeVersionFactory(author=author, state=InitiativeVersion.State.APPROVED, budget=50000)
    publish(version, contacts=True, budget=True)
    report_content.finalise(StatusReport.objects.create(year=2025, conclusion="Konklusion."), by=author)
    return version


def _html_pages(client) -> list[str]:
    """Every public HTML page reachable from the sitemap plus the pages listing downloads."""
    import re

    from django.conf import settings

    sitemap = client.get(reverse("public:sitemap")).text
    site = settings.SITE_URL.rstrip("/")
    paths = [url.removeprefix(site) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    paths += [
        reverse("public:initiatives") + "?delmaal=1",
        reverse("public:goal") + "?maaling=andel_trygge",
        "/offentlig/initiativer/999999/",
    ]
    return [p for p in paths if not p.endswith(".pdf")]


def test_every_public_page_passes_wcag_22_aa_at_360_px(public_world, ui, client):
    page = ui.page
    page.set_viewport_size({"width": 360, "height": 740})
    axe = Axe()
    problems = []
    pages = _html_pages(client)
    assert len(pages) >= 8
    for path in pages:
        page.goto(ui.base_url + path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if results.violations_count:
            problems.append(f"{path}\n{results.generate_report()}")
        overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        if overflow:
            problems.append(f"{path}: the page is wider than 360 px")
        assert page.get_by_role("link", name="Tilgængelighedserklæring").count() == 1
    assert not problems, "\n\n".join(problems)
