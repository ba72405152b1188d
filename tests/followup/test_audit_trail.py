"""What the issue found unrecorded: finalising and downloading a report, downloading an attachment, deleting a draft
with its learning notes. Each is now in the audit log with who and what."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AuditEntry
from followup.models import FollowUpRecord, LearningNote
from tests.followup.factories import qualitative, record
from tests.initiatives.factories import InitiativeVersionFactory


def test_deleting_a_draft_records_its_title_who_and_the_learning_notes_deleted_with_it(client, author):
    draft = InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst")
    LearningNote.objects.create(initiative=draft.initiative, date=datetime.date(2026, 5, 1), text="Naboer hjælper.")
    client.force_login(author)
    client.post(reverse("initiatives:delete", args=[draft.initiative_id]))
    assert not LearningNote.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DRAFT_DELETED)
    assert entry.actor == author and "Nabohjælp i Tilst" in entry.subject
    assert any("Naboer hjælper." in line for line in entry.details["deleted_with_it"])


def test_report_downloads_and_finalisation_are_audited(client, author, municipal_member):
    client.force_login(author)
    assert client.get(reverse("followup:report_xlsx", args=[2025])).status_code == 200
    client.force_login(municipal_member)
    client.post(reverse("followup:report_finalise", args=[2025]), {"confirm": "yes"})
    [download] = AuditEntry.objects.filter(action=AuditEntry.Action.REPORT_DOWNLOADED)
    assert download.actor == author and download.details["format"] == "xlsx"
    assert AuditEntry.objects.get(action=AuditEntry.Action.REPORT_FINALISED).actor == municipal_member


def test_an_attachment_download_is_audited(client, author, colleague, followed, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    entry = record(qualitative(followed), datetime.date(2026, 1, 5), observation="Flere hilser", by=author)
    entry.attachment.save("bilag.pdf", ContentFile(b"%PDF-1.4 tekst"), save=True)
    client.force_login(colleague)
    assert client.get(reverse("followup:attachment", args=[entry.pk])).status_code == 200
    logged = AuditEntry.objects.get(action=AuditEntry.Action.ATTACHMENT_DOWNLOADED)
    assert logged.actor == colleague and logged.details["record"] == FollowUpRecord.objects.get().pk


def test_a_user_without_a_role_gets_403_not_404_on_a_correction_address(client, outsider, followed):
    client.force_login(outsider)
    goal = qualitative(followed)
    url = reverse("followup:correct", args=[followed.initiative_id, goal.lineage, 999999])
    assert client.get(url).status_code == 403
    assert client.post(url, {"observation": "x"}).status_code == 403
