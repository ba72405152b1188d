"""The issue's weak passwords passed the length check; zxcvbn with Danish words and the user's own names refuses
them and their kind, and says why in Danish."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import UserFactory


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "jonas-holm-2026", "Sommer2026!!", "Holm.Jonas.2026", "Vinter2025??"]
)
def test_weak_passwords_are_refused_with_a_danish_reason(db, password):
    jonas = UserFactory(username="jholm", first_name="Jonas", last_name="Holm")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, jonas)
    assert "Din adgangskode er for nem at gætte" in " ".join(refused.value.messages)


def test_the_reset_form_refuses_a_weak_password_and_keeps_the_old_one(client, mail_queue, admin_user):
    from django.core import mail

    jonas = UserFactory(username="jholm", first_name="Jonas", last_name="Holm")
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_reset_link", "_selected_action": [jonas.pk]}
    )
    mail_queue.run()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/ny-adgangskode/" in line)
    client.logout()
    page = client.get(link.split("8000", 1)[-1], follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "jonas-holm-2026", "new_password2": "jonas-holm-2026"}
    )
    assert response.status_code == 200 and "for nem at gætte" in response.text
    jonas.refresh_from_db()
    assert not jonas.check_password("jonas-holm-2026")


def test_a_long_passphrase_is_accepted(db):
    validate_password("Kaffe-og-cykel-i-regn", UserFactory(first_name="Jonas", last_name="Holm"))
