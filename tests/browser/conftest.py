"""Browser tests: Playwright drives Debian's chromium; every visited page is checked with axe-core.

They skip with a reason where /usr/bin/chromium is missing, and fail instead when CI is set (CI installs it).
No browser is downloaded.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_22_AA = [*WCAG_21_AA, "wcag22aa"]  # adds WCAG 2.2's rules, e.g. the size of touch targets

# Playwright's sync API runs an event loop in the test thread; Django's live_server must allow that.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def migrated_data(django_db_setup):
    """The migrated strategy data as the test database was created with it (alias -> serialized contents)."""
    from django.db import connections

    return {c.alias: c._test_serialized_contents for c in connections.all() if hasattr(c, "_test_serialized_contents")}


@pytest.fixture(scope="session")
def browser(migrated_data):
    executable = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not executable:
        reason = f"Chromium not found at {CHROMIUM}; install Debian's chromium package to run browser tests"
        # CI must run them: a failed chromium install must not turn into a green run without browser tests.
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright's event loop gives this thread a new context, and with it new database connection objects
        # that lack the serialized data; hand it on, so every browser test starts from the migrated data.
        for alias, contents in migrated_data.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
        yield browser
        browser.close()


class AccessiblePage:
    """A page that runs axe-core (WCAG 2.1 A and AA) after every navigation it is asked to check."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        self._axe = Axe()

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def click(self, locator):
        """Click a link or button and check the page it leads to."""
        locator.click()
        self.page.wait_for_load_state()
        self.check_accessibility()

    def check_accessibility(self):
        results = self._axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        self.checked.append(self.page.url)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"

    def login(self, username: str, password: str):
        self.goto("/konto/log-ind/")
        self.page.get_by_label("Brugernavn").fill(username)
        self.page.get_by_label("Adgangskode").fill(password)
        self.click(self.page.get_by_role("button", name="Log ind"))


def csp_violations(context) -> list[str]:
    """Collect what chromium reports as Content-Security-Policy violations on every page of the context."""
    violations: list[str] = []

    def listen(page):
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )

    context.on("page", listen)
    return violations


@pytest.fixture
def ui(browser, live_server, django_db_serialized_rollback):
    # Each browser test starts from the migrated strategy data, also after another one flushed the database.
    context = browser.new_context(locale="da-DK")
    violations = csp_violations(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield AccessiblePage(page, live_server.url)
    context.close()
    # Every browser test also checks that nothing the pages do is blocked by the Content-Security-Policy.
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
