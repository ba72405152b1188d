import pytest

from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory


@pytest.fixture
def draft(author):
    """The author's draft: municipality-led, contributing to sub-goal 1."""
    return InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst")


@pytest.fixture
def approved(author):
    """A version the steering group approved (set directly; the workflow arrives with the approval issue)."""
    return InitiativeVersionFactory(author=author, title="Godkendt initiativ", state=InitiativeVersion.State.APPROVED)


@pytest.fixture
def submitted(author):
    """The author's draft, submitted to the steering group through the workflow."""
    from initiatives import workflow

    version = InitiativeVersionFactory(author=author, title="Indsendt initiativ", sub_goals=[1, 3])
    workflow.submit(version, by=author)
    version.refresh_from_db()
    return version
