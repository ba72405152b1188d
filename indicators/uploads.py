"""Uploaded index files waiting between preview and confirm, kept on disk by their SHA-256.

The session remembers only the digest and file name, so a multi-megabyte file never travels in the session or a
form; the confirm step re-reads the bytes, checks their digest and validates them again before writing. Each
uploader has their own copy, so two administrators importing the same file do not take it from each other.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60
_DIGEST = re.compile(r"[0-9a-f]{64}")


def upload_dir() -> Path:
    return Path(getattr(settings, "INDICATORS_UPLOAD_DIR", None) or Path(tempfile.gettempdir()) / "tryg-imports")


def _path(owner: int, digest: str) -> Path:
    return upload_dir() / f"{int(owner)}-{digest}"


def store(owner: int, data: bytes) -> str:
    """Keep the bytes for this user (id) until confirm (or a day); returns their SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    directory = upload_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _prune(directory)
    path = _path(owner, digest)
    # Written to a private temp file first so a half-written file is never read as the upload.
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".upload-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(temp_name, path)
    return digest


def load(owner: int, digest: str) -> bytes | None:
    """The bytes this user stored, or None when they are gone or do not match their digest."""
    if not _DIGEST.fullmatch(digest or ""):
        return None
    try:
        data = _path(owner, digest).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(owner: int, digest: str) -> None:
    if _DIGEST.fullmatch(digest or ""):
        _path(owner, digest).unlink(missing_ok=True)


def _prune(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
