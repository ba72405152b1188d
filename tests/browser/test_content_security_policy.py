"""The main journeys under the Content-Security-Policy: the `ui` fixture fails the test on any violation that
chromium reports; this test walks the pages the other browser tests do not reach, the admin among them."""

from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Initiative
from tests.accounts.factories import PASSWORD
from tests.test_permission_matrix import build_world


def test_the_main_journeys_run_without_a_csp_violation(ui, transactional_db):
    call_command("load_demo", verbosity=0)
    world = build_world()
    initiative = Initiative.objects.order_by("pk").first()
    ui.login(world.users["admin"].username, PASSWORD)
    for path in (
        reverse("initiatives:list"),
        reverse("initiatives:detail", args=[initiative.pk]),
        reverse("goal"),
        reverse("indicators:import_upload"),
        reverse("initiatives:steering"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[world.users["staff"].pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:audit_auditentry_changelist") + "?action__exact=login",
        reverse("admin:initiatives_approvalrule_changelist"),
        reverse("locked_out"),
    ):
        ui.page.goto(ui.base_url + path)
        ui.page.wait_for_load_state("networkidle")
    # The admin's own scripts run: the filter of the role list, the date-hierarchy links, the action bar.
    ui.page.goto(ui.base_url + reverse("admin:accounts_user_changelist"))
    ui.page.locator("input.action-select").first.check()
    ui.page.wait_for_load_state("networkidle")

    ui.login(world.users["staff"].username, PASSWORD)
    ui.page.goto(ui.base_url + reverse("initiatives:create"))
    ui.page.locator("main form button[type=submit]:not([data-testid=default-save])").first.click()
    ui.page.wait_for_load_state("networkidle")


def test_the_violation_detector_reports_an_inline_style(browser):
    """Guards the guard: an inline style under a strict policy is reported, so a silent pass means no violation."""
    from tests.browser.conftest import csp_violations

    context = browser.new_context()
    violations = csp_violations(context)
    page = context.new_page()
    page.set_content(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
        '</head><body><p style="color: red">x</p></body></html>'
    )
    page.wait_for_load_state()
    context.close()
    assert violations
