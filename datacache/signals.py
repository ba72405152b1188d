"""Every save and delete through a model of the apps whose data the cached pages show bumps the data version.

Bulk writes (bulk_create, QuerySet.update, raw SQL) send no signals: the services that make them call
`datacache.bump()` themselves; every `migrate` bumps too, as data migrations send none either.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

import datacache

# The apps behind every cached result; users and roles (accounts, auth) too, as the steering group's members and
# what is kept per user depend on them. Sessions, the audit log and the login lockouts are not among them, so
# reading a page writes no bump.
WATCHED_APPS = ("auth", "accounts", "focusareas", "indicators", "initiatives", "followup")


# What a save of only these fields changes is shown on no cached page: a login stamps `last_login` (and upgrades an
# old password hash), and must neither make every process build its pages again nor wait on the version's row.
UNSHOWN_FIELDS = frozenset({"last_login", "password"})


def data_changed(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and update_fields <= UNSHOWN_FIELDS:
        return
    if kwargs.get("action", "post").startswith("pre"):
        return  # an m2m change signals before and after: the one after is enough
    datacache.bump(using=kwargs.get("using"))


def migrated(sender, using, **kwargs) -> None:
    datacache.bump(using=using)


def connect(app_config) -> None:
    """Listen to the watched apps' models only (their many-to-many tables included): a receiver for every model
    would make Django load each row of every bulk delete (sessions, the audit log) to signal it. A history row is
    written with the save of its model, which bumps already."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if hasattr(model, "instance_type"):
                continue  # django-simple-history's record of a save
            uid = f"datacache.{model._meta.label_lower}"
            post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}.deleted")
            m2m_changed.connect(data_changed, sender=model, dispatch_uid=f"{uid}.m2m_changed")
    # Once per `migrate`, after every app's migrations.
    post_migrate.connect(migrated, sender=app_config, dispatch_uid="datacache.migrated")
