"""Each assertion is accepted once: its ID is stored until it would have expired anyway."""

import calendar
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from saml2.time_util import str_to_time

from sso.models import UsedAssertion

# How long an ID is kept when the assertion names no end of its own.
KEEP = datetime.timedelta(hours=8)


class Replayed(Exception):
    """The assertion was used before."""


def use_once(assertion) -> None:
    """Record the assertion as used; raises Replayed when it was."""
    expires = timezone.now() + KEEP
    for confirmation in assertion.subject.subject_confirmation:
        data = confirmation.subject_confirmation_data
        if data is not None and data.not_on_or_after:
            ends = datetime.datetime.fromtimestamp(calendar.timegm(str_to_time(data.not_on_or_after)), datetime.UTC)
            expires = max(ends + datetime.timedelta(hours=1), timezone.now())
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(assertion_id=assertion.id, expires_at=expires)
    except IntegrityError as error:
        raise Replayed(f"assertion {assertion.id} was used before") from error
    UsedAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
