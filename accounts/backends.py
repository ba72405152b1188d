"""Django's model backend, reading a user's roles together with their permissions."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import load_roles


class RoleBackend(ModelBackend):
    """ModelBackend whose permissions come from `load_roles`, so the header's roles cost no query of their own and
    the permissions usually none (kept until they change)."""

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_user_perm_cache"):
            load_roles(user_obj)
        return user_obj._user_perm_cache

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_group_perm_cache"):
            load_roles(user_obj)
        return user_obj._group_perm_cache
