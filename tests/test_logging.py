"""The log an operator reads: one line per record, with the username and nothing else about the person."""

import logging

from django.test import RequestFactory

from tryg.log import OneLineFormatter


def test_a_request_error_is_one_line_with_method_path_status_and_username(author):
    request = RequestFactory().get("/initiativer/7/", {"q": "Anne Kjær"})
    request.user = author
    try:
        raise ValueError("boom\non two lines")
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
    record.request, record.status_code = request, 500
    line = OneLineFormatter().format(record)
    assert "\n" not in line
    assert "Internal Server Error: /initiativer/7/" in line
    assert "[GET /initiativer/7/ status=500 user=author]" in line
    assert "ValueError: boom on two lines at" in line and "test_logging.py" in line
    assert author.email not in line and "Anne" not in line


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
