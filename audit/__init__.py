"""The audit log. Other apps call `audit.record(...)`; this app imports none of them."""


def record(action: str, *, actor=None, request=None, username: str = "", subject: str = "", **details):
    """Write one audit entry. `actor` is the user who acted (None for failed logins: pass `username`)."""
    from audit.models import AuditEntry

    if actor is not None and getattr(actor, "is_authenticated", False):
        username = username or actor.get_username()
    else:
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        username=_storable(username)[:150],
        subject=_storable(str(subject))[:300],
        ip_address=client_ip(request),
        details=_storable(details),
    )


def record_deletion(instance, action: str, *, by, subject: str, request=None):
    """Audit the deletion of `instance` with everything of other apps that goes with it (a draft's learning
    notes …), named as a person reads them; call it before deleting."""
    from django.db.models.deletion import Collector

    collector = Collector(using=instance._state.db or "default")
    collector.collect([instance])
    with_it = sorted(
        f"{item._meta.verbose_name}: {item}"[:300]
        for model, items in collector.data.items()
        if model._meta.app_label != instance._meta.app_label
        for item in items
    )
    return record(action, actor=by, request=request, subject=subject, deleted_with_it=with_it)


def _storable(value):
    """The value without NUL characters, which PostgreSQL refuses in text and JSON: a junk address must still be
    recorded, not turn an export into an error page."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def client_ip(request) -> str | None:
    """The address the request came from, as Django sees it (the TLS proxy sets REMOTE_ADDR via its own config)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
