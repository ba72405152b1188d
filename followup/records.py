"""Saving follow-up: records (and their corrections) and learning notes. Services take data, not forms."""

import datetime
import uuid
from decimal import Decimal

from django.core.files.base import File
from django.db import transaction

from followup import attachments
from followup.models import FollowUpRecord, LearningNote
from initiatives.models import EffectGoal


class AlreadyCorrected(Exception):
    """The record was corrected by someone else meanwhile; correct the newer record instead."""


@transaction.atomic
def record(
    goal: EffectGoal,
    *,
    date: datetime.date,
    comment: str,
    by,
    value: Decimal | None = None,
    observation: str = "",
    source: str = "",
    attachment: File | None = None,
    corrects: FollowUpRecord | None = None,
) -> FollowUpRecord:
    """Save a follow-up on the goal; with `corrects`, it replaces that record, which stays in the history."""
    if corrects is not None:
        corrects = FollowUpRecord.objects.select_for_update().get(pk=corrects.pk)
        if FollowUpRecord.objects.filter(corrects=corrects).exists():
            raise AlreadyCorrected
    entry = FollowUpRecord(
        initiative_id=goal.version.initiative_id,
        goal=goal.lineage,
        date=date,
        comment=comment.strip(),
        value=value if goal.is_quantitative else None,
        observation="" if goal.is_quantitative else observation.strip(),
        source=source.strip(),
        recorded_by=by,
        corrects=corrects,
    )
    if attachment is not None and not goal.is_quantitative:
        extension = attachments.KINDS[attachments.detect_kind(attachment)][0]
        entry.attachment_name = (getattr(attachment, "name", "") or f"bilag.{extension}")[-200:]
        entry.attachment.save(f"{uuid.uuid4().hex}.{extension}", attachment, save=False)
    elif corrects is not None and corrects.attachment and not goal.is_quantitative:
        entry.attachment, entry.attachment_name = corrects.attachment.name, corrects.attachment_name
    entry.save()
    return entry


def add_learning_note(initiative_id: int, *, date: datetime.date, text: str, by) -> LearningNote:
    return LearningNote.objects.create(initiative_id=initiative_id, date=date, text=text.strip(), written_by=by)
