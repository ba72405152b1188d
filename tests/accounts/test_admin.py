"""Administrators manage users and their roles in the admin, but cannot give anyone rights beyond the roles,
cannot change their own, and never set a password themselves."""

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, PendingChange, User
from accounts.roles import Role
from audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.mail.servers import connections_made, hanging_server, send_to


def _change_form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_administrator_gives_a_role_but_not_superuser_or_single_permissions(client, admin_user, author):
    client.force_login(admin_user)
    decide = Permission.objects.get(codename="decide_initiative")
    steering = Group.objects.get(name=Role.STEERING_MEMBER)
    response = client.post(
        reverse("admin:accounts_user_change", args=[author.pk]),
        _change_form_data(
            author,
            is_superuser="on",
            user_permissions=[decide.pk],
            groups=[*author.groups.values_list("pk", flat=True), steering.pk],
        ),
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    author.refresh_from_db()
    assert not author.is_superuser
    assert not author.user_permissions.exists()
    # Managing roles is the administrators' job; a deciding role takes effect when a second one confirms it.
    assert steering not in author.groups.all()
    second = UserFactory(username="admin2", role=Role.ADMINISTRATOR)
    client.force_login(second)
    [pending] = PendingChange.objects.filter(user=author)
    assert client.post(reverse("accounts:confirm_change", args=[pending.pk])).status_code == 302
    assert steering in author.groups.all()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLES_CHANGED, subject=author.username)
    assert entry.actor == second and entry.details["requested_by"] == admin_user.username
    assert entry.details["old"] == [Role.MUNICIPAL_STAFF]
    assert entry.details["new"] == sorted([Role.MUNICIPAL_STAFF, Role.STEERING_MEMBER])


def test_an_administrator_cannot_change_her_own_roles_or_organisation(client, admin_user):
    """The incident: an administrator made herself police liaison and steering member of the police."""
    client.force_login(admin_user)
    liaison = Group.objects.get(name=Role.POLICE_LIAISON)
    steering = Group.objects.get(name=Role.STEERING_MEMBER)
    client.post(
        reverse("admin:accounts_user_change", args=[admin_user.pk]),
        _change_form_data(
            admin_user,
            organisation=Organisation.POLICE,
            groups=[*admin_user.groups.values_list("pk", flat=True), liaison.pk, steering.pk],
        ),
    )
    admin_user.refresh_from_db()
    assert set(admin_user.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}
    assert admin_user.organisation == Organisation.MUNICIPALITY
    assert not admin_user.has_perm("initiatives.decide_initiative")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ROLES_CHANGED).exists()


def test_an_organisation_change_is_logged_with_old_and_new_and_shown_to_the_steering_group(
    client, admin_user, municipal_member
):
    client.force_login(admin_user)
    liaison = Group.objects.get(name=Role.POLICE_LIAISON)
    response = client.post(
        reverse("admin:accounts_user_change", args=[municipal_member.pk]),
        _change_form_data(
            municipal_member,
            organisation=Organisation.POLICE,
            groups=[*municipal_member.groups.values_list("pk", flat=True), liaison.pk],
        ),
    )
    assert response.status_code == 302
    page = client.get(reverse("initiatives:steering")).content.decode()
    assert municipal_member.username in page.split('data-testid="pending-changes"')[1]
    UserFactory(username="admin2", role=Role.ADMINISTRATOR)
    client.force_login(User.objects.get(username="admin2"))
    [pending] = PendingChange.objects.all()
    client.post(reverse("accounts:confirm_change", args=[pending.pk]))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ORGANISATION_CHANGED)
    assert (entry.details["old"], entry.details["new"]) == (Organisation.MUNICIPALITY, Organisation.POLICE)
    page = client.get(reverse("initiatives:steering")).content.decode()
    assert municipal_member.username in page and "Østjyllands Politi" in page


def test_roles_an_administrator_may_not_hand_out(client, admin_user, author):
    client.force_login(admin_user)
    administrator = Group.objects.get(name=Role.ADMINISTRATOR)
    liaison = Group.objects.get(name=Role.POLICE_LIAISON)
    for groups, message in (
        ([administrator.pk], "Kun en superbruger"),
        ([liaison.pk], "En politikontakt arbejder i Østjyllands Politi"),
    ):
        response = client.post(
            reverse("admin:accounts_user_change", args=[author.pk]), _change_form_data(author, groups=groups)
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    author.refresh_from_db()
    assert set(author.groups.values_list("name", flat=True)) == {Role.MUNICIPAL_STAFF}


def test_administrator_sends_a_reset_link_and_never_sets_a_password(client, admin_user, author, mail_queue):
    client.force_login(admin_user)
    assert client.get(reverse("admin:auth_user_password_change", args=[author.pk])).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_reset_link", "_selected_action": [author.pk]}
    )
    assert response.status_code == 302
    mail_queue.run()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [author.email]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/ny-adgangskode/" in line)
    client.logout()
    # The link leads the user (not the administrator) to a form; the administrator's session is not the user's.
    page = client.get(link.split("8000", 1)[-1], follow=True)
    assert page.context["validlink"]
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "Aarhus-er-tryg-2026", "new_password2": "Aarhus-er-tryg-2026"}
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.check_password("Aarhus-er-tryg-2026")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PASSWORD_RESET_SENT, actor=admin_user).exists()


def test_a_hanging_mail_server_does_not_hold_up_the_reset_link_which_waits_in_the_queue(
    settings, client, admin_user, author, mail_queue
):
    hanging = hanging_server()
    send_to(settings, hanging.getsockname()[1])
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_reset_link", "_selected_action": [author.pk]},
        follow=True,
    )
    assert "Et link til at vælge en ny adgangskode blev sendt til 1 bruger." in response.text
    assert connections_made(hanging) == 0
    [queued] = mail_queue.waiting()
    # The queue holds the recipient and the user's id; the link itself is made when the mail is sent.
    assert queued["to"] == author.email and queued["kwargs"] == {"user_id": author.pk}
    hanging.close()


def test_administrator_cannot_change_a_superuser(client, admin_user):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "ny-adgangskode-123", "password2": "ny-adgangskode-123", "usable_password": "true"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password("ny-adgangskode-123")


def test_the_header_names_the_roles_read_with_the_permissions_without_a_query_of_its_own(
    police_member, django_assert_num_queries
):
    """accounts.backends.RoleBackend reads the groups with their permissions; the header's roles come free."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=police_member.pk)
    with django_assert_num_queries(3):  # the data version, the user's own permissions, and the groups with theirs
        assert user.has_perm("initiatives.decide_initiative")
    with django_assert_num_queries(0):
        assert user.role_names == ["Politikontakt", "Styregruppemedlem"]
    # Kept until users, roles or permissions change (datacache): the next request's user object reads only the
    # data version.
    again = get_user_model().objects.get(pk=police_member.pk)
    with django_assert_num_queries(1):
        assert again.has_perm("initiatives.decide_initiative") and again.role_names == user.role_names


def test_roles_are_read_afresh_for_each_request(client, police_member):
    from django.contrib.auth.models import Group

    client.force_login(police_member)
    assert "Styregruppemedlem" in client.get("/").text
    police_member.groups.remove(Group.objects.get(name="Styregruppemedlem"))
    assert "Styregruppemedlem" not in client.get("/").text.split("user-info")[1].split("</div>")[0]


def test_a_new_user_chooses_their_own_password_through_the_link(client, admin_user, mail_queue):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "ny",
            "first_name": "Ny",
            "last_name": "Kollega",
            "email": "ny@example.invalid",
            "organisation": Organisation.MUNICIPALITY,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny")
    assert not user.has_usable_password()
    mail_queue.run()
    assert mail.outbox[0].to == ["ny@example.invalid"] and "/konto/ny-adgangskode/" in mail.outbox[0].body
    adminform = client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"]
    shown = [name for _title, options in adminform.fieldsets for name in options["fields"]]
    assert "groups" in shown and "password" not in shown  # no link to a set-password form for the administrator
