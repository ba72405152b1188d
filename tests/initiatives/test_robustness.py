"""Tampered and absurd input gives a Danish message or a 404, never an error page, and nothing is saved."""

import pytest
from django.urls import reverse

from initiatives.models import Decision, InitiativeVersion, Partner
from tests.initiatives.factories import document_data

HUGE = "9" * 25  # more digits than any id; SQLite cannot even compare such a number


@pytest.mark.parametrize(
    "path",
    [
        f"/initiativer/{HUGE}/",
        f"/initiativer/{HUGE}/udskrift/",
        f"/initiativer/{HUGE}/historik/",
        f"/initiativer/{HUGE}/rediger/",
        f"/initiativer/{HUGE}/aendringer/",
        f"/initiativer/{HUGE}/version/1/",
        f"/initiativer/1/version/{HUGE}/",
    ],
)
def test_a_number_longer_than_any_id_in_the_address_is_not_found(client, author, path):
    client.force_login(author)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("action", ["indsend", "ny-version", "afslut", "version/1/beslut"])
def test_an_action_on_a_number_longer_than_any_id_is_not_found(client, police_member, action):
    client.force_login(police_member)
    assert client.post(f"/initiativer/{HUGE}/{action}/", {"revision": "1"}).status_code == 404


@pytest.mark.parametrize("field", ["partners", "local_areas", "other_focus_areas"])
def test_a_huge_id_among_ticked_choices_is_an_error_on_the_field(client, author, draft, field):
    client.force_login(author)
    response = client.post(
        reverse("initiatives:edit", args=[draft.initiative_id]), document_data(draft, title="Rettet", **{field: [HUGE]})
    )
    assert response.status_code == 200
    assert "ikke en gyldig værdi" in " ".join(response.context["form"].errors[field])
    assert InitiativeVersion.objects.get(pk=draft.pk).title == "Nabohjælp i Tilst"
    assert not Partner.objects.filter(name="Rettet").exists()


def test_a_tampered_huge_revision_is_a_form_error_not_an_edit_conflict(client, author, draft):
    client.force_login(author)
    response = client.post(
        reverse("initiatives:edit", args=[draft.initiative_id]), document_data(draft, title="Rettet", revision="9" * 30)
    )
    assert response.status_code == 200 and "conflict" not in response.context
    assert "revisionsnummer er ugyldigt" in response.content.decode()
    assert InitiativeVersion.objects.get(pk=draft.pk).title == "Nabohjælp i Tilst"


def test_a_huge_sub_goal_id_in_a_decision_is_an_error_on_the_field(client, submitted, police_member):
    client.force_login(police_member)
    response = client.post(
        reverse("initiatives:decide", args=[submitted.initiative_id, submitted.number]),
        {
            "revision": submitted.revision,
            "outcome": "godkend",
            "justification": "Godt.",
            "contributes_to_goal": "on",
            "sub_goals": [HUGE],
        },
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors["sub_goals"]
    assert not Decision.objects.exists()


def test_the_decision_log_searches_a_huge_number_as_text(client, submitted, police_member):
    client.force_login(police_member)
    response = client.get(reverse("initiatives:decision_log"), {"q": "I-" + HUGE})
    assert response.status_code == 200 and response.context["page"].paginator.count == 0
