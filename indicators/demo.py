"""Demo index figures: the published "andel trygge" values (real numbers, each row naming its source)."""

from pathlib import Path

from indicators.writing import ImportOutcome, import_file

REAL_FILE = Path(__file__).resolve().parent / "data" / "andel_trygge_offentlige_tal.csv"


def load_demo_index(by=None) -> ImportOutcome:
    """Import the published figures; a second run finds them stored and changes nothing."""
    return import_file(REAL_FILE.read_bytes(), REAL_FILE.name, by=by)
