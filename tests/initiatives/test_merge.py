"""Two people edit the same draft: a save based on an older revision is merged, never silently overwriting."""

import re
from decimal import Decimal

from django.urls import reverse

from indicators.models import SubGoal
from initiatives.models import EffectGoal, InitiativeVersion
from tests.initiatives.factories import LocalAreaFactory, PartnerFactory, document_data


def _save(client, user, version, data):
    client.force_login(user)
    return client.post(reverse("initiatives:edit", args=[version.initiative_id]), data, follow=True)


def test_anne_keeps_jonas_funding_when_she_saves_her_own_change(client, author, colleague, draft):
    """The reported case: Jonas changes the funding while Anne has the form open; Anne's save keeps it."""
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, funding_source="Puljen for tryghed"))

    response = _save(client, author, draft, {**anne_opened, "title": "Nabohjælp i hele Tilst"})
    draft.refresh_from_db()
    assert draft.title == "Nabohjælp i hele Tilst" and draft.funding_source == "Puljen for tryghed"
    assert draft.revision == 3
    text = response.text
    assert str(colleague) in text and "Finansiering" in text and "bevaret" in text


def test_fields_both_changed_are_shown_side_by_side_and_nothing_is_saved(client, author, colleague, draft):
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, title="Jonas' titel", budget="100000"))

    response = _save(client, author, draft, {**anne_opened, "title": "Annes titel", "summary": "Annes resumé"})
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert [c.label for c in conflict.conflicts] == ["Titel"]
    assert (conflict.conflicts[0].theirs, conflict.conflicts[0].mine) == ("Jonas' titel", "Annes titel")
    assert str(colleague) in response.text and "Annes titel" in response.text and "Jonas&#x27; titel" in response.text
    # The form shows the merge: Jonas's budget in place, Anne's summary as she typed it.
    assert response.context["form"]["budget"].value() == "100.000"
    assert response.context["form"]["summary"].value() == "Annes resumé"
    draft.refresh_from_db()
    assert draft.title == "Jonas' titel" and draft.summary == "Et kort resumé." and draft.revision == 2

    # Anne keeps Jonas's title: her summary is saved, his title and budget stay.
    data = {**anne_opened, "title": "Annes titel", "summary": "Annes resumé", "keep-field-title": "theirs"}
    assert _save(client, author, draft, data).status_code == 200
    draft.refresh_from_db()
    assert (draft.title, draft.summary, draft.budget) == ("Jonas' titel", "Annes resumé", Decimal("100000"))


def test_choosing_your_own_value_saves_it(client, author, colleague, draft):
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, title="Jonas' titel"))
    _save(client, author, draft, {**anne_opened, "title": "Annes titel", "keep-field-title": "mine"})
    draft.refresh_from_db()
    assert draft.title == "Annes titel"


def test_the_same_user_in_another_window_is_named_as_such(client, author, draft):
    first_tab = document_data(draft)
    _save(client, author, draft, document_data(draft, title="Fra fane to"))
    response = _save(client, author, draft, {**first_tab, "title": "Fra fane et"})
    assert response.status_code == 409
    assert "dig, i et andet vindue" in response.text and "En anden har gemt" not in response.text


def test_contributions_merge_per_sub_goal(client, author, colleague, draft):
    anne_opened = document_data(draft)
    sub_goal_2 = SubGoal.objects.get(number=2)
    _save(
        client, colleague, draft, document_data(draft, **{"delmaal-1-selected": "on", "delmaal-1-how": "Jonas' bidrag"})
    )
    _save(client, author, draft, {**anne_opened, "delmaal-0-how": "Annes nye beskrivelse"})
    contributions = {c.sub_goal_id: c.how for c in draft.contributions.all()}
    assert contributions[sub_goal_2.pk] == "Jonas' bidrag"
    assert contributions[SubGoal.objects.get(number=1).pk] == "Annes nye beskrivelse"


def test_effect_goals_merge_field_by_field_and_new_goals_are_kept(client, author, colleague, draft):
    anne_opened = document_data(draft)
    jonas = document_data(draft, **{"effektmaal-0-target_value": "90"})
    jonas.update(
        {
            "effektmaal-1-description": "Jonas' nye mål",
            "effektmaal-1-kind": "kvalitativ",
            "effektmaal-1-sub_goal": SubGoal.objects.get(number=1).pk,
            "effektmaal-1-method": "Interviews",
        }
    )
    _save(client, colleague, draft, jonas)
    _save(client, author, draft, {**anne_opened, "effektmaal-0-data_source": "Politiets døgnrapport"})
    goals = list(draft.effect_goals.order_by("pk"))
    assert [(g.target_value, g.data_source) for g in goals[:1]] == [(Decimal("90"), "Politiets døgnrapport")]
    assert [g.description for g in goals] == ["Færre indbrud", "Jonas' nye mål"]


def test_an_effect_goal_value_both_changed_is_a_conflict(client, author, colleague, draft):
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, **{"effektmaal-0-target_value": "90"}))
    response = _save(client, author, draft, {**anne_opened, "effektmaal-0-target_value": "80"})
    assert response.status_code == 409
    [conflict] = response.context["conflict"].conflicts
    assert "Målværdi" in conflict.label and conflict.theirs.startswith("90") and conflict.mine == "80"
    assert EffectGoal.objects.get().target_value == Decimal("90")
    assert InitiativeVersion.objects.get().revision == 2


def test_many_to_many_fields_merge_from_the_history(client, author, colleague, draft):
    """Jonas names a partner while Anne adds a local area: both are saved."""
    partner, area = PartnerFactory(name="TrygFonden"), LocalAreaFactory(name="Gellerup")
    draft.partners.add(PartnerFactory(name="Fællesrådet"))
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, partners=[p.pk for p in draft.partners.all()] + [partner.pk]))
    _save(client, author, draft, {**anne_opened, "whole_municipality": "", "local_areas": [area.pk]})
    draft.refresh_from_db()
    assert sorted(p.name for p in draft.partners.all()) == ["Fællesrådet", "TrygFonden"]
    assert [a.name for a in draft.local_areas.all()] == ["Gellerup"] and not draft.whole_municipality


def _choices_on_page(html: str) -> dict:
    """What the conflict page sends back as it stands: the value tokens and the pre-selected choices."""
    data = dict(re.findall(r'<input type="hidden" name="(seen-[^"]+)" value="([^"]*)"', html))
    for tag in re.findall(r'<input class="form-check-input" type="radio"[^>]*>', html):
        if " checked" in tag:
            data[re.search(r'name="([^"]+)"', tag).group(1)] = re.search(r'value="([^"]+)"', tag).group(1)
    return data


def _checked(html: str, key: str) -> list[str]:
    return [value for name, value in _choices_on_page(html).items() if name == f"keep-{key}"]


def test_a_choice_made_against_an_older_value_is_shown_again_pre_selected(client, author, colleague, draft):
    """Anne keeps her title; before she saves, Jonas changes his title again: nothing is overwritten, and the
    second conflict shows his new title with Anne's earlier choice already ticked."""
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, title="Jonas' titel"))
    anne = {**anne_opened, "title": "Annes titel"}
    first = _save(client, author, draft, anne)
    assert first.status_code == 409 and _checked(first.text, "field-title") == []

    draft.refresh_from_db()
    _save(client, colleague, draft, document_data(draft, title="Jonas' anden titel"))
    second = _save(
        client, author, draft, {**anne, **_choices_on_page(first.text), "keep-field-title": "mine", "resolving": "1"}
    )
    assert second.status_code == 409
    assert _checked(second.text, "field-title") == ["mine"]
    assert "Jonas&#x27; anden titel" in second.text and "ændret det igen, efter du valgte" in second.text
    draft.refresh_from_db()
    assert draft.title == "Jonas' anden titel"

    # Saving the page as it stands now keeps Anne's choice against the value she has seen.
    assert _save(client, author, draft, {**anne, **_choices_on_page(second.text)}).status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Annes titel"


def test_a_further_conflict_shows_every_earlier_choice_again(client, author, colleague, draft):
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, title="Jonas' titel"))
    anne = {**anne_opened, "title": "Annes titel", "summary": "Annes resumé"}
    first = _save(client, author, draft, anne)
    assert [c.key for c in first.context["conflict"].conflicts] == ["field-title"]

    draft.refresh_from_db()
    _save(client, colleague, draft, document_data(draft, summary="Jonas' resumé"))
    chosen = {**_choices_on_page(first.text), "keep-field-title": "theirs"}
    second = _save(client, author, draft, {**anne, **chosen})
    assert second.status_code == 409
    assert [c.key for c in second.context["conflict"].conflicts] == ["field-title", "field-summary"]
    assert _checked(second.text, "field-title") == ["theirs"] and _checked(second.text, "field-summary") == []
    # The form keeps Anne's own title beside the choice, so she can still change her mind to it.
    assert second.context["form"]["title"].value() == "Annes titel"

    response = _save(client, author, draft, {**anne, **_choices_on_page(second.text), "keep-field-summary": "mine"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Jonas' titel", "Annes resumé")


def _jonas_replaces_the_goal(client, colleague, draft):
    """Jonas writes a new effect goal and deletes the one Anne has open."""
    jonas = document_data(draft, **{"effektmaal-0-DELETE": "on"})
    jonas.update(
        {
            "effektmaal-1-description": "Jonas' nye mål",
            "effektmaal-1-kind": "kvalitativ",
            "effektmaal-1-sub_goal": SubGoal.objects.get(number=1).pk,
            "effektmaal-1-method": "Interviews",
        }
    )
    _save(client, colleague, draft, jonas)
    assert [g.description for g in draft.effect_goals.all()] == ["Jonas' nye mål"]


def test_a_goal_deleted_while_you_edit_it_is_a_choice_not_an_error(client, author, colleague, draft):
    goal = draft.effect_goals.get()
    anne = {**document_data(draft), "effektmaal-0-target_value": "80"}
    _jonas_replaces_the_goal(client, colleague, draft)

    response = _save(client, author, draft, anne)
    assert response.status_code == 409
    assert not response.context["error_summary"]
    [conflict] = response.context["conflict"].conflicts
    assert conflict.key == f"goal-{goal.pk}" and conflict.removed
    assert "Godkend sletningen" in response.text and "Behold dit rettede effektmål" in response.text

    # Anne keeps her goal: it is back with her target, beside Jonas's new one.
    assert (
        _save(
            client, author, draft, {**anne, **_choices_on_page(response.text), f"keep-goal-{goal.pk}": "mine"}
        ).status_code
        == 200
    )
    goals = {g.description: g for g in draft.effect_goals.all()}
    assert sorted(goals) == ["Færre indbrud", "Jonas' nye mål"] and goals["Færre indbrud"].target_value == 80


def test_accepting_the_deletion_of_a_goal_you_edited(client, author, colleague, draft):
    goal = draft.effect_goals.get()
    anne = {**document_data(draft), "title": "Annes titel", "effektmaal-0-target_value": "80"}
    _jonas_replaces_the_goal(client, colleague, draft)
    response = _save(client, author, draft, anne)
    assert (
        _save(
            client, author, draft, {**anne, **_choices_on_page(response.text), f"keep-goal-{goal.pk}": "theirs"}
        ).status_code
        == 200
    )
    draft.refresh_from_db()
    assert draft.title == "Annes titel"
    assert [g.description for g in draft.effect_goals.all()] == ["Jonas' nye mål"]


def test_a_goal_deleted_that_you_did_not_change_stays_deleted(client, author, colleague, draft):
    anne = {**document_data(draft), "title": "Annes titel"}
    _jonas_replaces_the_goal(client, colleague, draft)
    response = _save(client, author, draft, anne)
    assert response.status_code == 200 and "bevaret" in response.text
    draft.refresh_from_db()
    assert draft.title == "Annes titel"
    assert [g.description for g in draft.effect_goals.all()] == ["Jonas' nye mål"]


def test_a_contribution_both_changed_is_a_conflict(client, author, colleague, draft):
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, **{"delmaal-0-how": "Jonas' beskrivelse"}))
    response = _save(client, author, draft, {**anne_opened, "delmaal-0-how": "Annes beskrivelse"})
    assert response.status_code == 409
    [conflict] = response.context["conflict"].conflicts
    assert conflict.label.startswith("Bidrag til Delmål 1")
    assert (conflict.theirs, conflict.mine) == ("Jonas' beskrivelse", "Annes beskrivelse")
    assert [c.how for c in draft.contributions.all()] == ["Jonas' beskrivelse"]


def _with_second_goal(client, author, draft):
    data = document_data(draft)
    data.update(
        {
            "effektmaal-1-description": "Andet mål",
            "effektmaal-1-kind": "kvalitativ",
            "effektmaal-1-sub_goal": SubGoal.objects.get(number=1).pk,
            "effektmaal-1-method": "Interviews",
        }
    )
    assert _save(client, author, draft, data).status_code == 200
    draft.refresh_from_db()
    assert draft.effect_goals.count() == 2


def test_removing_an_effect_goal_a_colleague_changed_is_a_conflict(client, author, colleague, draft):
    _with_second_goal(client, author, draft)
    anne_opened = document_data(draft)
    _save(client, colleague, draft, document_data(draft, **{"effektmaal-1-method": "Jonas' metode"}))
    response = _save(client, author, draft, {**anne_opened, "effektmaal-1-DELETE": "on"})
    assert response.status_code == 409
    [conflict] = response.context["conflict"].conflicts
    assert conflict.label == "Effektmål »Andet mål«" and "Jonas' metode" in conflict.theirs
    assert conflict.mine == "(fjernet)"
    assert draft.effect_goals.filter(method="Jonas' metode").exists()
