"""The one backend that finds users and their permissions; passwords only where PASSWORD_LOGIN allows them."""

from django.conf import settings

from accounts.backends import RoleBackend


class AccountBackend(RoleBackend):
    """accounts.RoleBackend for roles and permissions (also for users who signed in through a provider); a
    password is checked only when PASSWORD_LOGIN is on, or for the break-glass account (BREAK_GLASS_USERNAME)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password_allowed(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def password_allowed(username) -> bool:
    if settings.PASSWORD_LOGIN:
        return True
    return bool(settings.BREAK_GLASS_USERNAME) and username == settings.BREAK_GLASS_USERNAME
