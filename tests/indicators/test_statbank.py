"""Statistikbanken's STRAF11 and FOLK1A, as the bank delivers them (fixtures/statistikbanken/), become measures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndexValue
from indicators.reading import FileFormatError
from indicators.statbank import FOLK1A, STRAF11, parse_statbank, yearly_population, yearly_reports
from indicators.writing import SOURCE_FOLK1A, SOURCE_STRAF11, ImportOptions, ImportRefused, import_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "statistikbanken"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_api_csv_of_straf11_gives_whole_years_of_totals():
    table = parse_statbank(_read("STRAF11_api.csv"))
    assert table.table == STRAF11
    reports = yearly_reports(table.rows)
    # Regions are left out, and so is 2024 (only its first quarter is published).
    assert {area for area, _ in reports} == {"Hele landet", "Aarhus", "København", "Odense", "Aalborg", "Esbjerg"}
    assert {year for _, year in reports} == {2016, 2022, 2023}
    quarters = [row.value for row in table.rows if row.area == "Aarhus" and row.year == 2023]
    assert len(quarters) == 4  # the "Straffelov i alt" breakdown row is not a total and is left out
    assert reports[("Aarhus", 2023)][0] == sum(quarters)


def test_statbank_download_in_windows_1252_reads_the_same_as_the_api():
    wide = yearly_reports(parse_statbank(_read("STRAF11_statbank.csv")).rows)
    api = yearly_reports(parse_statbank(_read("STRAF11_api.csv")).rows)
    assert {key: count for key, (count, _) in wide.items()} == {
        key: count for key, (count, _) in api.items() if key[0] != "Region Midtjylland"
    }


def test_folk1a_takes_the_first_of_january_and_both_presentations_agree():
    labels = yearly_population(parse_statbank(_read("FOLK1A_api.csv")).rows)
    codes = parse_statbank(_read("FOLK1A_api_koder.csv"), FOLK1A)
    assert codes.table == FOLK1A
    by_code = yearly_population(codes.rows)
    assert labels[("Aarhus", 2023)][0] == by_code[("751", 2023)][0] == 361_544
    assert by_code[("Hele landet", 2023)][0] == 5_932_654  # code 000 is the whole country
    assert not any(area == "082" for area, _ in by_code)  # a region


HEADER = "OMRÅDE;OVERTRÆD;TID;INDHOLD\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen er tom."),
        ("år;område;måling;værdi\r\n2023;Aarhus;x;85\r\n".encode(), "ligner ikke en tabel fra Statistikbanken"),
        (f"{HEADER}Aarhus;Overtrædelsens art i alt;2023;7000\r\n".encode(), "er ikke et kvartal"),
        (f"{HEADER}Aarhus;Overtrædelsens art i alt;2023K1;mange\r\n".encode(), "ikke et helt tal"),
        (f"{HEADER}Aarhus;Total;2023Q1;7000\r\n".encode(), "skrevet på engelsk. Hent tabellen på dansk"),
    ],
)
def test_a_file_that_is_not_what_the_bank_delivers_gets_a_danish_message(data, message):
    with pytest.raises(FileFormatError) as error:
        parse_statbank(data)
    assert message in error.value.message


def test_import_in_either_order_stores_reports_per_year_and_per_1000_inhabitants(db):
    import_file(_read("STRAF11_statbank.csv"), "STRAF11.csv", options=ImportOptions(source=SOURCE_STRAF11))
    assert not IndexValue.objects.filter(measure__code="anmeldelser_pr_1000").exists()  # no population yet
    import_file(_read("FOLK1A_api.csv"), "FOLK1A.csv", options=ImportOptions(source=SOURCE_FOLK1A))
    reports = IndexValue.objects.get(measure__code="anmeldelser_antal", area__name="Aarhus", year=2023)
    population = IndexValue.objects.get(measure__code="folketal", area__name="Aarhus", year=2023)
    rate = IndexValue.objects.get(measure__code="anmeldelser_pr_1000", area__name="Aarhus", year=2023)
    assert population.value == 361_544
    assert rate.value == (reports.value * 1000 / population.value).quantize(Decimal("0.01"))
    assert "STRAF11" in rate.source and "FOLK1A" in rate.source
    # The other order gives the same figures, and importing again changes nothing.
    outcome = import_file(_read("STRAF11_api.csv"), "STRAF11_api.csv", options=ImportOptions(source=SOURCE_STRAF11))
    assert outcome.batch is None and outcome.plan.unchanged == outcome.plan.rows.__len__()


def test_the_table_chosen_must_match_the_file():
    with pytest.raises(FileFormatError) as error:
        parse_statbank(_read("FOLK1A_api.csv"), STRAF11)
    assert "ser ud til at være tabel FOLK1A, men du valgte STRAF11" in error.value.message


def test_import_of_codes_uses_the_municipality_codes(db):
    import_file(_read("FOLK1A_api_koder.csv"), "FOLK1A.csv", options=ImportOptions(source=SOURCE_FOLK1A))
    assert IndexValue.objects.get(measure__code="folketal", area__name="København", year=2016).value == 591_481


def test_a_broken_file_imports_nothing(db):
    with pytest.raises(ImportRefused) as refused:
        import_file(b"noget helt andet", "x.csv", options=ImportOptions(source=SOURCE_STRAF11))
    assert "Statistikbanken" in str(refused.value.plan.errors[0])
    assert not IndexValue.objects.exists()


def test_the_upload_page_routes_a_statbank_file_to_the_same_preview_and_confirm(admin_client):
    response = admin_client.post(
        reverse("indicators:import_upload"),
        {"source": "folk1a", "file": SimpleUploadedFile("FOLK1A.csv", _read("FOLK1A_api.csv"))},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["plan"].created == 18  # 6 areas × 3 years
    assert not IndexValue.objects.exists()
    admin_client.post(
        reverse("indicators:import_confirm"),
        {"sha256": response.context["sha256"], "plan": response.context["plan_fingerprint"]},
    )
    assert IndexValue.objects.filter(measure__code="folketal").count() == 18


# --- real downloads (fixtures/statistikbanken/README.md names each source) ------------------------------------


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_a_real_statbank_dk_download_of_straf11_is_read_as_delivered(newline):
    # Comma-separated, quoted labels, Windows-1252, no title, an empty column before the municipality, and the
    # rows "Christiansø" and "Uoplyst kommune" that are no area of the index.
    data = _read("STRAF11_statbank_Joac1137.csv").replace(b"\n", newline)

    table = parse_statbank(data, STRAF11)

    reports = {key: count for key, (count, _line) in yearly_reports(table.rows).items()}
    assert {area for area, _ in reports} == {"København", "Tårnby", "Odense", "Ærø", "Esbjerg", "Aarhus", "Aalborg"}
    # 2007–2021 are whole years; 2022 has two quarters in the file and is left out.
    assert {year for _, year in reports} == set(range(2007, 2022))
    # By hand from the file's Aarhus line: 2016K1–K4 = 7663 + 8370 + 8626 + 8064, 2021K1–K4 = 5092 + 5974 + 6567 + 7928.
    assert reports[("Aarhus", 2016)] == 32_723
    assert reports[("Aarhus", 2021)] == 25_561


def test_a_real_statbank_dk_download_of_straf11_imports_reports_per_year(db):
    outcome = import_file(
        _read("STRAF11_statbank_Joac1137.csv"),
        "2022928135943390963562STRAF1150490172666.csv",
        options=ImportOptions(source=SOURCE_STRAF11),
    )

    assert outcome.plan.created == 7 * 15  # seven municipalities × 2007–2021
    stored = IndexValue.objects.get(measure__code="anmeldelser_antal", area__name="Aarhus", year=2019)
    assert stored.value == 7242 + 6607 + 8277 + 7050


def test_a_real_api_csv_of_folk1a_is_read_as_delivered(db):
    # UTF-8 without BOM, CRLF, OMRÅDE;CIVILSTAND;TID;INDHOLD (sex and age left out by the request).
    data = _read("FOLK1A_api_razz7.csv")
    assert data.count(b"\r\n") == 53 and not data.startswith(b"\xef\xbb\xbf")

    population = yearly_population(parse_statbank(data).rows)

    assert population[("Hele landet", 2016)][0] == 5_707_251
    assert population[("Hele landet", 2020)][0] == 5_822_763
    import_file(data, "FOLK1A.csv", options=ImportOptions(source=SOURCE_FOLK1A))
    assert IndexValue.objects.filter(measure__code="folketal", area__name="Hele landet").count() == 13  # 2008–2020


@pytest.mark.parametrize(
    ("name", "message"),
    [
        # Codes, one sex and single ages: no totals to take, so nothing is guessed.
        ("FOLK1A_api_koder_JonasRex_uddrag.csv", "ingen tal for kommuner eller hele landet med køn, alder"),
        # English labels and no area.
        ("FOLK1A_api_engelsk_raulorteg_uddrag.csv", "Overskriften skal have kolonnerne OMRÅDE, TID og INDHOLD."),
    ],
)
def test_real_downloads_without_the_totals_or_areas_are_refused_with_the_fix(name, message):
    with pytest.raises(FileFormatError) as error:
        parse_statbank(_read(name), FOLK1A)
    assert message in error.value.message


def test_a_comma_separated_download_with_a_quoted_title_and_a_row_of_labels_alone():
    # The layout of statbank.dk's comma-separated download of another table in the same repository
    # (befollkningstal_kommuner.csv): a quoted title holding a comma, an empty line, and a variable's value on a
    # row of its own above the rows it applies to.
    data = (
        '"Anmeldte forbrydelser efter område, overtrædelsens art og tid"\r\n\r\n'
        '" "," ","2023K1","2023K2","2023K3","2023K4"\r\n'
        '"Overtrædelsens art i alt"\r\n'
        '" ","Aarhus",7000,7100,7200,7300\r\n'
        '"Straffelov i alt"\r\n'
        '" ","Aarhus",5000,5100,5200,5300\r\n'
    ).encode("cp1252")

    table = parse_statbank(data)

    assert table.table == STRAF11
    assert yearly_reports(table.rows) == {("Aarhus", 2023): (28_600, 5)}
