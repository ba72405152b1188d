"""Nothing warned a police liaison that editing a version takes away his right to decide on it; the edit form now
says so before he saves, and stops saying it once he has edited (the right is gone then)."""

from django.urls import reverse

from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory


def test_a_police_liaison_in_the_steering_group_is_warned_before_editing(client, author, police_member, colleague):
    version = InitiativeVersionFactory(author=author, responsibility=InitiativeVersion.Responsibility.JOINT)
    client.force_login(police_member)
    page = client.get(reverse("initiatives:edit", args=[version.initiative_id]))
    assert page.status_code == 200 and 'data-testid="loses-decision"' in page.text
    assert "kan du ikke længere træffe beslutning" in page.text
    client.force_login(colleague)  # municipal staff, no decision to lose
    assert (
        'data-testid="loses-decision"' not in client.get(reverse("initiatives:edit", args=[version.initiative_id])).text
    )
