"""A national-scale safety-index file, made up for benchmarks: every row's `kilde` says so.

98 municipalities, 12 police districts, the country and 200 housing areas × 6 measures × 12 years
= 22,392 rows. Reusable: `write_national_file()` writes the file, `load_national_data()` imports it.
"""

import csv
import random
from decimal import Decimal
from pathlib import Path

AREAS_CSV = Path(__file__).resolve().parent.parent / "indicators" / "data" / "omraader.csv"
MEASURES = ("tryghedsindeks", "nabolagsproblemer", "utryghed", "anmeldelser", "andel_trygge", "andel_utrygge")
YEARS = tuple(range(2013, 2025))  # twelve years
HOUSING_AREAS = 200
SOURCE = "Opdigtede benchmarkdata (ikke rigtige tal)"
HEADER = ["år", "område", "områdetype", "måling", "værdi", "nedre", "øvre", "respondenter", "kilde"]


def national_areas() -> list[tuple[str, str]]:
    """(name, kind) of every area in the file: the seeded areas plus made-up housing areas."""
    with AREAS_CSV.open(encoding="utf-8") as f:
        areas = [(row["navn"], row["type"]) for row in csv.DictReader(f, delimiter=";")]
    areas += [(f"Benchmark-boligområde {n:03d} (opdigtet)", "boligområde") for n in range(1, HOUSING_AREAS + 1)]
    return areas


def housing_area_names() -> frozenset[str]:
    """The made-up housing areas: new to the database, so an import creates them only when named (issue 12)."""
    return frozenset(name for name, kind in national_areas() if kind == "boligområde")


def national_rows(years=YEARS, seed: int = 2026, shift: Decimal = Decimal(0)) -> list[list[str]]:
    """The rows, in Danish number format; `shift` moves every value, to benchmark an update of all values."""
    rng = random.Random(seed)
    rows = []
    for year in years:
        for name, kind in national_areas():
            for measure in MEASURES:
                percent = measure.startswith("andel")
                value = Decimal(rng.randint(400 if percent else 700, 950 if percent else 1300)) / 10 + shift
                low, high = value - Decimal("1.5"), value + Decimal("1.5")
                if percent:
                    value, low, high = (min(max(v, Decimal(0)), Decimal(100)) for v in (value, low, high))
                rows.append(
                    [
                        str(year),
                        name,
                        kind,
                        measure,
                        _da(value),
                        _da(low),
                        _da(high),
                        str(rng.randint(200, 3000)),
                        SOURCE,
                    ]
                )
    return rows


def write_national_file(path, years=YEARS, seed: int = 2026, shift: Decimal = Decimal(0)) -> Path:
    """Write the file as Danish Excel does (`;`, decimal comma, UTF-8 with BOM, CRLF); returns its path."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(national_rows(years, seed, shift))
    return path


def load_national_data(path=None, by=None, years=YEARS):
    """Import the national file into the current database (writing it to a temp file when no path is given)."""
    import tempfile

    from indicators.writing import ImportOptions, import_file

    options = ImportOptions(create_areas=housing_area_names())
    if path is None:
        with tempfile.TemporaryDirectory() as directory:
            path = write_national_file(Path(directory) / "national.csv", years)
            return import_file(path.read_bytes(), path.name, by=by, options=options)
    return import_file(Path(path).read_bytes(), Path(path).name, by=by, options=options)


def _da(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")
