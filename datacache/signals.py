"""Every save and delete through a model of the apps whose data the cached pages show bumps the data version.

Bulk writes (bulk_create, QuerySet.update, raw SQL) send no signals: the services that make them call
`datacache.bump()` themselves.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

import datacache

# The apps behind every cached result; users and roles (accounts, auth) too, as the steering group's members and
# what is kept per user depend on them. Sessions, the audit log and the login lockouts are not among them, so
# reading a page writes no bump.
WATCHED_APPS = ("auth", "accounts", "focusareas", "indicators", "initiatives", "followup")


# What a save of only these fields changes is shown on no cached page: a login stamps `last_login` (and upgrades an
# old password hash), and must neither make every process build its pages again nor wait on the version's row for
# an import being written.
UNSHOWN_FIELDS = frozenset({"last_login", "password"})


def data_changed(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and update_fields <= UNSHOWN_FIELDS:
        return
    datacache.bump(using=kwargs.get("using"))


def connect() -> None:
    """Listen to the watched apps' models only (their history and many-to-many tables included): a receiver for
    every model would make Django load each row of every bulk delete (sessions, the audit log) to signal it."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"datacache.{model._meta.label_lower}"
            post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}.deleted")
            m2m_changed.connect(data_changed, sender=model, dispatch_uid=f"{uid}.m2m_changed")
