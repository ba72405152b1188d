"""The production path, as an operator runs it: collectstatic, then gunicorn with DEBUG off against PostgreSQL,
behind a TLS proxy. Every GET page of the permission matrix, as each role, answers as the matrix says (never
5xx), and every static file the pages name is served; and the server outlives the loss of its database
connections. CI runs these (they are marked slow)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.matrix import LOGIN, REDIRECT
from tests.test_permission_matrix import ALL_ROWS, build_world

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
PORTS = range(8120, 8140)  # this worktree's ports
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')

pytestmark = pytest.mark.slow


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port for gunicorn")


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def production_server(strategy_data, tmp_path):
    """gunicorn serving the test database with production settings; yields a function that GETs a path."""
    if connection.vendor != "postgresql":
        pytest.skip("the production path runs against PostgreSQL (set DATABASE_URL, as CI does)")
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        # The test process's key, so the sessions it creates for each role are valid in the server.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        "DATABASE_URL": _database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        # Persistent connections, so the recovery test has connections to lose.
        "CONN_MAX_AGE": "600",
        # The test providers, as the permission matrix has them.
        "SSO_CONFIG_FILE": settings.SSO_CONFIG_FILE,
    }
    # As `make serve` does before it starts the server.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    port = _free_port()
    # As `make serve` starts it: the project's gunicorn.conf.py, with the port and workers from the environment.
    server = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "WORKERS": "2"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def get(path: str, cookie: str = "") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            # What the municipality's reverse proxy adds: the request came in over TLS.
            conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    try:
        for _ in range(120):
            try:
                if get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        yield get
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
        print(output[-5000:])


def test_the_production_build_serves_every_page_to_every_role_with_its_static_files(production_server):
    world = build_world()
    cookies = {None: ""}
    for user in world.users.values():
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    wrong, static_paths = [], set()
    for row in ALL_ROWS:
        if row.method != "get":
            continue
        user = world.users.get(row.role)
        query = urlencode(row.data(world), doseq=True)
        path = reverse(row.url_name, kwargs=row.kwargs(world)) + (f"?{query}" if query else "")
        status, body = production_server(path, cookies[user.pk if user else None])
        expected = 302 if row.expected in (LOGIN, REDIRECT) else row.expected
        if status != expected:
            wrong.append(f"{row}: {status}")
        static_paths.update(STATIC.findall(body))
    assert not wrong, "\n".join(wrong)

    assert any(path.startswith("/static/vendor/bootstrap/bootstrap.min.") for path in static_paths)
    missing = [path for path in sorted(static_paths) if production_server(path)[0] != 200]
    assert not missing, missing
    # The error pages are served too.
    assert production_server("/findes-ikke/", cookies[world.users["staff"].pk])[0] == 404


def test_the_server_recovers_when_its_database_connections_are_killed(production_server):
    """What a PostgreSQL restart does to a running Tryg, without restarting the shared server: every
    connection of the app is terminated, and the next requests get new ones (CONN_HEALTH_CHECKS)."""
    for _ in range(4):  # both workers hold a connection
        assert production_server("/healthz")[0] == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    statuses = [production_server("/healthz")[0] for _ in range(6)]
    assert statuses == [200] * 6
    assert production_server("/konto/log-ind/")[0] == 200


def test_gunicorn_takes_the_projects_timeout_port_and_workers():
    # --print-config loads the app too; development settings spare it a secret key.
    env = {"PATH": os.environ["PATH"], "PORT": "8131", "WORKERS": "3", "DEBUG": "true"}
    shown = subprocess.run(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    settings_shown = dict(re.findall(r"^(\w+)\s+= (.*)$", shown, re.M))
    assert settings_shown["timeout"] == "120" and settings_shown["graceful_timeout"] == "30"
    assert settings_shown["bind"] == "['127.0.0.1:8131']" and settings_shown["workers"] == "3"
    assert settings_shown["wsgi_app"] == "tryg.wsgi"
