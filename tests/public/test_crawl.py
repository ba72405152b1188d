"""Nothing non-public is ever shown: a database with a unique marker in every kind of non-public data, and a
crawler that follows every link from the public start page (the sitemap and the catalogue included), fetches every
download (PDFs read as text) and fails on any marker or any answer but 200, 301/302 or 404."""

import datetime
import re
from collections import deque
from io import BytesIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

import audit
from accounts.roles import Role
from audit.models import AuditEntry
from followup import report as report_content
from followup.models import FollowUpRecord, LearningNote, StatusReport
from initiatives import workflow
from initiatives.models import Decision, InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeVersionFactory
from tests.public.conftest import future, publish

pytestmark = pytest.mark.slow

State = InitiativeVersion.State
ALLOWED = {200, 301, 302, 404}
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)|<loc>([^<]+)</loc>|"@id": "([^"#]+)""")


def _marker(kind: str) -> str:
    return f"HEMMELIG{kind.upper()}X"


def _version(author, kind: str, **fields) -> InitiativeVersion:
    mark = _marker(kind)
    return InitiativeVersionFactory(
        author=author, title=f"Titel {mark}", summary=f"Resumé {mark}", description=f"Beskrivelse {mark}", **fields
    )


@pytest.fixture
def secrets(db, municipal_member):
    """Every kind of non-public data, each with its own marker; and one published initiative to lead the crawl in."""
    secret_user = UserFactory(
        username="hemmeligbrugerx", first_name=_marker("user"), last_name="Hansen", email="hemmelig@example.com"
    )
    author = UserFactory(username="forfatter", first_name=_marker("author"), role=Role.MUNICIPAL_STAFF)
    for kind, state in [
        ("draft", State.DRAFT),
        ("submitted", State.SUBMITTED),
        ("returned", State.RETURNED),
        ("rejected", State.REJECTED),
        ("completed", State.COMPLETED),
        ("unpublished", State.APPROVED),
    ]:
        _version(author, kind, state=state)
    embargoed = publish(_version(author, "embargo", state=State.APPROVED))
    InitiativeVersion.objects.filter(pk=embargoed.pk).update(embargo_until=future(), embargo_reason=_marker("reason"))

    # The published one: its private fields, its effect goal, its new version under way and its follow-up.
    shown = InitiativeVersionFactory(
        author=author,
        title="Synligt initiativ",
        state=State.APPROVED,
        municipal_contact=secret_user,
        budget=987654321,
        funding_source=_marker("funding"),
        learning_question=_marker("learningquestion"),
        evidence_summary=_marker("evidence"),
        embargo_reason=_marker("pastembargo"),
        embargo_until=datetime.date(2020, 1, 1),
    )
    publish(shown)
    shown.effect_goals.update(description=_marker("effectgoal"), data_source=_marker("datasource"))
    Decision.objects.create(
        version=shown,
        revision=shown.revision,
        member=municipal_member,
        organisation=municipal_member.organisation,
        outcome=Decision.Outcome.APPROVE,
        justification=_marker("justification"),
        publish=True,
    )
    draft = workflow.start_revision(shown.initiative, by=author)
    InitiativeVersion.objects.filter(pk=draft.pk).update(title=_marker("newversion"), summary=_marker("newversion"))
    goal = shown.effect_goals.first()
    FollowUpRecord.objects.create(
        initiative_id=shown.initiative_id,
        goal=goal.lineage,
        date=timezone.localdate(),
        value=5,
        comment=_marker("comment"),
        source=_marker("source"),
        attachment=ContentFile(f"Bilag {_marker('attachment')}".encode(), name="bilag.txt"),
        attachment_name=f"{_marker('attachmentname')}.txt",
        recorded_by=author,
    )
    LearningNote.objects.create(
        initiative_id=shown.initiative_id, text=_marker("learningnote"), written_by=author, date=timezone.localdate()
    )

    # Reports: a final one (its snapshot holds the learning note), a draft and a focus area's draft with sections.
    year = timezone.localdate().year
    final = StatusReport.objects.create(year=year, conclusion="Den offentlige konklusion.")
    report_content.finalise(final, by=secret_user)
    StatusReport.objects.create(
        year=year - 1,
        police_assessment=_marker("policedraft"),
        municipality_assessment=_marker("sspdraft"),
        conclusion=_marker("conclusiondraft"),
    )
    StatusReport.objects.create(year=year, focus_area=shown.focus_area, conclusion=_marker("areadraft"))

    audit.record(AuditEntry.Action.DECISION, actor=secret_user, subject=_marker("audit"), note=_marker("auditdetail"))
    return {"shown": shown, "final_year": year}


def _text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(response.content)).pages)
    return response.content.decode("utf-8", errors="replace")


def _local(url: str, base: str) -> str | None:
    """The path of a link to this site (relative, or absolute on SITE_URL), or None for another site."""
    site = settings.SITE_URL.rstrip("/")
    if url.startswith(site):
        url = url[len(site) :] or "/"
    parts = urlsplit(urljoin(base, url))
    if parts.scheme or parts.netloc or parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client) -> dict[str, int]:
    start = [reverse("public:start"), reverse("public:sitemap"), reverse("public:catalogue")]
    seen, queue, answers = set(start), deque(start), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        answers[path] = response.status_code
        assert response.status_code in ALLOWED, f"{path} answered {response.status_code}"
        if response.status_code in {301, 302}:
            found = [response["Location"]]
        else:
            text = _text(response)
            leaked = sorted(set(re.findall(r"HEMMELIG\w+X", text, re.I)))
            assert not leaked, f"{path} shows {leaked}"
            assert "987654321" not in text and "987.654.321" not in text, f"{path} shows the private budget"
            assert "hemmelig@example.com" not in text and "hemmeligbrugerx" not in text, f"{path} shows a user"
            # Only the public pages are followed further: a link inside leads to the login page, which is checked.
            found = [next(g for g in m if g) for m in LINK.findall(text)] if path.startswith("/offentlig/") else []
        for url in found:
            local = _local(url, path)
            if local and local not in seen:
                seen.add(local)
                queue.append(local)
    return answers


def test_the_crawl_finds_no_marker_anywhere_public(secrets):
    answers = crawl(Client())
    shown = secrets["shown"]
    # The crawl reached what the public may see: the published initiative, every download and the final report.
    assert answers[reverse("public:initiative", args=[shown.initiative_id])] == 200
    assert answers[reverse("public:report_pdf", args=[secrets["final_year"], "hele-strategien"])] == 200
    for name in ("indeksvaerdier", "aarlige-vurderinger", "initiativer"):
        for fmt in ("csv", "json"):
            assert answers[reverse("public:dataset", args=[name, fmt])] == 200
    assert len(answers) > 15


def test_the_markers_are_there_to_be_found(secrets, client):
    """The crawl is only worth something if the markers would show were the rules broken: inside, they do."""
    client.force_login(secrets["shown"].author)
    page = client.get(secrets["shown"].get_absolute_url()).text
    assert _marker("newversion") in page
