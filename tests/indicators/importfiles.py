"""Small index files for the import tests, and a snapshot of everything an import may write."""

import io
from pathlib import Path

from openpyxl import Workbook

from indicators.demo import HOUSING_AREAS
from indicators.models import Area, ImportBatch, IndexValue

REAL_FILE = Path(__file__).resolve().parents[2] / "indicators" / "data" / "andel_trygge_offentlige_tal.csv"
# The real file's housing areas are not seeded: an import creates them only when they are named.
REAL_FILE_AREAS = HOUSING_AREAS
HEADER = "år;område;måling;værdi;nedre;øvre;respondenter;kilde"


def csv_file(*rows: str, header: str | None = None, encoding: str = "utf-8") -> bytes:
    """A CSV file; without a header, the first columns of HEADER that the first row fills."""
    if header is None:
        width = len(rows[0].split(";")) if rows else 4
        header = ";".join(HEADER.split(";")[:width])
    return "\r\n".join([header, *rows, ""]).encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot() -> tuple:
    """Every row an import may write, so a test can assert that a refused file changed nothing."""
    return (
        list(IndexValue.objects.order_by("pk").values()),
        IndexValue.history.count(),
        list(Area.objects.order_by("pk").values()),
        ImportBatch.objects.count(),
    )
