"""Every save and delete through a model of the apps whose data the cached pages show bumps the data version.

Bulk writes (bulk_create, QuerySet.update, raw SQL) send no signals: the services that make them call
`datacache.bump()` themselves.
"""

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

import datacache

# The apps behind every cached result; users and roles (accounts, auth) too, as the steering group's members and
# what is kept per user depend on them. Sessions, the audit log and the login lockouts are not among them, so
# reading a page writes no bump.
WATCHED_APPS = frozenset({"auth", "accounts", "focusareas", "indicators", "initiatives", "followup"})


@receiver(post_save, dispatch_uid="datacache.saved")
@receiver(post_delete, dispatch_uid="datacache.deleted")
@receiver(m2m_changed, dispatch_uid="datacache.m2m_changed")
def data_changed(sender, **kwargs) -> None:
    # Migrations save through their own historical models, perhaps before the version's table exists; the
    # processes start afresh after a deploy anyway, with empty caches.
    if sender._meta.app_label in WATCHED_APPS and sender._meta.apps is global_apps:
        datacache.bump(using=kwargs.get("using"))
