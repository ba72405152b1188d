"""The print view as the PDF a meeting gets: the approved version with its decisions fits on two A4 pages."""

import io

from pypdf import PdfReader

from accounts.roles import Role
from initiatives import workflow
from tests.accounts.factories import PASSWORD, UserFactory
from tests.initiatives.factories import InitiativeVersionFactory


def test_the_approved_version_prints_compactly_with_its_decisions(ui, transactional_db):
    author = UserFactory(username="bente", role=Role.MUNICIPAL_STAFF)
    police = UserFactory(
        username="peter", first_name="Peter", last_name="Lund", role=Role.STEERING_MEMBER, organisation="politi"
    )
    municipal = UserFactory(username="mette", first_name="Mette", last_name="Søndergaard", role=Role.STEERING_MEMBER)
    version = InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst", sub_goals=[1, 3])
    workflow.submit(version, by=author, send_mail=False)
    sub_goals = [c.sub_goal for c in version.contributions.all()]
    for member, why in ((police, "Politiet bakker op om nabohjælp i Tilst."), (municipal, "Godt forankret lokalt.")):
        workflow.decide(
            version,
            by=member,
            outcome="godkend",
            justification=why,
            contributes_to_goal=True,
            sub_goals=sub_goals,
            send_mail=False,
        )
    workflow.start_revision(version.initiative, by=author)

    ui.login("bente", PASSWORD)
    ui.goto(f"/initiativer/{version.initiative_id}/")
    ui.page.get_by_role("link", name="Udskriv den godkendte version 1").click()
    ui.check_accessibility()
    ui.page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(ui.page.pdf(format="A4", print_background=True)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    assert len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
    assert "Nabohjælp i Tilst" in text and "den godkendte version, der gælder" in text
    assert "Politiet bakker op om nabohjælp i Tilst." in text and "Godt forankret lokalt." in text
    assert "Peter Lund" in text and "Mette Søndergaard" in text
    assert "Tilbage til initiativet" not in text  # the screen's toolbar is not printed
