"""The history page: who changed what and when, field by field."""

from django.urls import reverse

from initiatives.models import InitiativeVersion
from tests.initiatives.factories import PartnerFactory, document_data


def test_history_shows_who_changed_which_fields_from_what_to_what(client, author, colleague):
    client.force_login(author)
    data = document_data(municipal_contact=author.pk)
    client.post(reverse("initiatives:create"), data)
    version = InitiativeVersion.objects.get()
    partner = PartnerFactory(name="Byens Natteliv")

    client.force_login(colleague)
    edit = document_data(
        version,
        title="Tryghedsvandringer i Gellerup og Hasle",
        partners=[partner.pk],
        **{"delmaal-0-how": "Beboerne oplever færre problemer."},
    )
    assert client.post(reverse("initiatives:edit", args=[version.initiative_id]), edit).status_code == 302

    response = client.get(reverse("initiatives:history", args=[version.initiative_id]))
    entries = response.context["entries"]
    newest = [e for e in entries if e.action == "changed"]
    document_change = next(e for e in newest if "Dokumentet" in e.subject)
    assert document_change.who == colleague
    changes = {c.label: (c.old, c.new) for c in document_change.changes}
    assert changes["Titel"] == ("Tryghedsvandringer i Gellerup", "Tryghedsvandringer i Gellerup og Hasle")
    assert changes["Partnere"] == ("–", "Byens Natteliv")
    assert "Revision" not in changes
    contribution_change = next(e for e in newest if "Bidrag til" in e.subject)
    assert (
        dict((c.label, c.new) for c in contribution_change.changes)["Hvordan initiativet bidrager"]
        == "Beboerne oplever færre problemer."
    )
    created = [e for e in entries if e.action == "created"]
    assert {e.who for e in created} == {author}
    # The database's own numbering is no reader's business.
    assert not any(c.label == "Id" for e in entries for c in e.changes)
    assert "Tryghedsvandringer i Gellerup og Hasle" in response.text and str(colleague) in response.text


def test_removed_sub_goal_shows_as_removed(client, author):
    client.force_login(author)
    client.post(
        reverse("initiatives:create"),
        document_data(municipal_contact=author.pk, **{"delmaal-1-selected": "on", "delmaal-1-how": "Tryggere."}),
    )
    version = InitiativeVersion.objects.get()
    client.post(
        reverse("initiatives:edit", args=[version.initiative_id]), document_data(version, **{"delmaal-1-selected": ""})
    )
    entries = client.get(reverse("initiatives:history", args=[version.initiative_id])).context["entries"]
    assert [e.subject for e in entries if e.action == "deleted"] == [
        "Bidrag til Delmål 2: Mindre utryghed ved det, der forekommer"
    ]


def test_the_changes_page_shows_one_changed_number_alone(client, author, police_member, municipal_member):
    """Changing one target value lists that value, not the whole effect goal struck through."""
    from indicators.models import SubGoal
    from initiatives import workflow
    from tests.initiatives.factories import InitiativeVersionFactory

    version = InitiativeVersionFactory(author=author)
    workflow.submit(version, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            version,
            by=member,
            outcome="godkend",
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )
    copy = workflow.start_revision(version.initiative, by=author)
    copy.effect_goals.update(target_value=90)
    client.force_login(author)
    changes = client.get(reverse("initiatives:revision", args=[version.initiative_id])).context["changes"]
    assert [c.label for c in changes] == ["Effektmål 1: Målværdi"] and changes[0].new.startswith("90")


def test_no_page_shows_the_goal_identity(client, author):
    """The effect goal's lineage is a UUID that ties its copies together; a reader never sees it (issue 25)."""
    from tests.initiatives.factories import InitiativeVersionFactory

    version = InitiativeVersionFactory(author=author)
    client.force_login(author)
    page = client.get(reverse("initiatives:history", args=[version.initiative_id])).text
    assert "Målets identitet" not in page
    for goal in version.effect_goals.all():
        assert str(goal.lineage) not in page
