"""A corrected file is written with set-based UPDATEs: every changed field, its history, and revert."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.bulk_sql import bulk_update_values, supports_values_update
from indicators.models import IndexValue
from indicators.planning import VALUE_FIELDS
from indicators.writing import import_file, import_reason, revert_import
from tests.indicators.importfiles import csv_file

pytestmark = pytest.mark.django_db

ORIGINAL = [
    "2019;Aarhus;andel_trygge;85,0;83,0;87,0;1300;Politiets Tryghedsundersøgelse 2019",
    "2019;Odense;andel_trygge;84,125;82,5;86,75;900;Politiets Tryghedsundersøgelse 2019",
    "2019;Aalborg;andel_trygge;86,0;;;;",
    "2021;Aarhus;andel_trygge;86,0;84,0;88,0;1100;Politiets Tryghedsundersøgelse 2021",
]
# Every value changes: new figures, bounds, respondents and sources emptied, or filled where they were empty.
CORRECTED = [
    "2019;Aarhus;andel_trygge;85,4;;;;",
    "2019;Odense;andel_trygge;84,126;82,5;86,75;900;Politiets Tryghedsundersøgelse 2019",
    "2019;Aalborg;andel_trygge;86,0;85,001;87,999;12;Rettet kilde",
    "2021;Aarhus;andel_trygge;1,001;;;1100;",
]


def _stored():
    return {
        (v.year, v.area.name): tuple(getattr(v, name) for name in VALUE_FIELDS)
        for v in IndexValue.objects.select_related("area")
    }


def test_a_corrected_file_writes_every_changed_field_including_emptied_ones(admin_user):
    first = import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)

    outcome = import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)

    assert (outcome.plan.created, outcome.plan.updated, outcome.plan.unchanged) == (0, 4, 0)
    assert _stored() == {
        (2019, "Aarhus"): (Decimal("85.4"), None, None, None, ""),
        (2019, "Odense"): (
            Decimal("84.126"),
            Decimal("82.5"),
            Decimal("86.75"),
            900,
            "Politiets Tryghedsundersøgelse 2019",
        ),
        (2019, "Aalborg"): (Decimal("86"), Decimal("85.001"), Decimal("87.999"), 12, "Rettet kilde"),
        (2021, "Aarhus"): (Decimal("1.001"), None, None, 1100, ""),
    }
    assert set(IndexValue.objects.values_list("batch", flat=True)) == {outcome.batch.pk}
    assert first.batch.values.count() == 0


def test_each_changed_value_gets_one_change_history_row_with_user_batch_and_reason(admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)

    outcome = import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)

    changes = list(IndexValue.history.filter(history_type="~"))
    assert len(changes) == 4
    assert sorted(h.id for h in changes) == sorted(IndexValue.objects.values_list("pk", flat=True))
    assert {(h.history_user, h.batch_id, h.history_change_reason) for h in changes} == {
        (admin_user, outcome.batch.pk, import_reason(outcome.batch))
    }
    assert len({h.history_date for h in changes}) == 1
    # Each history row holds what was written to its value.
    for record in changes:
        assert tuple(getattr(record, name) for name in VALUE_FIELDS) == tuple(
            getattr(record.instance, name) for name in VALUE_FIELDS
        )


def test_revert_after_a_full_correction_restores_every_old_field(admin_user):
    first = import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    original = _stored()
    second = import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)

    assert revert_import(second.batch, by=admin_user) == 4

    assert _stored() == original
    assert set(IndexValue.objects.values_list("batch", flat=True)) == {first.batch.pk}
    reverts = IndexValue.history.filter(history_change_reason=f"Revert {import_reason(second.batch)}")
    assert reverts.count() == 4 and {(h.history_type, h.history_user) for h in reverts} == {("~", admin_user)}


def test_set_based_update_stores_exactly_what_bulk_update_stores(admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    originals = list(IndexValue.objects.order_by("pk"))
    corrections = [
        (Decimal("85.4"), None, None, None, ""),
        (Decimal("84.126"), Decimal("82.5"), Decimal("86.750"), 0, 'O\'Brien; "citat" %s ?'),
        (Decimal("999999999.999"), Decimal("-5.000"), Decimal("999999999.999"), 2147483647, "Rettet kilde"),
        (Decimal("0.001"), None, Decimal("1"), 1100, ""),
    ]

    def write(update):
        values = list(IndexValue.objects.order_by("pk"))
        for value, corrected in zip(values, corrections, strict=True):
            for name, new in zip(VALUE_FIELDS, corrected, strict=True):
                setattr(value, name, new)
        assert update(values) == 4
        written = list(IndexValue.objects.order_by("pk").values())
        IndexValue.objects.bulk_update(originals, list(VALUE_FIELDS))
        return written

    # Two rows per statement, so the batches and their boundaries are exercised too.
    set_based = write(lambda values: bulk_update_values(values, IndexValue, VALUE_FIELDS, rows_per_statement=2))
    django_path = write(lambda values: IndexValue.objects.bulk_update(values, list(VALUE_FIELDS)))

    assert set_based == django_path
    assert [row["source"] for row in set_based][1] == 'O\'Brien; "citat" %s ?'


def test_a_corrected_file_is_written_with_one_set_based_update_per_thousand_values(admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    assert supports_values_update(connection)

    with CaptureQueriesContext(connection) as queries:
        import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "indicators_indexvalue"')]
    assert len(updates) == 1 and "FROM (VALUES" in updates[0]
