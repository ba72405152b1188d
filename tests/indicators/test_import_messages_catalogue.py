"""The reader's messages come from the Danish catalogue (English msgids), like every other text shown."""

import pytest
from django.utils import translation

from indicators.reading import FileFormatError, read_grid
from indicators.statbank import parse_statbank


@pytest.mark.parametrize(
    ("read", "english", "danish"),
    [
        (lambda: read_grid(b"", "tal.csv"), "The file is empty.", "Filen er tom."),
        (
            lambda: read_grid(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64, "tal.xls"),
            "Old Excel format",
            "gamle Excel-format",
        ),
        (lambda: read_grid(b"sep=|\na|b\n", "tal.csv"), "names the delimiter »|«", "angiver skilletegnet »|«"),
        (lambda: parse_statbank(b"noget;helt;andet\n1;2;3\n"), "does not look like a table", "ligner ikke en tabel"),
    ],
)
def test_a_file_error_is_danish_and_comes_from_the_catalogue(read, english, danish):
    with pytest.raises(FileFormatError) as refused:
        read()
    assert danish in str(refused.value)
    with translation.override("en"), pytest.raises(FileFormatError) as in_english:
        read()
    assert english in str(in_english.value)
