"""The log format: one record per error, whose first line says what happened, so an operator's grep finds it once.

A request error carries the method, the path, the status and the username (nothing else about the person), and
the exception's type, message and the line that raised it. An unexpected error (a 500, a failed task) is followed
in the same record by its full traceback, indented, so a 500 can be debugged from the production log and every
line of the log that is not indented starts a record. An expected refusal (a 403, a 404, a bad request: any status
below 500) stays one line: it is the user's mistake, not the code's. A failed task logs its task id and path, which
lead to its row in the admin's Opgaveresultater.
"""

import logging
import textwrap
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
        if not exc_info or exc_info[1] is None:
            return " ".join(line.split())
        line = " ".join(f"{line} | {_one_line(exc_info[1])}".split())
        if _is_refusal(record):
            return line
        return line + "\n" + textwrap.indent(self.formatException(exc_info), "    ")


def _is_refusal(record: logging.LogRecord) -> bool:
    status = getattr(record, "status_code", None)
    return isinstance(status, int) and status < 500


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
