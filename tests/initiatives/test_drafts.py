"""A draft saves as it is (issue 25): only a title is needed; what is missing is listed on the draft's page and
refuses submission with the same messages, and only a contradiction stops a save."""

import pytest
from django.urls import reverse

from initiatives import workflow
from initiatives.models import Initiative, InitiativeVersion

BARE = {"title": "Idé: tryghedsvandringer", "revision": "1", "origin": "ny"}
BARE_MANAGEMENT = {
    "delmaal-TOTAL_FORMS": "0",
    "delmaal-INITIAL_FORMS": "0",
    "effektmaal-TOTAL_FORMS": "1",
    "effektmaal-INITIAL_FORMS": "0",
}


def test_a_draft_with_only_a_title_saves_and_lists_what_is_missing(client, author):
    client.force_login(author)
    response = client.post(reverse("initiatives:create"), {**BARE, **BARE_MANAGEMENT})
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    version = initiative.latest_version
    assert version.state == InitiativeVersion.State.DRAFT and version.start_date is None and version.focus_area is None

    page = client.get(initiative.get_absolute_url()).text
    missing = page.split('data-testid="missing"')[1].split("</div>")[0]
    for message in [
        "Startdato: ikke udfyldt endnu.",
        "Fokusområde: ikke udfyldt endnu.",
        "Vælg mindst ét delmål",
        "Skriv mindst ét effektmål.",
    ]:
        assert message in missing
    assert "None" not in page.split("<main")[1]


def test_submitting_an_unfinished_draft_is_refused_with_the_messages_the_page_lists(client, author):
    client.force_login(author)
    client.post(reverse("initiatives:create"), {**BARE, **BARE_MANAGEMENT})
    version = InitiativeVersion.objects.get()
    listed = workflow.missing_for_submission(version)
    with pytest.raises(workflow.WorkflowError) as refusal:
        workflow.submit(version, by=author)
    assert all(message in str(refusal.value) for message in listed)
    assert InitiativeVersion.objects.get().state == InitiativeVersion.State.DRAFT


def test_a_bare_draft_can_be_edited_and_saved_again(client, author):
    client.force_login(author)
    client.post(reverse("initiatives:create"), {**BARE, **BARE_MANAGEMENT})
    initiative = Initiative.objects.get()
    edit = reverse("initiatives:edit", args=[initiative.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**BARE, **BARE_MANAGEMENT, "summary": "Kort sagt."})
    assert response.status_code == 302
    assert Initiative.objects.get().latest_version.summary == "Kort sagt."


def test_a_contradiction_still_stops_the_save(client, author):
    client.force_login(author)
    data = {**BARE, **BARE_MANAGEMENT, "start_date": "2026-05-01", "end_date": "2026-01-01"}
    response = client.post(reverse("initiatives:create"), data)
    assert response.status_code == 200 and "Slutdatoen ligger før startdatoen" in response.text
    assert not Initiative.objects.exists()
