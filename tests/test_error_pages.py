"""The error pages are Danish, accessible pages of Tryg, and the 500 page needs neither the database nor a user."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from tryg.urls import urlpatterns as project_urlpatterns


@login_not_required
def broken_view(request):
    raise ZeroDivisionError("a bug")


@login_not_required
def suspicious_view(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    *project_urlpatterns,
    path("test-fejl/", broken_view),
    path("test-mistanke/", suspicious_view),
]


@pytest.mark.urls(__name__)
def test_server_error_page_is_danish_and_needs_no_database():
    # No `db` fixture: pytest-django refuses any query, so the page must render without the database
    # (the usual cause of a 500 in production is the database being away).
    client = Client(raise_request_exception=False)
    response = client.get("/test-fejl/")
    assert response.status_code == 500
    text = response.content.decode()
    assert '<html lang="da">' in text
    assert "Der opstod en fejl" in text and "Gå til overblikket" in text
    assert '<main id="main"' in text and "Gå til hovedindhold" in text


@pytest.mark.urls(__name__)
def test_bad_request_page_is_danish():
    response = Client(raise_request_exception=False).get("/test-mistanke/")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.content.decode()


def test_unknown_host_gets_the_danish_bad_request_page(client):
    response = client.get("/", headers={"host": "angriber.example"})
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.text


def test_not_found_page_is_danish_with_the_menu(client, author):
    client.force_login(author)
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.text
    assert reverse("focusareas:list") in response.text  # the menu, to find the way on
    assert "Not Found" not in response.text


def test_not_found_page_for_an_anonymous_visitor(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.text


def test_access_denied_page_is_danish(client, author):
    client.force_login(author)
    response = client.get(reverse("focusareas:create"))
    assert response.status_code == 403
    assert "Adgang nægtet" in response.text
    assert "403 Forbidden" not in response.text


def test_expired_form_gets_a_danish_explanation_not_djangos_technical_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anne", "password": "x"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Formularen er udløbet" in text and "Intet blev gemt" in text
    assert "CSRF verification failed" not in text
