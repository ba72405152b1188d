"""What is costly to build and changes rarely, kept in Django's cache "pages" while the data version stands.

Every committed write to the strategy's data replaces the data version (`bump()`: by signal for saves and deletes,
by hand after bulk writes, and after every `migrate`), once per transaction, right after it commits: the version's
row is locked for an instant, not for the writer's whole transaction. A result is kept under the version read before
its data, so it is never filed under a version older than the data it shows; results of an older version are never
read again and expire (PAGE_CACHE_TIMEOUT). The cache is shared by every process on a host (LocMemCache: one
process) or by every host (Redis, CACHE_URL): what is kept must be plain data or rendered text, which pickles.

A transaction that wrote and has not committed sees data nobody else does: it builds its results and keeps none.

What is cached must not depend on who asks unless the key says so: permission checks and per-user parts stay
outside, or the key carries the user and their permissions. Results are shared between requests: never change
one after it is returned.
"""

import functools
import hashlib
import uuid
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction

T = TypeVar("T")

_MISSING = object()
# Within a request (DataVersionMiddleware) the version is read once, at the first look-up, and holds for the rest
# of the request unless the request itself writes; outside requests (commands, tasks) every look-up reads it.
_request: ContextVar[dict | None] = ContextVar("datacache_request", default=None)


def _write_version(using: str) -> str:
    from datacache.models import DataVersion

    request = _request.get()
    if request is not None:
        request.pop("version", None)
    manager = DataVersion.objects.using(using)
    token = uuid.uuid4().hex
    if not manager.filter(pk=1).update(token=token):
        manager.update_or_create(pk=1, defaults={"token": token})
    return token


@functools.cache
def _writer(using: str) -> Callable[[], None]:
    # One object per database, so a transaction's pending bump is found among its commit hooks.
    return functools.partial(_write_version, using)


def _in_transaction(connection) -> bool:
    # A TestCase's own transaction never commits: inside only its blocks, a write counts as committed.
    return connection.in_atomic_block and not all(block._from_testcase for block in connection.atomic_blocks)


def _pending(connection) -> bool:
    return any(hook is _writer(connection.alias) for _, hook, _ in connection.run_on_commit)


def bump(using: str | None = None) -> None:
    """Mark the strategy's data as changed: every kept result, on every host, is built again once the writing
    transaction commits (at once outside one)."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    if not _in_transaction(connection):
        _write_version(connection.alias)
    elif not _pending(connection):
        transaction.on_commit(_writer(connection.alias), using=connection.alias)


def current_version() -> str:
    """The data version as the database holds it now ("" before the first write)."""
    from datacache.models import DataVersion

    # A plain cursor: the ORM would spend more time compiling the query than the database answering it.
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def _version() -> str | None:
    """The version to keep results under, or None while this connection holds uncommitted writes."""
    connection = connections[DEFAULT_DB_ALIAS]
    request = _request.get()
    if _pending(connection):
        if _in_transaction(connection):
            return None
        # Only a TestCase's blocks are left: the writing block has ended, which in production is the commit.
        hook = _writer(connection.alias)
        connection.run_on_commit = [entry for entry in connection.run_on_commit if entry[1] is not hook]
        version = _write_version(connection.alias)
    elif request is not None and "version" in request:
        return request["version"]
    else:
        version = current_version()
    if request is not None:
        request["version"] = version
    return version


def cached(key: Hashable, build: Callable[[], T], *, keep_none: bool = False, by_address: bool = False) -> T:
    """`build()`'s result for `key` at the current data version: from the cache, or built now and kept.

    A result of None is not kept unless `keep_none` says it is an answer (e.g. "no headline yet"), not "no such
    page", which should not fill the cache with every address asked. `by_address` says the key carries the address
    asked, which anyone may vary at will: such results are kept for a shorter time (PAGE_CACHE_ADDRESS_TIMEOUT).
    """
    version = _version()
    if version is None:
        return build()
    cache = caches["pages"]
    # Hashed: an address may be longer than a cache key may be.
    cache_key = f"{version}:{hashlib.sha256(repr(key).encode()).hexdigest()}"
    value = cache.get(cache_key, _MISSING)
    if value is not _MISSING:
        return value
    value = build()
    if value is not None or keep_none:
        timeout = settings.PAGE_CACHE_ADDRESS_TIMEOUT if by_address else settings.PAGE_CACHE_TIMEOUT
        cache.set(cache_key, value, timeout)
    return value


def clear() -> None:
    """Forget every kept result of this host's cache (tests start each from an empty cache)."""
    caches["pages"].clear()
