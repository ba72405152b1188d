"""The log an operator reads: one record per error, its first line with the username and nothing else about the
person, the full traceback of an unexpected error, and expected refusals (403, 404) as one line."""

import io
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tryg.log import OneLineFormatter


def _failing_view():
    raise ValueError("boom\non two lines")


def _record(request, status):
    try:
        _failing_view()
    except ValueError as error:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            (request.path,),
            (type(error), error, error.__traceback__),
        )
    record.request, record.status_code = request, status
    return record


def test_a_request_error_starts_with_one_line_with_method_path_status_and_username(author):
    request = RequestFactory().get("/initiativer/7/", {"q": "Anne Kjær"})
    request.user = author
    first, *trace = OneLineFormatter().format(_record(request, 500)).split("\n")
    assert "Internal Server Error: /initiativer/7/" in first
    assert "[GET /initiativer/7/ status=500 user=author]" in first
    assert "ValueError: boom on two lines at" in first and "test_logging.py" in first
    everything = "\n".join([first, *trace])
    assert author.email not in everything and "Anne" not in everything


def test_a_500_carries_its_full_traceback_indented_in_the_same_record(author):
    request = RequestFactory().get("/initiativer/7/")
    request.user = author
    first, *trace = OneLineFormatter().format(_record(request, 500)).split("\n")
    assert trace[0] == "    Traceback (most recent call last):"
    assert any("in _failing_view" in line for line in trace) and any("_record" in line for line in trace)
    assert trace[-1] == "    on two lines" and "ValueError: boom" in trace[-2]
    # Every line after the first is indented: a line at the margin always starts a new record.
    assert all(line.startswith(" ") for line in trace)


def test_an_expected_refusal_with_an_exception_stays_one_line(author):
    request = RequestFactory().get("/initiativer/7/")
    request.user = author
    line = OneLineFormatter().format(_record(request, 403))
    assert "\n" not in line and "Traceback" not in line and "status=403" in line


@pytest.fixture
def console():
    """What the console handler prints, as the operator (or the developer running `make run`) sees it."""
    (handler,) = [handler for handler in logging.getLogger().handlers if type(handler) is logging.StreamHandler]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_refusals_in_development_are_one_line_each_and_printed_once(client, author, console):
    client.force_login(author)
    assert client.get(reverse("indicators:import_upload")).status_code == 403
    assert client.get("/initiativer/999999/").status_code == 404
    lines = console.getvalue().splitlines()
    assert "Traceback" not in console.getvalue()
    assert len([line for line in lines if "status=403" in line]) == 1
    assert len([line for line in lines if "/initiativer/999999/" in line and "status=404" in line]) == 1


def test_every_handler_a_request_error_reaches_writes_the_operators_format():
    logger, handlers = logging.getLogger("django.request"), []
    while logger:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    # pytest adds its capturing handlers; the settings configure plain StreamHandlers.
    printing = [handler for handler in handlers if type(handler) is logging.StreamHandler]
    assert printing and all(isinstance(handler.formatter, OneLineFormatter) for handler in printing)


def test_an_error_during_a_database_outage_is_one_line_and_reads_nothing(author, django_assert_num_queries):
    """The user of a request that failed before reading it is not read for the log: the database may be away."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    request = RequestFactory().get("/initiativer/")
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)  # request.user: lazy, not yet read
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    record.request, record.status_code = request, 500
    with django_assert_num_queries(0):
        line = OneLineFormatter().format(record)
    assert line.endswith("[GET /initiativer/ status=500 user=-]")
