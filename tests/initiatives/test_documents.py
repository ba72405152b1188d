"""Writing and editing initiative documents: validation, all-or-nothing saves and optimistic locking."""

import pytest
from django.urls import reverse

from indicators.models import SubGoal
from initiatives.models import Contribution, EffectGoal, Initiative, InitiativeVersion, Partner
from tests.initiatives.factories import InitiativeVersionFactory, LocalAreaFactory, document_data


def _create(client, user, **overrides):
    client.force_login(user)
    return client.post(reverse("initiatives:create"), document_data(municipal_contact=user.pk, **overrides))


def test_staff_creates_a_draft_with_sub_goals_and_effect_goal(client, author):
    response = _create(client, author, **{"delmaal-2-selected": "on", "delmaal-2-how": "Færre anmeldelser."})
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    version = initiative.latest_version
    assert version.state == InitiativeVersion.State.DRAFT and version.number == 1
    assert version.author == author and version.last_edited_by == author and initiative.created_by == author
    assert [c.sub_goal.number for c in version.contributions.all()] == [1, 3]
    goal = version.effect_goals.get()
    assert goal.kind == EffectGoal.Kind.QUANTITATIVE and goal.unit == "procent" and goal.baseline_value == 70
    assert initiative.approved_version is None


def test_new_partners_join_the_managed_list_without_duplicates(client, author):
    _create(client, author, new_partners="Lystrup Fællesråd\ntrygfonden\n\nLystrup  Fællesråd")
    version = InitiativeVersion.objects.get()
    assert sorted(p.name for p in version.partners.all()) == ["Lystrup Fællesråd", "TrygFonden"]
    assert Partner.objects.get(name="Lystrup Fællesråd").added_by == author
    assert Partner.objects.filter(name__iexact="trygfonden").count() == 1


@pytest.mark.parametrize(
    ("overrides", "form", "field", "message"),
    [
        ({"end_date": "2026-01-01"}, "form", "end_date", "Slutdatoen ligger før startdatoen"),
        ({"effektmaal-0-unit": ""}, "effect-0", "unit", "enheden"),
        ({"effektmaal-0-baseline_value": ""}, "effect-0", "baseline_value", "udgangsværdien"),
        ({"effektmaal-0-baseline_value": "=1+1"}, "effect-0", "baseline_value", "tal"),
        ({"effektmaal-0-kind": "kvalitativ"}, "effect-0", "method", "metoden"),
        ({"effektmaal-0-sub_goal": "__sub_goal_2__"}, "effect-0", "sub_goal", "Vælg også dette delmål"),
        ({"focus_area": "999999"}, "form", "focus_area", "gyldig valgmulighed"),
        ({"start_date": "31-02-2026"}, "form", "start_date", "gyldig dato"),
        ({"title": " "}, "form", "title", "påkrævet"),
    ],
)
def test_bad_input_is_a_danish_error_on_the_field_and_nothing_is_saved(client, author, overrides, form, field, message):
    overrides = {k: (SubGoal.objects.get(number=2).pk if v == "__sub_goal_2__" else v) for k, v in overrides.items()}
    response = _create(client, author, **overrides)
    assert response.status_code == 200
    context = response.context
    if form == "form":
        errors = context["form"].errors[field]
    elif form == "contributions":
        errors = context["contributions"].non_form_errors()
    elif form == "effect_goals":
        errors = context["effect_goals"].non_form_errors()
    elif form.startswith("contribution-"):
        errors = context["contributions"].forms[int(form.split("-")[1])].errors[field]
    else:
        errors = context["effect_goals"].forms[int(form.split("-")[1])].errors[field]
    assert message.lower() in " ".join(errors).lower()
    assert "Dokumentet blev ikke gemt" in response.text
    assert not Initiative.objects.exists() and not InitiativeVersion.objects.exists()
    assert not Contribution.objects.exists() and not EffectGoal.objects.exists()


def test_geography_can_be_named_local_areas(client, author):
    area = LocalAreaFactory(name="Gellerup")
    _create(client, author, whole_municipality="", local_areas=[area.pk])
    version = InitiativeVersion.objects.get()
    assert list(version.local_areas.all()) == [area] and not version.whole_municipality


def test_state_cannot_be_set_through_the_form(client, author):
    _create(client, author, state="godkendt")
    assert InitiativeVersion.objects.get().state == InitiativeVersion.State.DRAFT


def test_colleague_edits_a_draft_and_the_revision_rises(client, colleague, draft):
    client.force_login(colleague)
    response = client.post(
        reverse("initiatives:edit", args=[draft.initiative_id]),
        document_data(draft, title="Nabohjælp i Tilst og Trige"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Nabohjælp i Tilst og Trige" and draft.revision == 2
    assert draft.last_edited_by == colleague and draft.author != colleague


def test_edit_removes_a_sub_goal_and_an_effect_goal(client, author):
    version = InitiativeVersionFactory(author=author, sub_goals=[1, 2])
    data = document_data(version, **{"delmaal-1-selected": "", "effektmaal-0-DELETE": "on"})
    data.update(
        {
            "effektmaal-1-description": "Beboere fortæller om tryghed",
            "effektmaal-1-kind": "kvalitativ",
            "effektmaal-1-sub_goal": SubGoal.objects.get(number=1).pk,
            "effektmaal-1-method": "Interviews",
        }
    )
    client.force_login(author)
    assert client.post(reverse("initiatives:edit", args=[version.initiative_id]), data).status_code == 302
    assert [c.sub_goal.number for c in version.contributions.all()] == [1]
    assert [g.method for g in version.effect_goals.all()] == ["Interviews"]


@pytest.mark.parametrize("revision", ["abc", "", "-1", "1e9999"])
def test_tampered_revision_is_a_form_error_not_a_crash(client, author, draft, revision):
    client.force_login(author)
    response = client.post(
        reverse("initiatives:edit", args=[draft.initiative_id]), document_data(draft, title="Ændret", revision=revision)
    )
    assert response.status_code == 200
    assert "Genindlæs siden" in response.text
    draft.refresh_from_db()
    assert draft.title == "Nabohjælp i Tilst" and draft.revision == 1


def test_revision_from_the_future_is_refused_as_tampered(client, author, draft):
    client.force_login(author)
    response = client.post(
        reverse("initiatives:edit", args=[draft.initiative_id]), document_data(draft, title="Ændret", revision="99")
    )
    assert response.status_code == 200 and "Genindlæs siden" in response.text
    draft.refresh_from_db()
    assert draft.title == "Nabohjælp i Tilst"


def test_approved_document_is_not_edited_in_place(client, author, approved):
    client.force_login(author)
    url = reverse("initiatives:edit", args=[approved.initiative_id])
    response = client.post(url, document_data(approved, title="Ændret"), follow=True)
    assert "godkendt af styregruppen og kan ikke ændres" in response.text
    approved.refresh_from_db()
    assert approved.title == "Godkendt initiativ"
    assert (
        "Rediger"
        not in client.get(approved.initiative.get_absolute_url()).text.split("<main")[1].split("print-section")[0]
    )


def test_version_submitted_while_editing_is_not_overwritten(client, author, draft):
    client.force_login(author)
    data = document_data(draft, title="Ændret")
    InitiativeVersion.objects.filter(pk=draft.pk).update(state=InitiativeVersion.State.SUBMITTED)
    response = client.post(reverse("initiatives:edit", args=[draft.initiative_id]), data, follow=True)
    assert "indsendt" in response.text
    draft.refresh_from_db()
    assert draft.title == "Nabohjælp i Tilst"


def test_returned_version_is_editable(client, author):
    returned = InitiativeVersionFactory(author=author, state=InitiativeVersion.State.RETURNED)
    client.force_login(author)
    response = client.post(
        reverse("initiatives:edit", args=[returned.initiative_id]), document_data(returned, title="Revideret")
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.title == "Revideret" and returned.state == InitiativeVersion.State.RETURNED


def test_police_liaison_edits_joint_initiative_but_not_a_municipal_one(client, author, police_member):
    joint = InitiativeVersionFactory(author=author, responsibility="faelles", police_contact=police_member)
    municipal = InitiativeVersionFactory(author=author)
    client.force_login(police_member)
    response = client.post(
        reverse("initiatives:edit", args=[joint.initiative_id]), document_data(joint, title="Politiets rettelse")
    )
    assert response.status_code == 302
    assert client.get(reverse("initiatives:edit", args=[municipal.initiative_id])).status_code == 403


def test_description_is_plain_text_with_paragraphs_and_no_html(client, author):
    _create(client, author, description="<script>alert(1)</script>\n\nAndet afsnit")
    response = client.get(Initiative.objects.get().get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in response.text and "<p>Andet afsnit</p>" in response.text


def test_each_sub_goal_box_is_a_fieldset_named_by_its_sub_goal(client, author):
    """Screen readers announce which sub-goal a tick box and its “how” text belong to."""
    client.force_login(author)
    page = client.get(reverse("initiatives:create")).content.decode()
    boxes = page.split('data-testid="sub-goal-box"')[1:]
    assert len(boxes) == SubGoal.objects.count() == 3
    for box, sub_goal in zip(boxes, SubGoal.objects.order_by("number"), strict=True):
        legend = box.split("<legend", 1)[1].split("</legend>", 1)[0]
        assert str(sub_goal) in legend
        assert "Initiativet bidrager til dette delmål" in box.split("</fieldset>", 1)[0]


def test_building_a_version_writes_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(1):  # reading the focus area; no INSERT
        version = InitiativeVersionFactory.build()
    assert version.pk is None and version.initiative.pk is None


def test_the_error_summary_links_to_each_field_in_error(client, author):
    response = _create(client, author, title="", end_date="2026-01-01", **{"effektmaal-0-unit": ""})
    summary = response.text.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert 'id="error-summary" tabindex="-1"' in response.text
    # In the order of the form: the title, the end date, then the effect goal's unit.
    assert summary.index('href="#id_title"') < summary.index('href="#id_end_date"')
    assert summary.index('href="#id_end_date"') < summary.index('href="#id_effektmaal-0-unit"')
    assert "Slutdato" in summary


def test_conditional_fields_are_marked_required(client, author):
    client.force_login(author)
    page = client.get(reverse("initiatives:create")).text
    label = page.split('for="id_evidence_summary"')[1].split("</label>")[0]
    assert "asteriskField" in label
    assert "Skal udfyldes, når grundlaget er evidens for effekt." in page


def test_add_effect_goal_keeps_the_typing_saves_nothing_and_shows_no_errors(client, author):
    response = _create(client, author, title="Halvt skrevet", add_effect_goal="1")
    assert response.status_code == 200 and not InitiativeVersion.objects.exists()
    assert 'value="Halvt skrevet"' in response.text and "error-summary" not in response.text
    posted = int(document_data()["effektmaal-TOTAL_FORMS"])
    assert len(response.context["effect_goals"].forms) == posted + 1
    assert response.context["effect_goals"].forms[0]["unit"].value() == "procent"


def test_a_new_document_has_one_effect_goal_box_and_no_delete_box(client, author, draft):
    client.force_login(author)
    new = client.get(reverse("initiatives:create")).context["effect_goals"]
    assert len(new.forms) == 1 and "DELETE" not in new.forms[0].fields
    edit = client.get(reverse("initiatives:edit", args=[draft.initiative_id])).context["effect_goals"]
    assert len(edit.forms) == 1 and "DELETE" in edit.forms[0].fields


def test_the_learning_question_is_shown_also_when_the_basis_is_evidence(client, author):
    version = InitiativeVersionFactory(
        author=author,
        basis="evidens",
        evidence_summary="Forsøg",
        evidence_references="Rapport 2024",
        learning_question="Virker det her?",
    )
    client.force_login(author)
    assert "Virker det her?" in client.get(version.initiative.get_absolute_url()).text


def test_the_follow_up_frequency_and_tolerance_are_set_when_the_goal_is_written(client, author):
    """Each effect goal gets its own cadence and tolerance in the document form (issue 14); left empty, the
    defaults: yearly, 0,10."""
    _create(client, author, **{"effektmaal-0-frequency": "3", "effektmaal-0-tolerance": "0,25"})
    goal = Initiative.objects.get().latest_version.effect_goals.get()
    assert (goal.frequency, str(goal.tolerance)) == (EffectGoal.Frequency.QUARTERLY, "0.25")
    version = Initiative.objects.get().latest_version
    data = document_data(version, **{"effektmaal-0-frequency": "", "effektmaal-0-tolerance": ""})
    assert client.post(reverse("initiatives:edit", args=[version.initiative_id]), data).status_code == 302
    goal = EffectGoal.objects.get(pk=goal.pk)
    assert (goal.frequency, goal.tolerance) == (
        EffectGoal.Frequency.YEARLY,
        EffectGoal._meta.get_field("tolerance").default,
    )
