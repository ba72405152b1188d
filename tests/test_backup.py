"""Backup and restore as the README describes them: pg_dump of a populated database, pg_restore into an empty
one, and every initiative, version, decision, event, index value and import batch is there, unchanged."""

import io
import subprocess

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from indicators.models import ImportBatch, IndexValue
from initiatives.models import Decision, Event, Initiative, InitiativeVersion

MODELS = [Initiative, InitiativeVersion, Decision, Event, IndexValue, ImportBatch]

pytestmark = pytest.mark.slow


def _rows(conn, table: str) -> list[tuple]:
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        return cursor.fetchall()


def test_a_dump_restored_into_an_empty_database_holds_everything(strategy_data, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore (set DATABASE_URL, as CI does)")
    call_command("load_demo", stdout=io.StringIO())
    assert all(model.objects.exists() for model in MODELS)
    db = connection.settings_dict
    login = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {"PGPASSWORD": db["PASSWORD"] or ""}
    dump, restored = tmp_path / "tryg.dump", f"{db['NAME']}_restored"

    subprocess.run(["pg_dump", *login, "--format=custom", f"--file={dump}", db["NAME"]], env=env, check=True)
    subprocess.run(["dropdb", *login, "--if-exists", restored], env=env, check=True)
    subprocess.run(["createdb", *login, restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", *login, "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            env=env,
            check=True,
        )
        target = psycopg2.connect(
            host=login[1], port=login[3], user=db["USER"], password=db["PASSWORD"], dbname=restored
        )
        try:
            source = connection.connection
            for model in MODELS:
                table = model._meta.db_table
                assert _rows(target, table) == _rows(source, table), table
        finally:
            target.close()
    finally:
        subprocess.run(["dropdb", *login, "--if-exists", restored], env=env, check=True)
