"""The approval workflow without HTTP: the state machine, quorum, separation of duties, version binding,
revisions and the append-only record (mail: test_mail.py)."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from accounts.models import Organisation
from accounts.roles import Role
from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import ApprovalRule, Decision, EndEvaluation, Event, InitiativeVersion, Partner
from initiatives.workflow import WorkflowError
from tests.accounts.factories import UserFactory
from tests.audit.append_only import assert_append_only
from tests.initiatives.factories import InitiativeVersionFactory

State = InitiativeVersion.State
Outcome = Decision.Outcome


def approve(version, member, sub_goals=(1,), **kwargs):
    return workflow.decide(
        version,
        by=member,
        outcome=Outcome.APPROVE,
        justification="Bidrager til målet.",
        sub_goals=SubGoal.objects.filter(number__in=sub_goals),
        contributes_to_goal=True,
        **kwargs,
    )


def reload(version):
    return InitiativeVersion.objects.select_related("initiative").get(pk=version.pk)


# The state machine

ACTIONS = {
    "submit": lambda version, users: workflow.submit(version, by=users["author"]),
    "approve": lambda version, users: approve(version, users["police"]),
    "send back": lambda version, users: workflow.decide(
        version, by=users["police"], outcome=Outcome.RETURN, justification="Ret effektmålet."
    ),
    "reject": lambda version, users: workflow.decide(
        version, by=users["police"], outcome=Outcome.REJECT, justification="Uden for strategien."
    ),
    "complete": lambda version, users: workflow.complete(
        version, by=users["author"], worked="Det gik godt.", did_not_work="Intet.", recommendation="fortsaet"
    ),
}
# The states each action may start from (the spec, written independently of workflow.TRANSITIONS); from every
# other state the action is refused and changes nothing.
ALLOWED_FROM = {
    "submit": {State.DRAFT, State.RETURNED},
    "approve": {State.SUBMITTED},
    "send back": {State.SUBMITTED},
    "reject": {State.SUBMITTED},
    "complete": {State.APPROVED},
}


@pytest.mark.parametrize(
    ("action", "start"),
    [(action, state) for action in ACTIONS for state in State.values if state not in ALLOWED_FROM[action]],
)
def test_an_action_from_a_state_that_does_not_allow_it_changes_nothing(action, start, author, police_member):
    version = InitiativeVersionFactory(author=author, state=start)
    before = (version.state, version.revision, Event.objects.count(), Decision.objects.count())
    with pytest.raises(WorkflowError):
        ACTIONS[action](version, {"author": author, "police": police_member})
    version = reload(version)
    assert (version.state, version.revision, Event.objects.count(), Decision.objects.count()) == before


def test_submit_moves_draft_to_submitted_records_it_and_raises_the_revision(author, draft):
    event = workflow.submit(draft, by=author)
    version = reload(draft)
    assert version.state == State.SUBMITTED and version.revision == draft.revision + 1
    assert (event.actor, event.organisation, event.from_state, event.to_state) == (
        author,
        Organisation.MUNICIPALITY,
        State.DRAFT,
        State.SUBMITTED,
    )


def test_submitting_twice_is_refused_with_a_message(author, submitted):
    with pytest.raises(WorkflowError, match="allerede indsendt"):
        workflow.submit(submitted, by=author)
    assert Event.objects.filter(action=Event.Action.SUBMITTED).count() == 1


def test_an_incomplete_document_says_what_is_missing_and_is_not_submitted(author):
    version = InitiativeVersionFactory(author=author, sub_goals=[], learning_question="", whole_municipality=False)
    missing = workflow.missing_for_submission(version)
    # The same words as the edit form's, from the one home of the rules (initiatives/completeness.py).
    assert "Angiv, hvad tryghedsarbejdet skal lære." in missing
    assert any(m.startswith("Vælg mindst ét delmål") for m in missing)
    assert "Skriv mindst ét effektmål." in missing
    assert "Vælg lokalområderne, eller sæt kryds ved »hele kommunen«." in missing
    with pytest.raises(WorkflowError, match="ikke komplet"):
        workflow.submit(version, by=author)
    assert reload(version).state == State.DRAFT


def test_outsider_and_the_police_on_a_municipal_initiative_cannot_submit(draft, outsider, police_member):
    for user in (outsider, police_member):
        with pytest.raises(WorkflowError):
            workflow.submit(draft, by=user)
    assert reload(draft).state == State.DRAFT


# Quorum across organisations


def test_approval_needs_the_police_and_the_municipality(submitted, police_member, municipal_member):
    approve(submitted, police_member)
    assert reload(submitted).state == State.SUBMITTED  # one organisation is not enough
    approve(submitted, municipal_member, sub_goals=(1, 3))
    version = reload(submitted)
    assert version.state == State.APPROVED and version.initiative.approved_version == version
    event = Event.objects.get(decision__member=municipal_member)
    assert (event.from_state, event.to_state, event.action) == (State.SUBMITTED, State.APPROVED, Event.Action.APPROVED)


def test_two_municipal_approvals_are_not_a_joint_approval(submitted, municipal_member):
    approve(submitted, municipal_member)
    approve(submitted, UserFactory(username="municipal2", role=Role.STEERING_MEMBER))
    assert reload(submitted).state == State.SUBMITTED


def test_an_administrator_s_quorum_of_two_police_approvals_applies(submitted, police_member, municipal_member):
    ApprovalRule.objects.update_or_create(pk=1, defaults={"police_approvals_required": 2})
    approve(submitted, police_member)
    approve(submitted, municipal_member)
    assert reload(submitted).state == State.SUBMITTED
    second = UserFactory(username="police2", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE)
    approve(submitted, second)
    assert reload(submitted).state == State.APPROVED


def test_one_send_back_returns_the_version_with_the_comments(submitted, police_member, municipal_member, author):
    approve(submitted, police_member)
    workflow.decide(submitted, by=municipal_member, outcome=Outcome.RETURN, justification="Effektmålet mangler tal.")
    version = reload(submitted)
    assert version.state == State.RETURNED and version.is_editable
    assert Event.objects.filter(to_state=State.RETURNED).get().justification == "Effektmålet mangler tal."


def test_reject_ends_it_and_keeps_the_reasons(submitted, police_member):
    workflow.decide(submitted, by=police_member, outcome=Outcome.REJECT, justification="Ligger uden for strategien.")
    version = reload(submitted)
    assert version.state == State.REJECTED and not version.is_editable
    assert version.decisions.get().justification == "Ligger uden for strategien."
    assert version.initiative.approved_version is None


def test_a_decision_needs_a_justification_and_an_approval_its_sub_goals(submitted, police_member):
    with pytest.raises(WorkflowError, match="begrundelse"):
        workflow.decide(submitted, by=police_member, outcome=Outcome.RETURN, justification="   ")
    with pytest.raises(WorkflowError, match="delmål"):
        workflow.decide(
            submitted, by=police_member, outcome=Outcome.APPROVE, justification="Fint", contributes_to_goal=True
        )
    with pytest.raises(WorkflowError, match="dokumentet angiver"):
        approve(submitted, police_member, sub_goals=(2,))  # the document does not claim sub-goal 2
    assert not Decision.objects.exists()


# Separation of duties, one decision per member


def test_the_author_cannot_decide_on_their_own_version(author, police_member):
    author.groups.add(*police_member.groups.all())  # even as a steering-group member
    version = InitiativeVersionFactory(author=author)
    workflow.submit(version, by=author)
    with pytest.raises(WorkflowError, match="funktionsadskillelse"):
        approve(version, author)


def test_a_member_who_edited_the_version_cannot_decide(client, author, police_member):
    from tests.initiatives.factories import document_data

    version = InitiativeVersionFactory(author=author, responsibility="faelles", police_contact=police_member)
    client.force_login(police_member)
    client.post(f"/initiativer/{version.initiative_id}/rediger/", document_data(version, title="Politiets udgave"))
    client.force_login(author)
    client.post(f"/initiativer/{version.initiative_id}/rediger/", document_data(reload(version), title="Tilbage"))
    assert reload(version).last_edited_by == author  # the police member is no longer the last editor
    workflow.submit(version, by=author)
    with pytest.raises(WorkflowError, match="funktionsadskillelse"):
        approve(version, police_member)


def test_deciding_twice_is_refused_and_keeps_the_first_decision(submitted, police_member):
    approve(submitted, police_member)
    with pytest.raises(WorkflowError, match="allerede registreret"):
        workflow.decide(submitted, by=police_member, outcome=Outcome.REJECT, justification="Fortrudt")
    assert list(Decision.objects.values_list("outcome", flat=True)) == [Outcome.APPROVE]
    assert reload(submitted).state == State.SUBMITTED


def test_deciding_on_a_version_no_longer_submitted_is_refused(submitted, police_member, municipal_member):
    workflow.decide(submitted, by=police_member, outcome=Outcome.RETURN, justification="Ret det.")
    with pytest.raises(WorkflowError, match="afventer ikke længere"):
        approve(submitted, municipal_member)
    assert Decision.objects.count() == 1


def test_a_decision_on_a_page_opened_before_a_resubmission_is_refused(
    submitted, author, police_member, municipal_member
):
    opened_at = reload(submitted).revision
    workflow.decide(submitted, by=police_member, outcome=Outcome.RETURN, justification="Ret det.")
    workflow.submit(submitted, by=author)
    with pytest.raises(WorkflowError, match="ændret, siden du åbnede"):
        approve(submitted, municipal_member, expected_revision=opened_at)


# Version binding


def test_approvals_of_a_returned_text_do_not_count_for_the_resubmitted_one(
    submitted, author, police_member, municipal_member
):
    approve(submitted, police_member)
    workflow.decide(submitted, by=municipal_member, outcome=Outcome.RETURN, justification="Ret effektmålet.")
    workflow.submit(submitted, by=author)
    approve(submitted, municipal_member)
    assert reload(submitted).state == State.SUBMITTED  # the police approved the old text, not this one
    approve(submitted, police_member)
    version = reload(submitted)
    assert version.state == State.APPROVED
    assert version.decisions.filter(revision=version.revision - 1).count() == 2


def test_an_approval_names_its_exact_version_and_sub_goals(submitted, police_member):
    decision = approve(submitted, police_member, sub_goals=(1, 3))
    assert decision.version == submitted and decision.revision == reload(submitted).revision
    assert decision.organisation == Organisation.POLICE and decision.contributes_to_goal
    assert sorted(s.number for s in decision.sub_goals.all()) == [1, 3]


# Revision of an approved initiative


@pytest.fixture
def approved_by_workflow(submitted, police_member, municipal_member):
    approve(submitted, police_member)
    approve(submitted, municipal_member)
    return reload(submitted)


def test_a_new_version_is_a_copy_and_the_approved_one_applies_until_it_is_approved(
    approved_by_workflow, colleague, police_member, municipal_member
):
    old = approved_by_workflow
    old.partners.add(Partner.objects.get_or_create(name="TrygFonden")[0])
    new = workflow.start_revision(old.initiative, by=colleague)
    assert (new.number, new.state, new.title, new.author) == (2, State.DRAFT, old.title, colleague)
    assert [p.name for p in new.partners.all()] == ["TrygFonden"]
    assert [(c.sub_goal_id, c.how) for c in new.contributions.all()] == [
        (c.sub_goal_id, c.how) for c in old.contributions.all()
    ]
    assert [g.description for g in new.effect_goals.all()] == [g.description for g in old.effect_goals.all()]
    initiative = reload(new).initiative
    assert initiative.latest_version == new and initiative.approved_version == old

    InitiativeVersion.objects.filter(pk=new.pk).update(title="Ny titel")
    workflow.submit(new, by=colleague)
    approve(new, police_member)
    assert reload(new).initiative.approved_version == old  # still the old one until the quorum is reached
    approve(new, municipal_member)
    new = reload(new)
    assert new.initiative.approved_version == new and new.state == State.APPROVED
    old = reload(old)
    assert old.state == State.APPROVED and old.title == "Indsendt initiativ"  # frozen, viewable for ever


def test_starting_a_second_new_version_is_refused(approved_by_workflow, colleague):
    workflow.start_revision(approved_by_workflow.initiative, by=colleague)
    with pytest.raises(WorkflowError, match="allerede under udarbejdelse"):
        workflow.start_revision(approved_by_workflow.initiative, by=colleague)
    assert approved_by_workflow.initiative.versions.count() == 2


def test_a_rejected_revision_leaves_the_approved_version_and_may_be_tried_again(
    approved_by_workflow, colleague, police_member
):
    new = workflow.start_revision(approved_by_workflow.initiative, by=colleague)
    workflow.submit(new, by=colleague)
    workflow.decide(new, by=police_member, outcome=Outcome.REJECT, justification="Nej tak.")
    assert reload(new).initiative.approved_version == approved_by_workflow
    third = workflow.start_revision(approved_by_workflow.initiative, by=colleague)
    assert third.number == 3 and third.title == approved_by_workflow.title


def test_only_an_approved_initiative_is_revised(draft, author):
    with pytest.raises(WorkflowError):
        workflow.start_revision(draft.initiative, by=author)


def test_completing_records_the_end_evaluation(approved_by_workflow, author):
    with pytest.raises(WorkflowError, match="slutevaluering"):
        workflow.complete(approved_by_workflow, by=author, worked=" ", did_not_work="Intet.", recommendation="stop")
    with pytest.raises(WorkflowError, match="slutevaluering"):
        workflow.complete(approved_by_workflow, by=author, worked="Godt.", did_not_work="Intet.", recommendation="")
    event = workflow.complete(
        approved_by_workflow,
        by=author,
        worked="Flere kender deres naboer.",
        did_not_work="Få kom til møderne.",
        recommendation="juster",
    )
    assert reload(approved_by_workflow).state == State.COMPLETED
    assert (event.from_state, event.to_state) == (State.APPROVED, State.COMPLETED)
    assert event.justification.startswith("Flere kender deres naboer.")
    evaluation = EndEvaluation.objects.get(version=approved_by_workflow)
    assert (evaluation.recommendation, evaluation.did_not_work) == ("juster", "Få kom til møderne.")


# The append-only record


def test_decisions_and_events_cannot_be_changed_or_deleted(submitted, police_member):
    decision = approve(submitted, police_member)
    event = Event.objects.get(decision=decision)
    for record in (decision, event):
        assert_append_only(record, justification="Ændret bagefter")
    assert Decision.objects.get().justification == "Bidrager til målet."


def test_the_admin_offers_neither_change_nor_delete_nor_add(admin_user):
    admin_user.is_superuser = True
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model in (Decision, Event):
        model_admin = site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_the_quorum_is_changed_in_the_admin_by_an_administrator(client, admin_user):
    client.force_login(admin_user)
    url = "/admin/initiatives/approvalrule/1/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"police_approvals_required": "2", "municipality_approvals_required": "1"})
    assert response.status_code == 302
    assert ApprovalRule.current().police_approvals_required == 2
    assert (
        client.post(url, {"police_approvals_required": "0", "municipality_approvals_required": "1"}).status_code == 200
    )  # at least one from each organisation: the approval stays joint
    assert ApprovalRule.current().police_approvals_required == 2
