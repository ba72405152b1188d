"""The decision log shows every column, the justification included, on a 1280 px wide screen."""

import datetime

from accounts.roles import Role
from initiatives import workflow
from tests.accounts.factories import PASSWORD, UserFactory
from tests.initiatives.factories import InitiativeVersionFactory

LONG = (
    "Initiativet bygger videre på erfaringerne fra nabohjælpsnetværkene i Tilst og Lisbjerg, hvor antallet af "
    "anmeldte indbrud faldt markant, og styregruppen lægger vægt på, at evalueringen følges op i 2027."
)


def test_the_justification_column_is_fully_visible_at_1280_px(ui, transactional_db):
    author = UserFactory(username="bente", role=Role.MUNICIPAL_STAFF)
    member = UserFactory(username="mette", role=Role.STEERING_MEMBER)
    police = UserFactory(username="peter", role=Role.STEERING_MEMBER, organisation="politi")
    version = InitiativeVersionFactory(
        author=author,
        title="Tryghedsvandringer med beboere, politi og boligsociale medarbejdere i Gellerup",
        sub_goals=[1, 2, 3],
        embargo_until=datetime.date(2099, 1, 1),
        embargo_reason="Forsøg",
    )
    workflow.submit(version, by=author, send_mail=False)
    workflow.decide(
        version,
        by=police,
        outcome="godkend",
        justification=LONG,
        contributes_to_goal=True,
        sub_goals=[c.sub_goal for c in version.contributions.all()],
        send_mail=False,
    )
    workflow.decide(version, by=member, outcome="send_tilbage", justification=LONG, send_mail=False)

    ui.page.set_viewport_size({"width": 1280, "height": 900})
    ui.login("mette", PASSWORD)
    ui.goto("/initiativer/styregruppe/beslutninger/")
    table = ui.page.get_by_test_id("decision-log")
    for cell in table.locator("tbody tr td:last-child").all():
        assert LONG[:40] in cell.inner_text()
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= 1280
    overflow = table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
    assert overflow <= 0
