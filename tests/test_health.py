"""/healthz: what the load balancer and the monitoring ask."""

import pytest
from django.db import connection
from django.urls import reverse


def test_healthz_answers_ok_without_login_session_or_template(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert not response.cookies and not response.templates


def test_healthz_answers_503_when_the_database_does_not(client, transactional_db):
    # A real failed connection: the database the connection names does not exist. (SQLite's in-memory test
    # database cannot be closed, so this runs on PostgreSQL, as CI does.)
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "tryg_no_such_database"
    try:
        response = client.get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
    assert response.status_code == 503 and response.content == b"database unavailable\n"
