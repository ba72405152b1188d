from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from accounts import roles

        # Permissions of every app exist only after all migrations ran, so the groups get theirs here.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
