"""Every page of Tryg each role (administrator, staff, police liaison, steering member) can open passes axe-core.

axe checks WCAG 2.1 A and AA.

The pages come from the permission matrix: each GET row that answers 200 for the role, with the matrix's own
objects, on top of the demo content (so lists, the goal chart and the timelines have something in them). Pages that
are downloads (CSV, XLSX) are recognised by their content type and only checked to answer 200. The error pages and
the forms' error states are added by hand.
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import WCAG_21_AA
from tests.test_permission_matrix import ALL_ROWS, build_world

# Pages reached otherwise than by a plain GET of a matrix row: (description, how to get there).
EXTRA_PAGES = {
    "admin": ["404", "focus area form with errors", "login with a wrong password"],
    "staff": ["404", "403", "initiative form with errors"],
    "police": ["404"],
    "steering": ["404"],
}


def _pages_for(role, world):
    pages = []
    for row in ALL_ROWS:
        if row.method == "get" and row.role == role and row.expected == 200 and not row.data(world):
            pages.append((str(row), reverse(row.url_name, kwargs=row.kwargs(world))))
    return pages


def _violations(axe, page):
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [] if results.violations_count == 0 else [f"{page.url}\n{results.generate_report()}"]


def _extra(ui, name, world):
    """Open one of EXTRA_PAGES and leave the browser on it."""
    page = ui.page
    if name == "404":
        page.goto(ui.base_url + "/findes-ikke/")
    elif name == "403":
        page.goto(ui.base_url + reverse("focusareas:create"))
    elif name == "focus area form with errors":
        page.goto(ui.base_url + reverse("focusareas:create"))
        # Names taken already: the server's errors, not the browser's own required-field bubbles.
        page.locator("#id_name").fill("Digital tryghed")
        page.locator("#id_description").fill("Igen.")
        page.get_by_role("button", name="Gem").click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback").count() > 0
    elif name == "initiative form with errors":
        page.goto(ui.base_url + reverse("initiatives:create"))
        page.get_by_role("button", name="Opret initiativ").click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback, .errorlist, .alert-danger").count() > 0
    elif name == "login with a wrong password":
        context = page.context.browser.new_context(locale="da-DK")
        anonymous = context.new_page()
        anonymous.goto(ui.base_url + reverse("login"))
        anonymous.get_by_label("Brugernavn").fill("m-admin")
        anonymous.get_by_label("Adgangskode").fill("forkert")
        anonymous.get_by_role("button", name="Log ind").click()
        anonymous.wait_for_load_state()
        assert anonymous.get_by_role("alert").is_visible()
        return anonymous
    return page


@pytest.mark.parametrize("role", ["admin", "staff", "police", "steering"])
def test_every_page_of_the_role_passes_axe(ui, transactional_db, role):
    call_command("load_demo", verbosity=0)
    world = build_world()
    ui.login(world.users[role].username, PASSWORD)
    pages = _pages_for(role, world)
    assert len(pages) >= (20 if role == "admin" else 10), pages  # the matrix really was read

    # Django's test client tells pages from downloads (a browser navigation to a download fails).
    client = Client()
    client.force_login(world.users[role])
    violations, downloads, checked = [], [], []
    for name, path in pages:
        answer = client.get(path)
        assert answer.status_code == 200, f"{name}: {answer.status_code}"
        if "text/html" not in answer["Content-Type"]:
            downloads.append(name)
            continue
        ui.page.goto(ui.base_url + path)
        violations += _violations(ui._axe, ui.page)
        checked.append(path)
    for name in EXTRA_PAGES[role]:
        page = _extra(ui, name, world)
        violations += _violations(ui._axe, page)
        checked.append(name)
        if page is not ui.page:
            page.context.close()

    print(f"{role}: axe checked {len(checked)} pages; downloads not checked: {downloads}")
    assert not violations, f"{len(violations)} of {len(checked)} pages violate WCAG 2.1 A/AA:\n" + "\n".join(violations)
