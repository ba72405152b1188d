import pytest

from tests.followup.factories import in_force


@pytest.fixture
def followed(author):
    """An approved, municipality-led initiative in force with a quantitative and a qualitative goal."""
    return in_force(author, title="Nabohjælp i Tilst")
