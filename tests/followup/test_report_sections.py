"""The incident: the report's written sections were last-write-wins with no history, any municipal user (the
administrator too) could write the SSP section, and the 2027 report was frozen empty at once, unaudited."""

from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEntry
from followup.models import SectionChange, StatusReport
from tests.accounts.factories import UserFactory

YEAR = 2025


def _write(client, data):
    return client.post(reverse("followup:report_write", args=[YEAR]), data, follow=True)


def test_a_colleagues_text_is_never_silently_overwritten_and_each_change_is_kept(client, police_member):
    colleague = UserFactory(username="police2", role=Role.POLICE_LIAISON, organisation="politi")
    client.force_login(police_member)
    url = reverse("followup:report_write", args=[YEAR])
    started = client.get(url).context["form"]["started_from_police_assessment"].value() or ""
    client.force_login(colleague)
    _write(client, {"police_assessment": "Kollegaens tekst.", "started_from_police_assessment": ""})
    client.force_login(police_member)
    response = _write(client, {"police_assessment": "Min tekst.", "started_from_police_assessment": started})
    assert 'data-testid="section-conflict"' in response.text and "Kollegaens tekst." in response.text
    assert StatusReport.objects.get(year=YEAR).police_assessment == "Kollegaens tekst."
    # Saving again from the form as shown is the writer's choice: their text, with the colleague's as "before".
    form = response.context["form"]
    response = _write(
        client,
        {
            "police_assessment": "Min tekst.",
            "started_from_police_assessment": form["started_from_police_assessment"].value(),
        },
    )
    assert StatusReport.objects.get(year=YEAR).police_assessment == "Min tekst."
    history = list(SectionChange.objects.order_by("at", "pk").values_list("before", "after", "by__username"))
    assert history == [("", "Kollegaens tekst.", "police2"), ("Kollegaens tekst.", "Min tekst.", "police")]
    assert "Kollegaens tekst." in client.get(url).text.split('data-testid="section-history"')[1]


def test_only_ssp_writers_write_the_ssp_section_never_an_administrator_as_such(client, admin_user, author):
    for user in (admin_user, author):
        client.force_login(user)
        assert client.get(reverse("followup:report_write", args=[YEAR])).status_code == 403
    ssp = UserFactory(username="ssp", role=Role.SSP_WRITER)
    client.force_login(ssp)
    _write(client, {"municipality_assessment": "SSP."})
    assert StatusReport.objects.get(year=YEAR).municipality_assessment == "SSP."


def test_a_report_of_a_year_not_ended_is_final_only_from_the_confirmation_page(client, municipal_member):
    client.force_login(municipal_member)
    url = reverse("followup:report_finalise", args=[2027])
    response = client.post(url)
    assert response.status_code == 200 and "2027" in response.text and 'data-testid="still-missing"' in response.text
    assert not StatusReport.objects.exclude(snapshot=None).exists()
    client.post(url, {"confirm": "yes"})
    assert StatusReport.objects.get(year=2027).is_final
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REPORT_FINALISED)
    assert entry.actor == municipal_member and "2027" in entry.subject


def test_a_complete_report_of_an_ended_year_is_final_at_once(client, municipal_member):
    StatusReport.objects.create(year=YEAR, police_assessment="P.", municipality_assessment="S.", conclusion="K.")
    client.force_login(municipal_member)
    assert client.post(reverse("followup:report_finalise", args=[YEAR])).status_code == 302
    assert StatusReport.objects.get(year=YEAR).is_final
