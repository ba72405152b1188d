"""The import rules: what a file does to the stored values, and that a bad file does nothing at all."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEntry
from indicators.models import Area, ImportBatch, IndexValue, Measure
from indicators.writing import ImportOptions, ImportRefused, RevertError, import_file, revert_import
from tests.indicators.importfiles import REAL_FILE, REAL_FILE_AREAS, csv_file, snapshot, xlsx_file

GOOD_ROW = "2019;Aarhus;andel_trygge;85,0;83,0;87,0;1300;Politiets Tryghedsundersøgelse 2019"
pytestmark = pytest.mark.django_db


def _refused(data: bytes, file_name: str = "fil.csv"):
    """Import the file, expect it refused, and check that nothing changed; returns the errors."""
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        import_file(data, file_name)
    assert snapshot() == before
    return caught.value.plan.errors


def test_the_real_published_file_imports_cleanly(admin_user):
    outcome = import_file(
        REAL_FILE.read_bytes(), REAL_FILE.name, by=admin_user, options=ImportOptions(create_areas=REAL_FILE_AREAS)
    )

    assert outcome.plan.created == 58 and not outcome.plan.errors
    aarhus_2017 = IndexValue.objects.get(year=2017, area__name="Aarhus", measure__code="andel_trygge")
    assert aarhus_2017.value == Decimal("81.3") and aarhus_2017.batch == outcome.batch
    assert Area.objects.get(name="Vollsmose (Odense)").kind == Area.Kind.HOUSING_AREA
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.imported_by, len(batch.sha256)) == (58, admin_user, 64)
    assert IndexValue.history.filter(history_type="+").count() == 58


def test_a_full_row_keeps_interval_respondents_and_source():
    import_file(csv_file(GOOD_ROW), "fil.csv")

    value = IndexValue.objects.get()
    assert (value.value, value.ci_low, value.ci_high, value.respondents) == (
        Decimal("85"),
        Decimal("83"),
        Decimal("87"),
        1300,
    )
    assert value.source == "Politiets Tryghedsundersøgelse 2019"


def test_reimporting_the_same_file_changes_nothing():
    data = REAL_FILE.read_bytes()
    import_file(data, "a.csv", options=ImportOptions(create_areas=REAL_FILE_AREAS))
    before = snapshot()

    outcome = import_file(data, "a.csv")

    assert outcome.batch is None and outcome.plan.unchanged == 58 and not outcome.plan.has_changes
    assert snapshot() == before


def test_a_corrected_file_updates_changed_values_and_keeps_the_old_in_history():
    import_file(csv_file(GOOD_ROW, "2019;Odense;andel_trygge;84,0;;;;"), "a.csv")

    outcome = import_file(csv_file(GOOD_ROW.replace("85,0", "85,4"), "2019;Odense;andel_trygge;84,0;;;;"), "b.csv")

    assert (outcome.plan.created, outcome.plan.updated, outcome.plan.unchanged) == (0, 1, 1)
    changed = next(row for row in outcome.plan.rows if row.status == "changed")
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("værdi", "85", "85,4")]
    value = IndexValue.objects.get(area__name="Aarhus")
    assert value.value == Decimal("85.4")
    assert [h.value for h in value.history.order_by("history_id")] == [Decimal("85"), Decimal("85.4")]


def test_areas_match_by_alias_case_spaces_and_code_without_leading_zero():
    import_file(
        csv_file(
            "2019;  århus kommune ;andel_trygge;85",
            "2019;KØBENHAVNS KOMMUNE;andel_trygge;84",
            "2019;Bornholms Regionskommune;andel_trygge;90",
        ),
        "a.csv",
    )
    by_code = "år;kommunekode;måling;værdi\r\n2019;461;andel_trygge;83\r\n2018;0461;andel_trygge;82\r\n"
    import_file(by_code.encode(), "b.csv")

    names = sorted(IndexValue.objects.values_list("area__name", "year"))
    assert names == [("Aarhus", 2019), ("Bornholm", 2019), ("København", 2019), ("Odense", 2018), ("Odense", 2019)]


def test_municipality_codes_that_a_spreadsheet_turned_into_decimals_match():
    data = "år;kommunekode;måling;værdi\r\n2019;751.0;andel_trygge;85\r\n2019;101,0;andel_trygge;84\r\n"

    import_file(data.encode(), "a.csv")

    assert sorted(IndexValue.objects.values_list("area__name", flat=True)) == ["Aarhus", "København"]
    assert [e.column_label for e in _refused(data.replace("751.0", "751.5").encode())] == ["kommunekode"]


def test_cp1252_with_comma_delimiter_and_decimal_point_imports():
    data = "år,område,måling,værdi\r\n2019,Århus,andel_trygge,85.5\r\n2019,Køge,andel_trygge,88\r\n".encode("cp1252")

    import_file(data, "excel.csv")

    assert IndexValue.objects.get(area__name="Aarhus").value == Decimal("85.5")
    assert IndexValue.objects.filter(area__name="Køge").exists()


def test_xlsx_with_numeric_municipality_codes_imports():
    data = xlsx_file(
        [["År", "Kommunekode", "Måling", "Værdi"], [2019, 751, "andel_trygge", 85.3], [2019, 101, "andel_trygge", 84]]
    )

    import_file(data, "tal.xlsx")

    assert IndexValue.objects.get(area__name="Aarhus").value == Decimal("85.3")
    assert IndexValue.objects.get(area__name="København").value == Decimal("84")


def test_a_new_area_is_never_created_without_a_choice_of_that_name_even_with_its_type_filled():
    header = "år;område;områdetype;måling;værdi"
    data = csv_file(
        "2024;Nyt Boligområde (Aarhus);boligområde;andel_trygge;70",
        "2024;Atlantis;;andel_trygge;71",
        "2024;Aarhus;kommune;andel_trygge;72",
        header=header,
    )
    before = snapshot()

    with pytest.raises(ImportRefused) as caught:
        import_file(data, "a.csv")
    assert snapshot() == before
    errors = caught.value.plan.errors
    assert [(e.line, e.column_label) for e in errors] == [(2, "område"), (3, "område")]
    assert errors[0].message == (
        "»Nyt Boligområde (Aarhus)« er ikke et kendt område, og der oprettes ingen nye "
        "områder, uden at du vælger det. Ret navnet i filen, eller vælg at oprette det som "
        "et nyt område."
    )
    # Each unknown name is offered for creation by itself, with the type the file gives.
    assert [(a.name, a.kind, a.lines) for a in caught.value.plan.unknown_areas] == [
        ("Atlantis", Area.Kind.HOUSING_AREA, [3]),
        ("Nyt Boligområde (Aarhus)", Area.Kind.HOUSING_AREA, [2]),
    ]
    # Choosing one name does not create the other.
    with pytest.raises(ImportRefused):
        import_file(data, "a.csv", options=ImportOptions(create_areas=frozenset({"Nyt Boligområde (Aarhus)"})))
    assert snapshot() == before

    import_file(data, "a.csv", options=ImportOptions(create_areas=frozenset({"nyt boligområde (aarhus)", "Atlantis"})))

    assert Area.objects.get(name="Nyt Boligområde (Aarhus)").kind == Area.Kind.HOUSING_AREA
    assert IndexValue.objects.get(area__name="Atlantis").value == Decimal("71")


def test_an_unknown_area_is_created_when_the_administrator_chooses_it():
    data = csv_file("2024;Atlantis;andel_trygge;70")

    import_file(data, "a.csv", options=ImportOptions(create_areas=frozenset({"atlantis"})))

    assert IndexValue.objects.get(area__name="Atlantis").value == Decimal("70")


@pytest.mark.parametrize(
    ("data", "line", "column", "words"),
    [
        pytest.param(
            "år\tområde\tmåling\tværdi\n2019\tAarhus\tandel_trygge\t85\n".encode(),
            None,
            None,
            "tabulator",
            id="tab delimiter",
        ),
        pytest.param(b"aar;omraade;vaerdi\n2019;Aarhus;85\n", None, None, "måling", id="measure not given"),
        pytest.param(b"aar;maaling;vaerdi\n2019;andel_trygge;85\n", 1, "område", "område", id="missing column"),
        pytest.param(csv_file("2019;Aarhus;andel_trygge;mange"), 2, "værdi", "ikke et tal", id="text in number"),
        pytest.param(csv_file("2019;Atlantis;andel_trygge;85"), 2, "område", "Atlantis", id="unknown area"),
        pytest.param(csv_file("2019;Aarhus;lykke;85"), 2, "måling", "lykke", id="unknown measure"),
        pytest.param(csv_file(GOOD_ROW, GOOD_ROW), 3, None, "linje 2", id="same value twice"),
        pytest.param(csv_file("1999;Aarhus;andel_trygge;85"), 2, "år", "1999", id="year too early"),
        pytest.param(csv_file("2999;Aarhus;andel_trygge;85"), 2, "år", "2999", id="year too late"),
        pytest.param(csv_file("2019;Aarhus;andel_trygge;85;88;82;;"), 2, "nedre", "nedre grænse", id="interval"),
        pytest.param(csv_file("2019;Aarhus;andel_trygge;85;;;-5;"), 2, "respondenter", "-5", id="respondents"),
        pytest.param(csv_file("2019;Aarhus;andel_trygge;100,5"), 2, "værdi", "100,5", id="percent above 100"),
        pytest.param(b"", None, None, "tom", id="empty file"),
        pytest.param(csv_file(), 1, None, "kun overskrifter", id="header only"),
        pytest.param(bytes(range(256)) * 4, None, None, "kunne ikke læses", id="binary garbage"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(data, line, column, words):
    import_file(csv_file("2019;Odense;andel_trygge;84"), "before.csv")

    errors = _refused(data)

    assert len(errors) == 1, errors
    assert (errors[0].line, errors[0].column_label) == (line, column)
    assert words.casefold() in errors[0].message.casefold()


def test_a_file_that_only_pretends_to_be_xlsx_is_refused():
    errors = _refused(csv_file(GOOD_ROW), "tal.xlsx")

    assert "ikke en gyldig Excel-fil" in errors[0].message


def test_one_bad_row_among_many_good_ones_writes_nothing():
    rows = [
        f"{year};{name};andel_trygge;8{year % 10},0"
        for year in range(2013, 2024)
        for name in ("Aarhus", "Odense", "Aalborg", "Esbjerg", "Hele landet")
    ]
    rows[37] = rows[37].replace("andel_trygge", "andel_trykke")

    errors = _refused(csv_file(*rows))

    assert [(e.line, e.column_label) for e in errors] == [(39, "måling")]


def test_export_then_import_is_a_no_op(tmp_path):
    import_file(REAL_FILE.read_bytes(), "a.csv", options=ImportOptions(create_areas=REAL_FILE_AREAS))
    import_file(csv_file('2019;Aarhus;andel_trygge;85,25;83;87,5;1300;=HYPERLINK("x")'), "b.csv")
    path = tmp_path / "eksport.csv"
    call_command("export_tryghedsindeks", str(path), verbosity=0)
    before = snapshot()

    outcome = import_file(path.read_bytes(), "eksport.csv")

    assert outcome.batch is None and outcome.plan.unchanged == 59
    assert snapshot() == before


def test_export_is_sorted_escapes_formulas_and_keeps_numbers_danish(tmp_path):
    import_file(csv_file("2019;Aarhus;andel_trygge;85,25;;;;=1+1", "2018;Odense;andel_trygge;84;;;;"), "a.csv")
    path = tmp_path / "eksport.csv"

    call_command("export_tryghedsindeks", str(path), "--measure", "andel_trygge", verbosity=0)

    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "år;område;områdetype;måling;værdi;nedre;øvre;respondenter;kilde"
    assert lines[1:] == ["2018;Odense;kommune;andel_trygge;84;;;;", "2019;Aarhus;kommune;andel_trygge;85,25;;;;'=1+1"]


def test_export_then_import_is_a_no_op_for_names_and_codes_that_look_like_formulas(tmp_path):
    Measure.objects.create(code="-tryghed", name="Tryghed med bindestreg", unit=Measure.Unit.INDEX)
    header = "år;område;områdetype;måling;værdi"
    import_file(
        csv_file("2019;-Nordvest;boligområde;-tryghed;42", "2019;+Syd;boligområde;andel_trygge;50", header=header),
        "a.csv",
        options=ImportOptions(create_areas=frozenset({"-Nordvest", "+Syd"})),
    )
    path = tmp_path / "eksport.csv"
    call_command("export_tryghedsindeks", str(path), verbosity=0)
    assert "'-Nordvest;boligområde;'-tryghed;42" in path.read_text("utf-8-sig")
    before = snapshot()

    outcome = import_file(path.read_bytes(), "eksport.csv")

    assert outcome.batch is None and outcome.plan.unchanged == 2
    assert snapshot() == before


def test_export_filters_by_year(tmp_path):
    import_file(REAL_FILE.read_bytes(), "a.csv", options=ImportOptions(create_areas=REAL_FILE_AREAS))
    path = tmp_path / "2017.xlsx"

    call_command("export_tryghedsindeks", str(path), "--year", "2017", verbosity=0)

    IndexValue.objects.exclude(year=2017).delete()
    outcome = import_file(path.read_bytes(), "2017.xlsx")
    assert outcome.plan.unchanged == IndexValue.objects.count() == 5 and outcome.batch is None


def test_revert_restores_previous_values_and_removes_added_ones(admin_user):
    import_file(csv_file(GOOD_ROW), "a.csv", by=admin_user)
    second = import_file(csv_file(GOOD_ROW.replace("85,0", "86,0"), "2019;Odense;andel_trygge;84;;;;"), "b.csv")

    revert_import(second.batch, by=admin_user)

    assert list(IndexValue.objects.values_list("area__name", "value")) == [("Aarhus", Decimal("85"))]
    second.batch.refresh_from_db()
    assert second.batch.reverted_by == admin_user and second.batch.reverted_at is not None
    with pytest.raises(RevertError):
        revert_import(second.batch, by=admin_user)


def test_import_and_revert_are_in_the_audit_log_with_who_and_which_file(admin_user):
    outcome = import_file(csv_file(GOOD_ROW), "tal.csv", by=admin_user)
    revert_import(outcome.batch, by=admin_user)

    imported, reverted = AuditEntry.objects.order_by("pk")
    assert (imported.action, imported.actor, imported.subject) == (AuditEntry.Action.IMPORT, admin_user, "tal.csv")
    assert imported.details["batch"] == outcome.batch.pk and imported.details["sha256"] == outcome.batch.sha256
    assert imported.details["created"] == 1
    assert (reverted.action, reverted.actor, reverted.details["values"]) == (
        AuditEntry.Action.IMPORT_REVERTED,
        admin_user,
        1,
    )


def test_revert_is_refused_when_a_later_import_changed_the_same_values(admin_user):
    first = import_file(csv_file(GOOD_ROW), "a.csv")
    import_file(csv_file(GOOD_ROW.replace("85,0", "86,0")), "b.csv")
    before = snapshot()

    with pytest.raises(RevertError, match="ændret siden"):
        revert_import(first.batch, by=admin_user)
    assert snapshot() == before


def test_import_command_prints_counts_and_supports_dry_run(tmp_path, capsys):
    path = tmp_path / "tal.csv"
    path.write_bytes(REAL_FILE.read_bytes())
    create = [f"--create-area={name}" for name in sorted(REAL_FILE_AREAS)]

    call_command("import_tryghedsindeks", str(path), "--dry-run", *create)
    assert IndexValue.objects.count() == 0
    call_command("import_tryghedsindeks", str(path), *create)
    call_command("import_tryghedsindeks", str(path))

    out = capsys.readouterr().out.splitlines()
    assert "58 nye" in out[0] and "intet gemt" in out[0].casefold()
    assert "58 nye, 0 ændrede og 0 uændrede" in out[1]
    assert "0 nye, 0 ændrede og 58 uændrede" in out[2]
    assert IndexValue.objects.count() == 58


def test_import_command_creates_a_new_area_only_when_named_with_create_area(tmp_path, capsys):
    path = tmp_path / "nyt.csv"
    path.write_bytes(
        csv_file(
            "2024;Nyt Boligområde (Aarhus);boligområde;andel_trygge;70",
            "2024;Skovparken (Aarhus);boligområde;andel_trygge;71",
            header="år;område;områdetype;måling;værdi",
        )
    )
    before = snapshot()

    with pytest.raises(CommandError, match="2 fejl"):
        call_command("import_tryghedsindeks", str(path))
    err = capsys.readouterr().err
    assert "»Nyt Boligområde (Aarhus)« er ikke et kendt område" in err
    assert 'Kør igen med --create-area "Nyt Boligområde (Aarhus)" for at oprette området' in err
    assert 'Kør igen med --create-area "Skovparken (Aarhus)" for at oprette området' in err
    with pytest.raises(CommandError, match="1 fejl"):
        call_command("import_tryghedsindeks", str(path), "--create-area", "Nyt Boligområde (Aarhus)")
    assert snapshot() == before
    # A misspelt choice is refused, not quietly ignored.
    with pytest.raises(CommandError, match="»Skovparkken \\(Aarhus\\)«, som ikke er et nyt område i filen"):
        call_command(
            "import_tryghedsindeks",
            str(path),
            "--create-area",
            "Nyt Boligområde (Aarhus)",
            "--create-area",
            "Skovparkken (Aarhus)",
        )
    assert snapshot() == before

    call_command(
        "import_tryghedsindeks",
        str(path),
        "--create-area",
        "Nyt Boligområde (Aarhus)",
        "--create-area",
        "Skovparken (Aarhus)",
    )

    assert set(Area.objects.filter(kind=Area.Kind.HOUSING_AREA).values_list("name", flat=True)) == {
        "Nyt Boligområde (Aarhus)",
        "Skovparken (Aarhus)",
    }
    assert IndexValue.objects.count() == 2


def test_import_command_prints_every_error_and_fails(tmp_path, capsys):
    path = tmp_path / "fejl.csv"
    path.write_bytes(csv_file("2019;Atlantis;andel_trygge;85", "2019;Aarhus;andel_trygge;185"))

    with pytest.raises(CommandError, match="2 fejl"):
        call_command("import_tryghedsindeks", str(path))

    err = capsys.readouterr().err
    assert "Linje 2, kolonne »område«" in err and "Linje 3, kolonne »værdi«" in err
    assert IndexValue.objects.count() == 0


def test_import_command_refuses_an_unknown_column_until_a_flag_decides_it(tmp_path, capsys):
    import_file(csv_file("2019;Aarhus;andel_trygge;84;;;;PT 2019"), "a.csv")
    path = tmp_path / "udgiver.csv"
    path.write_bytes(csv_file("2019;Aarhus;andel_trygge;85;Rigspolitiet", header="år;område;måling;værdi;udgiver"))
    before = snapshot()

    with pytest.raises(CommandError, match="1 fejl"):
        call_command("import_tryghedsindeks", str(path))
    err = capsys.readouterr().err
    assert "Vælg for kolonnen »udgiver«, om den skal læses som en af de kendte kolonner" in err
    assert '--map-column "udgiver=kilde"' in err and '--ignore-column "udgiver"' in err
    # A heading that is not an unknown column of the file is refused rather than taken as a decision.
    with pytest.raises(CommandError, match="ingen ukendt kolonne »udgivr«"):
        call_command("import_tryghedsindeks", str(path), "--ignore-column", "udgivr")
    with pytest.raises(CommandError, match="--map-column"):
        call_command("import_tryghedsindeks", str(path), "--map-column", "udgiver=forlag")
    assert snapshot() == before

    call_command("import_tryghedsindeks", str(path), "--ignore-column", "Udgiver")
    value = IndexValue.objects.get(area__name="Aarhus")
    assert (value.value, value.source) == (Decimal("85"), "PT 2019")

    call_command("import_tryghedsindeks", str(path), "--map-column", "udgiver=kilde")
    assert IndexValue.objects.get(area__name="Aarhus").source == "Rigspolitiet"


def test_the_shipped_example_file_imports():
    example = REAL_FILE.parents[2] / "fixtures" / "tryghedsindeks_eksempel.csv"

    outcome = import_file(
        example.read_bytes(),
        example.name,
        options=ImportOptions(create_areas=frozenset({"Gellerupparken og Toveshøj (Aarhus)"})),
    )

    assert outcome.plan.created == 6
    assert IndexValue.objects.get(area__name="Aalborg", year=2023).value == Decimal("87")
