"""The incident: an administrator created a police user with her own e-mail address, gave it Politikontakt and
Styregruppemedlem and approved with it. A deciding role, or a decider's e-mail address or organisation, now takes
effect only when a second person confirms it; every change to a user is audited."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, PendingChange, User
from accounts.roles import Role
from audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.accounts.test_admin import _change_form_data


def _give_deciding_roles(client, admin_user, user):
    client.force_login(admin_user)
    groups = Group.objects.filter(name__in=[Role.POLICE_LIAISON, Role.STEERING_MEMBER])
    return client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _change_form_data(user, organisation=Organisation.POLICE, groups=[g.pk for g in groups]),
    )


def test_one_administrator_cannot_make_a_police_decider_alone(client, admin_user, author, police_member):
    fake = UserFactory(username="fake", email=admin_user.email, organisation=Organisation.POLICE)
    assert _give_deciding_roles(client, admin_user, fake).status_code == 302
    fake = User.objects.get(pk=fake.pk)
    assert not fake.has_perm("initiatives.decide_initiative")
    [pending] = PendingChange.objects.filter(user=fake, state=PendingChange.State.PENDING)
    # Neither the one who asked, nor the user it concerns, nor a colleague without the right confirms it.
    for who in (admin_user, fake, author):
        client.force_login(who)
        assert client.post(reverse("accounts:confirm_change", args=[pending.pk])).status_code == 403
    assert not User.objects.get(pk=fake.pk).groups.exists()
    # A police member of the steering group sees it on the steering-group page and confirms it.
    client.force_login(police_member)
    page = client.get(reverse("initiatives:steering")).text
    assert "fake" in page.split('data-testid="pending-changes"')[1] and "Bekræft" in page
    assert client.post(reverse("accounts:confirm_change", args=[pending.pk])).status_code == 302
    assert User.objects.get(pk=fake.pk).has_perm("initiatives.decide_initiative")
    requested = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_REQUESTED, subject="fake")
    confirmed = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_CONFIRMED, subject="fake")
    assert requested.actor == admin_user and confirmed.actor == police_member
    assert confirmed.details["requested_by"] == admin_user.username


def test_a_declined_change_never_takes_effect(client, admin_user, author):
    _give_deciding_roles(client, admin_user, author)
    [pending] = PendingChange.objects.all()
    client.force_login(UserFactory(username="admin2", role=Role.ADMINISTRATOR))
    client.post(reverse("accounts:decline_change", args=[pending.pk]))
    assert set(author.groups.values_list("name", flat=True)) == {Role.MUNICIPAL_STAFF}
    assert client.post(reverse("accounts:confirm_change", args=[pending.pk])).status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE_DECLINED, subject="author").exists()


def test_moving_a_deciders_mail_address_waits_for_a_second_person(client, admin_user, municipal_member):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_change", args=[municipal_member.pk]),
        _change_form_data(municipal_member, email=admin_user.email),
    )
    municipal_member.refresh_from_db()
    assert municipal_member.email == "municipal@example.invalid"  # the reset link still goes to the member
    assert PendingChange.objects.get().new["email"] == admin_user.email


def test_a_single_administrator_installation_may_switch_the_rule_off_and_the_steering_page_says_so(
    settings, client, admin_user, author
):
    settings.TWO_PERSON_RULE = False
    _give_deciding_roles(client, admin_user, author)
    assert User.objects.get(pk=author.pk).has_perm("initiatives.decide_initiative")
    assert 'data-testid="two-person-rule-off"' in client.get(reverse("initiatives:steering")).text


def test_every_change_to_a_user_is_audited_and_the_old_address_is_told(client, admin_user, author, mail_queue):
    other_admin = UserFactory(username="admin2", role=Role.ADMINISTRATOR, first_name="Ida")
    client.force_login(admin_user)
    data = _change_form_data(other_admin, first_name="Idaa", is_active=None)  # deactivated
    assert client.post(reverse("admin:accounts_user_change", args=[other_admin.pk]), data).status_code == 302
    client.post(
        reverse("admin:accounts_user_change", args=[author.pk]), _change_form_data(author, email="ny@example.invalid")
    )
    changed = {
        (e.subject, e.details["field"]): (e.details["old"], e.details["new"], e.actor)
        for e in AuditEntry.objects.filter(action=AuditEntry.Action.USER_CHANGED)
    }
    assert changed[("admin2", "is_active")] == (True, False, admin_user)
    assert changed[("admin2", "first_name")] == ("Ida", "Idaa", admin_user)
    assert changed[("author", "email")] == ("author@example.invalid", "ny@example.invalid", admin_user)
    mail_queue.run()
    [told] = [m for m in mail.outbox if m.to == ["author@example.invalid"]]
    assert "ny@example.invalid" in told.body
