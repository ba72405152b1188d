"""Recording follow-up on effect goals through the pages: numbers, observations, files, dates, corrections,
and records that belong to the goal across versions."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from followup.models import FollowUpRecord
from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import EffectGoal, InitiativeVersion
from initiatives.permissions import may_edit_initiative
from tests.accounts.factories import UserFactory
from tests.followup.factories import days, in_force, qualitative, quantitative, record
from tests.initiatives.factories import document_data


def _url(goal):
    return reverse("followup:record", args=[goal.version.initiative_id, goal.lineage])


def _post(client, goal, **data):
    payload = {"date": days(-10).isoformat(), "comment": "Færre anmeldelser efter kampagnen.", "source": "Politiet"}
    payload.update(data)
    return client.post(_url(goal), payload)


def _error_text(response) -> str:
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


def test_two_measurements_change_the_status_and_the_chart(client, author, followed):
    client.force_login(author)
    goal = quantitative(followed)
    page = client.get(followed.get_absolute_url()).text
    assert "ingen data" in page and 'class="measurement"' not in page
    assert _post(client, goal, date=days(-200).isoformat(), value="119").status_code == 302
    page = client.get(followed.get_absolute_url()).text
    assert "bagud" in page and page.count('class="measurement"') == 1
    _post(client, goal, date=days(-5).isoformat(), value="108,5")
    page = client.get(followed.get_absolute_url()).text
    assert "på vej" in page and page.count('class="measurement"') == 2
    assert 'role="img"' in page and "108,5" in page and "Færre anmeldelser efter kampagnen." in page


def test_text_on_a_quantitative_goal_and_a_number_on_a_qualitative_one_are_refused(client, author, followed):
    client.force_login(author)
    response = _post(client, quantitative(followed), value="ca. 12")
    assert response.status_code == 400 and "Skriv et tal" in _error_text(response)
    response = _post(client, quantitative(followed), value="12", observation="Det gik godt")
    assert response.status_code == 400 and "følges op med tal" in _error_text(response)
    response = _post(client, qualitative(followed), value="12", observation="Flere hilser")
    assert response.status_code == 400 and "kvalitativt" in _error_text(response)
    response = _post(client, quantitative(followed), value="12", comment="")
    assert response.status_code == 400 and "kort kommentar" in _error_text(response)
    assert not FollowUpRecord.objects.exists()


def test_the_form_shows_the_unit_and_asks_only_for_what_the_goal_takes(client, author, followed):
    client.force_login(author)
    page = client.get(_url(quantitative(followed))).text
    assert "Værdi (anmeldelser)" in page and 'name="observation"' not in page and 'name="unit"' not in page
    page = client.get(_url(qualitative(followed))).text
    assert 'name="value"' not in page and 'name="observation"' in page and 'name="attachment"' in page


@pytest.mark.parametrize("day", [days(30), days(-400)], ids=["future", "before the period"])
def test_dates_in_the_future_or_outside_the_period_need_confirmation(client, author, followed, day):
    client.force_login(author)
    goal = quantitative(followed)
    response = _post(client, goal, date=day.isoformat(), value="110")
    assert response.status_code == 400 and "Sæt kryds" in _error_text(response)
    assert 'name="confirm_date"' in response.text
    assert _post(client, goal, date=day.isoformat(), value="110", confirm_date="on").status_code == 302
    assert FollowUpRecord.objects.get().date == day


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_files_are_checked_by_content_and_served_only_through_the_app(
    client, author, colleague, followed, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(author)
    goal = qualitative(followed)
    fake = SimpleUploadedFile("rapport.pdf", b"just text, not a PDF", content_type="application/pdf")
    response = _post(client, goal, observation="Flere hilser", attachment=fake)
    assert response.status_code == 400 and "ikke en PDF" in _error_text(response)
    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    assert "højst vedhæftes 5 MB" in _error_text(_post(client, goal, observation="Flere hilser", attachment=big))
    document = _docx()  # once: a zip made a second later differs in its timestamps
    word = SimpleUploadedFile("interviews.pdf", document, content_type="application/pdf")
    assert _post(client, goal, observation="Flere hilser", attachment=word).status_code == 302
    entry = FollowUpRecord.objects.get()
    assert entry.attachment.name.endswith(".docx") and entry.attachment.path.startswith(str(tmp_path))
    client.force_login(colleague)
    download = client.get(reverse("followup:attachment", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == document
    assert "wordprocessingml" in download["Content-Type"]
    assert "interviews" in client.get(followed.get_absolute_url()).text


def test_a_correction_keeps_the_earlier_value(client, author, followed):
    client.force_login(author)
    goal = quantitative(followed)
    wrong = record(goal, days(-20), 150, by=author)
    url = reverse("followup:correct", args=[followed.initiative_id, goal.lineage, wrong.pk])
    assert (
        client.post(url, {"date": days(-20).isoformat(), "value": "105", "comment": "Tastefejl rettet."}).status_code
        == 302
    )
    assert FollowUpRecord.objects.count() == 2
    assert list(FollowUpRecord.objects.current().values_list("value", flat=True)) == [105]
    page = client.get(followed.get_absolute_url()).text
    assert "Rettet; tidligere:" in page and "150" in page
    again = client.post(url, {"date": days(-20).isoformat(), "value": "104", "comment": "Igen."}, follow=True)
    assert "allerede rettet" in again.text and FollowUpRecord.objects.count() == 2


def test_records_belong_to_the_goal_across_versions(client, author, police_member, municipal_member, followed):
    goal = quantitative(followed)
    record(goal, days(-30), 110, by=author)
    draft = workflow.start_revision(followed.initiative, by=author)
    copy = draft.effect_goals.get(kind=EffectGoal.Kind.QUANTITATIVE)
    assert copy.lineage == goal.lineage and copy.pk != goal.pk
    client.force_login(author)
    page = client.get(followed.get_absolute_url()).text  # the draft is the latest; the approved goals are followed
    assert page.count('data-testid="measurement-row"') == 1
    # A changed target needs a reason before submission, and is then shown as a revision.
    data = document_data(draft, **{"effektmaal-0-target_value": "90"})
    assert client.post(reverse("initiatives:edit", args=[followed.initiative_id]), data).status_code == 302
    draft.refresh_from_db()
    assert any("ændret" in item for item in workflow.missing_for_submission(draft))
    data = document_data(
        draft,
        **{"effektmaal-0-target_value": "90", "effektmaal-0-change_reason": "Kampagnen virkede bedre end ventet."},
    )
    client.post(reverse("initiatives:edit", args=[followed.initiative_id]), data)
    draft.refresh_from_db()
    workflow.submit(draft, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            draft,
            by=member,
            outcome="godkend",
            justification="Ja",
            contributes_to_goal=True,
            sub_goals=SubGoal.objects.filter(number=1),
            send_mail=False,
        )
    assert InitiativeVersion.objects.get(pk=draft.pk).state == InitiativeVersion.State.APPROVED
    page = client.get(followed.get_absolute_url()).text
    assert page.count('data-testid="measurement-row"') == 1
    assert "100 → 90" in page and "Kampagnen virkede bedre end ventet." in page and str(author) in page
    # Recording now goes to the goal as the new version states it, and still joins the same history.
    response = _post(client, copy, value="100")
    assert response.status_code == 302
    assert FollowUpRecord.objects.filter(goal=goal.lineage).count() == 2


def test_follow_up_starts_with_the_approval(client, author):
    from tests.initiatives.factories import InitiativeVersionFactory

    draft = InitiativeVersionFactory(author=author, title="Kladde")
    client.force_login(author)
    goal = draft.effect_goals.get()
    response = client.post(
        _url(goal), {"date": days(-1).isoformat(), "value": "110", "comment": "Tidligt."}, follow=True
    )
    assert "når styregruppen har godkendt initiativet" in response.text and not FollowUpRecord.objects.exists()
    assert "Registrér opfølgning" not in client.get(draft.get_absolute_url()).text


def test_a_contact_person_who_may_not_edit_the_initiative_still_records_follow_up(client, author, police_member):
    """The police contact of a municipality-led initiative cannot edit it, but reports on its goals; another
    police user cannot."""
    version = in_force(author, title="Kommunalt med politikontakt", police_contact=police_member)
    goal = quantitative(version)
    client.force_login(police_member)
    assert not may_edit_initiative(police_member, version)
    assert _post(client, goal, value="112").status_code == 302
    assert FollowUpRecord.objects.get().recorded_by == police_member

    client.force_login(UserFactory(username="anden-betjent", role=Role.POLICE_LIAISON, organisation="politi"))
    assert _post(client, goal, value="111").status_code == 403
    assert FollowUpRecord.objects.count() == 1
