"""Publication is part of the approval: not public by default, public only when every approving member says so."""

from django.urls import reverse

from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, InitiativeVersion
from initiatives.publication import Publication


def _approve(version, member, publication=None):
    version = InitiativeVersion.objects.get(pk=version.pk)
    return workflow.decide(
        version,
        by=member,
        outcome=Decision.Outcome.APPROVE,
        justification="Bidrager.",
        sub_goals=[SubGoal.objects.get(number=1)],
        contributes_to_goal=True,
        publication=publication,
        send_mail=False,
    )


def test_an_approval_without_a_publication_choice_is_not_public(submitted, police_member, municipal_member):
    _approve(submitted, police_member)
    _approve(submitted, municipal_member)
    version = InitiativeVersion.objects.get(pk=submitted.pk)
    assert version.state == InitiativeVersion.State.APPROVED
    assert (version.published, version.public_contacts, version.public_budget) == (False, False, False)


def test_published_only_when_every_approval_agrees_field_by_field(submitted, police_member, municipal_member):
    _approve(submitted, police_member, Publication(publish=True, contacts=True, budget=True))
    _approve(submitted, municipal_member, Publication(publish=True, contacts=False, budget=True))
    version = InitiativeVersion.objects.get(pk=submitted.pk)
    assert (version.published, version.public_contacts, version.public_budget) == (True, False, True)


def test_one_member_saying_no_keeps_it_off_the_public_pages(submitted, police_member, municipal_member):
    _approve(submitted, police_member, Publication(publish=True, contacts=True, budget=True))
    _approve(submitted, municipal_member, Publication(publish=False, contacts=True, budget=True))
    version = InitiativeVersion.objects.get(pk=submitted.pk)
    assert (version.published, version.public_contacts, version.public_budget) == (False, False, False)


def test_a_new_version_is_not_public_until_its_own_approval(submitted, police_member, municipal_member, author):
    _approve(submitted, police_member, Publication(publish=True))
    _approve(submitted, municipal_member, Publication(publish=True))
    copy = workflow.start_revision(InitiativeVersion.objects.get(pk=submitted.pk).initiative, by=author)
    assert copy.published is False
    assert InitiativeVersion.objects.get(pk=submitted.pk).published is True  # the approved one stays published


def test_the_decision_form_records_the_members_choice(client, submitted, police_member):
    client.force_login(police_member)
    page = client.get(submitted.get_absolute_url()).text
    assert "Offentliggør initiativet på de offentlige sider" in page
    response = client.post(
        reverse("initiatives:decide", args=[submitted.initiative_id, submitted.number]),
        {
            "revision": submitted.revision,
            "outcome": "godkend",
            "justification": "Bidrager.",
            "contributes_to_goal": "on",
            "sub_goals": [SubGoal.objects.get(number=1).pk],
            "publish": "on",
            "publish_budget": "on",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(member=police_member)
    assert (decision.publish, decision.publish_contacts, decision.publish_budget) == (True, False, True)
