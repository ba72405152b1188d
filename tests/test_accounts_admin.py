"""Administrators manage users and their roles in the admin, but cannot give anyone rights beyond the roles."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory


def _change_form_data(user, **changes):
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "organisation": user.organisation, "is_active": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00", "groups": [g.pk for g in user.groups.all()],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_administrator_gives_a_role_but_not_superuser_or_single_permissions(client, admin_user, author):
    client.force_login(admin_user)
    decide = Permission.objects.get(codename="decide_initiative")
    steering = Group.objects.get(name=Role.STEERING_MEMBER)
    for target in (author, admin_user):
        response = client.post(
            reverse("admin:accounts_user_change", args=[target.pk]),
            _change_form_data(target, is_superuser="on", user_permissions=[decide.pk],
                              groups=[*target.groups.values_list("pk", flat=True), steering.pk]),
        )
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.user_permissions.exists()
        assert steering in target.groups.all()  # managing roles is the administrator's job


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
        police_member, django_assert_num_queries):
    """accounts.backends.RoleBackend reads the groups with their permissions; the header's roles come free."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=police_member.pk)
    with django_assert_num_queries(2):  # the user's own permissions, and the groups with theirs
        assert user.has_perm("initiatives.decide_initiative")
    with django_assert_num_queries(0):
        assert user.role_names == ["Politikontakt", "Styregruppemedlem"]


def test_roles_are_read_afresh_for_each_request(client, police_member):
    from django.contrib.auth.models import Group

    client.force_login(police_member)
    assert "Styregruppemedlem" in client.get("/").text
    police_member.groups.remove(Group.objects.get(name="Styregruppemedlem"))
    assert "Styregruppemedlem" not in client.get("/").text.split("user-info")[1].split("</div>")[0]
