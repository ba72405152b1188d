"""A per-process cache of what is costly to build and changes rarely, valid while the data version stands.

Every write to the strategy's data replaces the data version (`bump()`: by signal for saves and deletes, by hand
after bulk writes), in the writer's transaction, so the new version becomes visible together with the new data.
A cached result is kept in this process's memory under the version it was built for: a look-up reads the
version (one indexed query of one row, cheaper than any database or Redis cache read of the result itself) and
drops everything once it has changed. The version is read before the data, so a result is never filed under a
version older than the data it shows.

The price: the version's row stays locked from a transaction's first write to its end, so writers of the
strategy's data take turns (a save waits for an import that is being written, for instance). The services lock
the rows they change before they write, so no two of them wait for each other in turn.

What is cached must not depend on who asks unless the key says so: permission checks and per-user parts stay
outside, or the key carries the user and their permissions. Results are shared between requests: never change
one after it is returned.
"""

import uuid
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")

# Enough for every page's variants (measures, languages, users, a few thousand initiatives); past it the oldest
# results go first.
MAX_ENTRIES = 2000
# Results keyed by the address asked (a list's filters and page) are as many as anyone cares to type, and each holds
# a rendered page (a few hundred KB): a few of each kind are kept, so junk addresses can neither fill a process's
# memory nor push the other results out.
MAX_ADDRESSES = 100

_store: dict[Hashable, tuple[str, object]] = {}
_store_version: str | None = None
# Within a request (DataVersionMiddleware) the version is read once, at the first look-up, and holds for the rest
# of the request unless the request itself writes; outside requests (commands, tasks) every look-up reads it.
_request: ContextVar[dict | None] = ContextVar("datacache_request", default=None)


def bump(using: str | None = None) -> None:
    """Mark the strategy's data as changed: every cached result, in every process, is built again."""
    from datacache.models import DataVersion

    token = uuid.uuid4().hex
    request = _request.get()
    if request is not None:
        request.pop("version", None)
    manager = DataVersion.objects.using(using or DEFAULT_DB_ALIAS)
    if not manager.filter(pk=1).update(token=token):
        manager.update_or_create(pk=1, defaults={"token": token})


def current_version() -> str:
    """The data version as the database holds it now ("" before the first write)."""
    from datacache.models import DataVersion

    # A plain cursor: the ORM would spend more time compiling the query than the database answering it.
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def cached(key: Hashable, build: Callable[[], T], *, keep_none: bool = False, by_address: bool = False) -> T:
    """`build()`'s result for `key` at the current data version: from memory, or built now and kept.

    A result of None is not kept unless `keep_none` says it is an answer (e.g. "no headline yet"), not "no such
    page", which should not fill the cache with every address asked. `by_address` says the key (a tuple) carries the
    address asked: at most MAX_ADDRESSES of its kind (`key[0]`) are kept, the oldest going first.
    """
    global _store_version
    request = _request.get()
    if request is not None and "version" in request:
        version = request["version"]
    else:
        version = current_version()
        if request is not None:
            request["version"] = version
    if version != _store_version:
        _store.clear()
        _store_version = version
    entry = _store.get(key)
    # Each entry carries its version too, so a result built by a thread that read an older version is never
    # taken for a newer one (runserver's threads; gunicorn's sync workers have one).
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    if value is not None or keep_none:
        if by_address:
            # A scan of the store only when a page is built, which costs far more; of a copy of its keys, which
            # runserver's other threads may change meanwhile.
            same_kind = [other for other in list(_store) if isinstance(other, tuple) and other[:1] == key[:1]]
            for other in same_kind[: max(len(same_kind) - MAX_ADDRESSES + 1, 0)]:
                _store.pop(other, None)
        while len(_store) >= MAX_ENTRIES:
            _store.pop(next(iter(_store)), None)  # the oldest first
        _store[key] = (version, value)
    return value


def clear() -> None:
    """Forget every result in this process (tests start each from an empty cache)."""
    global _store_version
    _store.clear()
    _store_version = None
