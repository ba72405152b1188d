"""Set-based bulk update: one `UPDATE … FROM (VALUES …)` per batch of rows, on PostgreSQL and SQLite ≥ 3.33.

Django's `bulk_update()` writes one `CASE WHEN` per field with a branch per row, so its cost grows with the
square of the batch size; joining the table to a list of bound rows costs one pass per statement instead
(bench/README.md). Other backends, and older SQLite, keep `bulk_update()`.
"""

import sqlite3

from django.db import connections, router, transaction

ROWS_PER_STATEMENT = 1000
# Django's SQLite backend assumes the old limit of 999 bound variables; ask the library for the real one.
SQLITE_DEFAULT_VARIABLES = 999


def supports_values_update(connection) -> bool:
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 33)


def bulk_update_values(objs, model, field_names, *, rows_per_statement: int = ROWS_PER_STATEMENT) -> int:
    """Write `field_names` of the saved instances `objs` to their rows; returns how many rows changed.

    Values are prepared by each field exactly as `bulk_update()` prepares them and bound as parameters; each
    value column is cast to the field's database type, so PostgreSQL does not guess it from the first row and
    NULL stays NULL.
    """
    objs = list(objs)
    if not objs:
        return 0
    connection = connections[router.db_for_write(model)]
    if not supports_values_update(connection):
        return model._default_manager.bulk_update(objs, field_names, batch_size=rows_per_statement)
    opts = model._meta
    fields = [opts.get_field(name) for name in field_names]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_update", fields=fields)
    columns = len(fields) + 1
    rows_per_statement = max(1, min(rows_per_statement, _max_variables(connection) // columns))
    quote = connection.ops.quote_name
    # VALUES names its columns column1, column2, … on both backends; column1 is the primary key.
    assignments = ", ".join(
        f"{quote(field.column)} = CAST(v.column{i} AS {field.cast_db_type(connection)})"
        for i, field in enumerate(fields, start=2)
    )
    pk = opts.pk
    row_placeholder = "(" + ", ".join(["%s"] * columns) + ")"
    updated = 0
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objs), rows_per_statement):
            batch = objs[start : start + rows_per_statement]
            params = []
            for obj in batch:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                params.extend(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields)
            sql = (
                f"UPDATE {quote(opts.db_table)} SET {assignments} "
                f"FROM (VALUES {', '.join([row_placeholder] * len(batch))}) AS v "
                f"WHERE {quote(opts.db_table)}.{quote(pk.column)} = CAST(v.column1 AS {pk.cast_db_type(connection)})"
            )
            cursor.execute(sql, params)
            updated += cursor.rowcount
    return updated


def _max_variables(connection) -> int:
    if connection.vendor != "sqlite":
        return 65535  # PostgreSQL's limit on the parameters of one statement
    connection.ensure_connection()
    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # pragma: no cover - Python < 3.11
        return SQLITE_DEFAULT_VARIABLES
