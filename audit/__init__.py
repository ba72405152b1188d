"""The audit log. Other apps call `audit.record(...)`; this app imports none of them."""

import functools
import ipaddress

from django.conf import settings


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
    """The address the request came from: REMOTE_ADDR, or, when that is a trusted proxy (TRUSTED_PROXIES, or the
    first TRUSTED_PROXY_COUNT hops), the address it names in X-Forwarded-For, hop by hop from the right. Anything
    left of the first untrusted address is the client's to forge and is never read. django-axes reads it too."""
    if request is None:
        return None
    address = _parsed(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    hops = settings.TRUSTED_PROXY_COUNT
    for hop in reversed(forwarded):
        if hops <= 0 and not _trusted(address):
            break
        named = _parsed(hop)
        if named is None:
            break  # a junk hop: the proxy's own view is the last one to trust
        address, hops = named, hops - 1
    return str(address)


def _parsed(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address) -> bool:
    return any(address in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
