"""The approval pages over HTTP: status codes, messages, no change on error, and the pages' content."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, Event, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory, document_data

State = InitiativeVersion.State


def _decide(client, version, **data):
    version = InitiativeVersion.objects.get(pk=version.pk)
    payload = {
        "revision": version.revision,
        "outcome": "godkend",
        "justification": "Bidrager.",
        "contributes_to_goal": "on",
        "sub_goals": [SubGoal.objects.get(number=1).pk],
        **data,
    }
    return client.post(
        reverse("initiatives:decide", args=[version.initiative_id, version.number]), payload, follow=True
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_page_lists_what_is_missing_and_offers_no_submit_button(client, author):
    version = InitiativeVersionFactory(author=author, sub_goals=[])
    client.force_login(author)
    response = client.get(version.get_absolute_url())
    assert "Dokumentet kan endnu ikke indsendes til styregruppen. Det mangler:" in response.text
    assert "Skriv mindst ét effektmål." in response.text
    assert "Indsend til styregruppen" not in response.text


def test_submitting_twice_gives_a_clear_message_and_one_transition(client, author, draft):
    client.force_login(author)
    url = reverse("initiatives:submit", args=[draft.initiative_id])
    first = client.post(url, {"revision": draft.revision}, follow=True)
    assert "Version 1 er indsendt til styregruppen." in _messages(first)
    second = client.post(url, {"revision": draft.revision}, follow=True)  # the back button, a double click
    assert second.status_code == 200
    assert "Denne version er allerede indsendt og afventer styregruppens beslutning." in _messages(second)
    assert Event.objects.filter(action=Event.Action.SUBMITTED).count() == 1


def test_a_tampered_revision_on_submit_is_a_message_not_a_crash(client, author, draft):
    client.force_login(author)
    response = client.post(reverse("initiatives:submit", args=[draft.initiative_id]), {"revision": "x"}, follow=True)
    assert response.status_code == 200 and "Genindlæs siden" in " ".join(_messages(response))
    assert InitiativeVersion.objects.get(pk=draft.pk).state == State.DRAFT


def test_member_sees_the_decision_form_and_the_author_sees_why_not(client, submitted, author, police_member):
    client.force_login(police_member)
    assert 'data-testid="decision-form"' in client.get(submitted.get_absolute_url()).text
    author.groups.add(*police_member.groups.all())
    client.force_login(author)
    response = client.get(submitted.get_absolute_url())
    assert 'data-testid="decision-form"' not in response.text
    assert "funktionsadskillelse" in response.text


def test_deciding_twice_keeps_one_decision_and_says_so(client, submitted, police_member):
    client.force_login(police_member)
    first = _decide(client, submitted)
    assert "Din godkendelse er registreret. Versionen afventer den anden organisations godkendelse." in _messages(first)
    second = _decide(client, submitted)
    assert second.status_code == 200
    assert "Du har allerede registreret din beslutning om denne version." in _messages(second)
    assert Decision.objects.count() == 1


def test_deciding_on_a_version_no_longer_submitted_gives_a_message(client, submitted, police_member, municipal_member):
    workflow.decide(submitted, by=municipal_member, outcome="afvis", justification="Nej.")
    client.force_login(police_member)
    response = _decide(client, submitted)
    assert "Denne version afventer ikke længere en beslutning; den er nu afvist." in _messages(response)
    assert Decision.objects.count() == 1


def test_an_approval_without_sub_goals_is_an_error_on_the_field(client, submitted, police_member):
    client.force_login(police_member)
    response = _decide(client, submitted, sub_goals=[], contributes_to_goal="")
    form = response.context["decision_form"]
    assert "Vælg de delmål, initiativet bidrager gennem." in form.errors["sub_goals"]
    assert "bidrager til strategiens mål" in form.errors["contributes_to_goal"][0]
    assert "Din beslutning blev ikke registreret" in response.text
    assert not Decision.objects.exists()


def test_joint_approval_over_http_and_the_timeline(client, submitted, police_member, municipal_member):
    client.force_login(police_member)
    _decide(client, submitted, justification="Politiet bakker op.")
    client.force_login(municipal_member)
    response = _decide(client, submitted, justification="Kommunen bakker op.")
    assert "Styregruppen har nu godkendt version 1." in " ".join(_messages(response))
    timeline = response.text.split('data-testid="timeline"')[1]
    assert "indsendte version 1." in " ".join(strip_tags(timeline).split()) and "Politiet bakker op." in timeline
    assert "Status: Indsendt → Godkendt." in timeline
    assert "Bidrager til målet gennem Delmål 1" in timeline


def test_a_get_on_an_action_goes_back_to_the_initiative_page(client, submitted, police_member):
    """Reloading the page a decision form with an error left, or switching back to it, is no dead end."""
    client.force_login(police_member)
    response = client.get(reverse("initiatives:decide", args=[submitted.initiative_id, 1]))
    assert response.status_code == 302 and response["Location"] == submitted.initiative.get_absolute_url()
    assert not Decision.objects.exists()


def test_a_wrong_method_gets_the_danish_error_page(client, submitted, police_member):
    client.force_login(police_member)
    response = client.put(reverse("initiatives:decide", args=[submitted.initiative_id, 1]))
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"
    assert "Denne adresse kan ikke åbnes" in response.text and '<html lang="da">' in response.text


@pytest.fixture
def in_force(submitted, police_member, municipal_member):
    for member in (police_member, municipal_member):
        workflow.decide(
            submitted,
            by=member,
            outcome="godkend",
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
        )
    return InitiativeVersion.objects.get(pk=submitted.pk)


def test_an_approved_initiative_offers_a_new_version_instead_of_editing(client, in_force, colleague):
    client.force_login(colleague)
    page = client.get(in_force.get_absolute_url()).text
    assert "Start en ny version" in page and ">Rediger</a>" not in page
    response = client.post(reverse("initiatives:revise", args=[in_force.initiative_id]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "initiatives:edit", args=[in_force.initiative_id]
    )
    again = client.post(reverse("initiatives:revise", args=[in_force.initiative_id]), follow=True)
    assert "En ny version er allerede under udarbejdelse (version 2, kladde)." in _messages(again)
    assert in_force.initiative.versions.count() == 2


def test_pending_revision_shows_the_approved_version_the_changes_and_both_states(client, in_force, colleague):
    client.force_login(colleague)
    client.post(reverse("initiatives:revise", args=[in_force.initiative_id]))
    new = InitiativeVersion.objects.get(initiative=in_force.initiative, number=2)
    client.post(
        reverse("initiatives:edit", args=[in_force.initiative_id]),
        document_data(
            new,
            title="Nabohjælp i hele Aarhus",
            summary="Et nyt resumé.",
            **{"effektmaal-0-baseline_value": "120", "effektmaal-0-target_value": "100"},
        ),
    )
    detail = client.get(in_force.get_absolute_url()).text
    assert "Version 1 er godkendt og gælder, indtil styregruppen godkender denne nye version." in detail
    response = client.get(reverse("initiatives:revision", args=[in_force.initiative_id]))
    states = response.text.split('data-testid="revision-states"')[1].split("</table>")[0]
    assert "Godkendt" in states and "Kladde" in states
    changes = response.context["changes"]
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Titel", "Indsendt initiativ", "Nabohjælp i hele Aarhus"),
        ("Kort resumé", "Et kort resumé.", "Et nyt resumé."),
    ]
    assert "<del>Indsendt initiativ</del>" in response.text and "<ins>Nabohjælp i hele Aarhus</ins>" in response.text
    # The approved text stays frozen and viewable at its own address.
    old = client.get(reverse("initiatives:version", args=[in_force.initiative_id, 1]))
    assert "Dette er den godkendte version, der gælder." in old.text and "Indsendt initiativ" in old.text


def test_completing_needs_an_evaluation(client, in_force, author):
    client.force_login(author)
    url = reverse("initiatives:complete", args=[in_force.initiative_id])
    response = client.post(url, {"revision": in_force.revision, "worked": "", "did_not_work": "Intet."})
    assert response.status_code == 200
    errors = response.context["complete_form"].errors
    assert "Skriv, hvad der virkede" in errors["worked"][0]
    assert "fortsætte, justere eller stoppe" in errors["recommendation"][0]
    client.post(
        url,
        {
            "revision": in_force.revision,
            "worked": "Flere trygge beboere.",
            "did_not_work": "Intet.",
            "recommendation": "juster",
        },
    )
    assert InitiativeVersion.objects.get(pk=in_force.pk).state == State.COMPLETED
    page = client.get(reverse("initiatives:detail", args=[in_force.initiative_id]))
    assert "Flere trygge beboere." in page.text and "Justér" in page.text
    assert "Endelig status for hvert effektmål" in page.text


def test_front_page_shows_what_awaits_each_user(
    client, submitted, author, police_member, municipal_member, django_assert_max_num_queries
):
    client.force_login(police_member)
    # 10, two that find who wrote each version (separation of duties), two for the goal's headline, one for mine,
    # two for the follow-up due (tests/followup).
    with django_assert_max_num_queries(17):
        page = client.get(reverse("home")).text
    assert "Afventer din beslutning" in page and "Indsendt initiativ" in page.split('data-testid="my-tasks"')[1]
    # Until the data changes, the same user's front page is kept (datacache): the session, the user, the
    # permissions and the data version.
    with django_assert_max_num_queries(5):
        again = client.get(reverse("home")).text
    assert again.split('data-testid="my-tasks"')[1] == page.split('data-testid="my-tasks"')[1]
    workflow.decide(submitted, by=municipal_member, outcome="send_tilbage", justification="Ret det.")
    assert "Afventer din beslutning" not in client.get(reverse("home")).text
    client.force_login(author)
    page = client.get(reverse("home")).text
    assert "Sendt tilbage til dig til revision" in page and "Indsendt initiativ" in page


def test_front_page_query_count_does_not_grow_with_the_initiatives(
    client, author, police_member, django_assert_max_num_queries
):
    for _ in range(6):
        version = InitiativeVersionFactory(author=author)
        workflow.submit(version, by=author, send_mail=False)
    client.force_login(police_member)
    # 10, two that find who wrote each version (separation of duties), two for the goal's headline, one for mine,
    # two for the follow-up due (tests/followup).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("home"))
    assert len(response.context["tasks"].awaiting_decision) == 6


def test_steering_group_page_shows_each_member_s_remaining_decisions(
    client, submitted, author, police_member, municipal_member, django_assert_max_num_queries
):
    workflow.decide(
        submitted,
        by=police_member,
        outcome="godkend",
        justification="Ja",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
    )
    for _ in range(3):
        workflow.submit(InitiativeVersionFactory(author=author), by=author, send_mail=False)
    client.force_login(municipal_member)
    # 20 for any queue length: the page of the queue with its count, and the member's own count, which looks at
    # every submitted version (one query, two for who wrote each: separation of duties), and the data version.
    # Kept until the data changes (datacache): the second time only the session, the user, the permissions, the
    # data version, the approval rule and the membership changes, and the changes awaiting confirmation (one query).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("initiatives:steering"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("initiatives:steering")).text.count('data-testid="queue-item"') == 4
    item = next(i for i in response.context["queue"] if i.version.pk == submitted.pk)
    assert item.pending_members == [municipal_member] and item.approvals == {"politi": 1}
    assert "Versioner, du mangler at træffe beslutning om: 4" in response.text
    assert "Politiet 1 af 1; kommunen 0 af 1" in response.text


def test_agenda_lists_what_was_submitted_by_the_meeting_date(client, submitted, author):
    client.force_login(author)
    today = timezone.localdate()
    response = client.get(reverse("initiatives:agenda"), {"dato": today.isoformat()})
    assert [i.version.pk for i in response.context["items"]] == [submitted.pk]
    earlier = client.get(reverse("initiatives:agenda"), {"dato": (today - datetime.timedelta(days=1)).isoformat()})
    assert earlier.context["items"] == [] and "Intet afventer beslutning på denne dato." in earlier.text
    bad = client.get(reverse("initiatives:agenda"), {"dato": "<b>31-02</b>"})
    assert bad.status_code == 400 and "er ikke en dato" in bad.text and "<b>31-02" not in bad.text


def test_decision_log_filters_by_outcome_organisation_and_initiative(
    client, submitted, author, police_member, municipal_member
):
    other = InitiativeVersionFactory(author=author, title="Andet initiativ")
    workflow.submit(other, by=author)
    workflow.decide(
        submitted,
        by=police_member,
        outcome="godkend",
        justification="Ja",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
    )
    workflow.decide(other, by=municipal_member, outcome="afvis", justification="Nej")
    client.force_login(author)
    url = reverse("initiatives:decision_log")
    assert client.get(url).context["page"].paginator.count == 2
    assert [d.justification for d in client.get(url, {"outcome": "afvis"}).context["page"]] == ["Nej"]
    assert [d.justification for d in client.get(url, {"organisation": "politi"}).context["page"]] == ["Ja"]
    assert [d.justification for d in client.get(url, {"q": other.initiative.number}).context["page"]] == ["Nej"]
    bad = client.get(url, {"outcome": "slet", "fra": "igår"})
    assert bad.status_code == 200 and bad.context["filter"].errors


def test_the_quorum_is_said_in_good_danish(client, author):
    client.force_login(author)
    text = client.get(reverse("initiatives:steering")).text
    assert "når 1 medlem fra politiet og 1 medlem fra kommunen har godkendt den" in text
    assert "medlem(mer)" not in text


def test_the_decision_form_comes_after_the_document(client, submitted, police_member):
    client.force_login(police_member)
    text = client.get(submitted.initiative.get_absolute_url()).text
    assert text.index('id="description-heading"') < text.index('data-testid="decision-form"')
