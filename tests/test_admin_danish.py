"""The Django admin is Danish throughout, the third-party apps (django-axes, django-tasks-db) included."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from mail.queue import enqueue

ENGLISH = ["Access attempts", "Access attempt", "Task Results", "Task Result", "Axes", "Tasks Database Backend"]


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "x" * 20))
    return client


def test_the_admin_index_names_the_third_party_apps_in_danish(superuser_client):
    page = superuser_client.get(reverse("admin:index")).text
    for danish in ["Loginbegrænsning", "Adgangsforsøg", "Mails"]:
        assert danish in page
    assert not [word for word in ENGLISH if f">{word}<" in page]


def test_the_access_attempts_list_and_its_delete_message_are_danish(superuser_client):
    attempt = AccessAttempt.objects.create(
        username="anne", ip_address="10.0.0.1", user_agent="x", failures_since_start=6, attempt_time=timezone.now()
    )
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = superuser_client.get(changelist).text
    assert "Tidspunkt for forsøget" in page and "IP-adresse" in page and "Attempt Time" not in page
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}, follow=True
    )
    assert "1 adgangsforsøg blev slettet" in response.text
    assert "access attempt" not in response.text


def test_the_mail_list_is_danish_and_shows_no_body(superuser_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(to=["anne@example.invalid"], subject="Emne", body="Hemmelig tekst")
    page = superuser_client.get(reverse("admin:mail_mail_changelist")).text
    assert "anne@example.invalid" in page and "Emne" in page and "Hemmelig tekst" not in page
    assert "Task name" not in page and "Enqueued at" not in page and ">Ready<" not in page
