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
