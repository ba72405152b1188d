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
