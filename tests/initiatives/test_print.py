"""The print view: the latest or the approved version, with the steering group's decisions and the timeline."""

import pytest
from django.urls import reverse

from initiatives import workflow
from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory


@pytest.fixture
def approved_then_revised(author, police_member, municipal_member):
    version = InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst")
    workflow.submit(version, by=author)
    for member, why in ((police_member, "Politiet bakker op om nabohjælp."), (municipal_member, "Godt forankret.")):
        workflow.decide(
            version,
            by=member,
            outcome="godkend",
            justification=why,
            contributes_to_goal=True,
            sub_goals=[c.sub_goal for c in version.contributions.all()],
        )
    copy = workflow.start_revision(version.initiative, by=author)
    InitiativeVersion.objects.filter(pk=copy.pk).update(title="Nabohjælp i Tilst og Lisbjerg")
    return version


def test_prints_the_approved_version_with_its_decisions_and_the_timeline(client, author, approved_then_revised):
    initiative = approved_then_revised.initiative
    client.force_login(author)
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).text
    approved_link = f"{reverse('initiatives:print', args=[initiative.pk])}?version=1"
    assert approved_link in detail

    page = client.get(approved_link).text
    assert "Nabohjælp i Tilst</h1>" in page and "Lisbjerg" not in page
    assert "den godkendte version, der gælder" in page
    decisions = page[page.index('data-testid="print-decisions"') :]
    assert "Politiet bakker op om nabohjælp." in decisions and "Godt forankret." in decisions
    assert 'data-testid="timeline"' in page and "startede" in page


def test_prints_the_latest_version_by_default(client, author, approved_then_revised):
    client.force_login(author)
    page = client.get(reverse("initiatives:print", args=[approved_then_revised.initiative_id])).text
    assert "Nabohjælp i Tilst og Lisbjerg</h1>" in page
    assert "Styregruppen har ikke besluttet noget om denne version." in page


@pytest.mark.parametrize("version", ["9", "x", "1" * 30])
def test_an_unknown_version_is_a_404(client, author, approved_then_revised, version):
    client.force_login(author)
    url = reverse("initiatives:print", args=[approved_then_revised.initiative_id])
    assert client.get(url, {"version": version}).status_code == 404
