"""The log format: one line per record, so an operator's grep finds one error once.

A request error carries the method, the path, the status and the username (nothing else about the person); an
exception is reduced to its type, message and the line that raised it (the full trace is in DEBUG pages, Sentry
or a rerun). A failed task logs its task id and path, which lead to its row in the admin's Task results.
"""

import logging
import traceback

from django.utils.functional import empty


class OneLineFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        record.exc_info = record.exc_text = None
        try:
            line = super().format(record)
        finally:
            exc_info, record.exc_text = saved
            record.exc_info = exc_info
        request = getattr(record, "request", None)
        if request is not None:
            status = getattr(record, "status_code", "-")
            line += f" [{request.method} {request.path} status={status} user={_username(request)}]"
        if exc_info and exc_info[1] is not None:
            line += " | " + _one_line(exc_info[1])
        return " ".join(line.split())


def _username(request) -> str:
    """The user's name if the request has already read the user, "-" otherwise: formatting a record never reads
    the database, which may be what failed (a formatter that raises turns one line into a long traceback)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    try:
        return user.get_username() if user.is_authenticated else "-"
    except Exception:
        return "-"


def _one_line(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
    return f"{type(error).__name__}: {error}{where}"
