"""The check every append-only record (audit.models.AppendOnly) must pass."""

import pytest

from audit.models import AppendOnlyError


def assert_append_only(record, **change) -> None:
    """Neither the record nor its rows can be changed or deleted, through the object or through a queryset."""
    for name, value in change.items():
        setattr(record, name, value)
    rows = type(record).objects.filter(pk=record.pk)
    for attempt in (record.save, record.delete, lambda: rows.update(**change), rows.delete):
        with pytest.raises(AppendOnlyError):
            attempt()
