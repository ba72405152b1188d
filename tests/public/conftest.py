import datetime

import pytest
from django.utils import timezone

import datacache
from followup import report as report_content
from followup.models import StatusReport
from initiatives.models import InitiativeVersion
from tests.goal.conftest import PUBLISHED
from tests.indicators.factories import values
from tests.initiatives.factories import InitiativeVersionFactory

State = InitiativeVersion.State


def publish(version, *, contacts=False, budget=False):
    """As an approval that published it would leave it (initiatives.publication.record_publication)."""
    InitiativeVersion.objects.filter(pk=version.pk).update(
        published=True, public_contacts=contacts, public_budget=budget
    )
    datacache.bump()  # as the approval does
    version.refresh_from_db()
    return version


@pytest.fixture
def index_values(db):
    return values("andel_trygge", PUBLISHED)


@pytest.fixture
def published(author):
    version = InitiativeVersionFactory(
        author=author, title="Offentligt initiativ", state=State.APPROVED, budget=125000, funding_source="Puljen"
    )
    return publish(version)


@pytest.fixture
def final_report(steering_user):
    report = StatusReport.objects.create(year=2025, conclusion="Den endelige konklusion.")
    return report_content.finalise(report, by=steering_user)


@pytest.fixture
def steering_user(municipal_member):
    return municipal_member


def future(days=30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
