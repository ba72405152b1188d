"""Files as administrators really have them: made with LibreOffice (Danish settings) and openpyxl (as Excel stores
numbers), in tests/indicators/files/published/ (see make_files.py there). Never a silent wrong value, never a
silent loss."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from indicators.cleaning import edit_distance
from indicators.models import Area, IndexValue
from indicators.writing import ImportOptions, ImportRefused, NeedsConfirmation, import_file
from tests.indicators.importfiles import csv_file, snapshot, xlsx_file

FILES = Path(__file__).parent / "files" / "published"
pytestmark = pytest.mark.django_db


def _file(name: str) -> tuple[bytes, str]:
    return (FILES / name).read_bytes(), name


def _stored() -> dict:
    return {
        (v.year, v.area.name, v.measure.code): (v.value, v.ci_low, v.ci_high, v.respondents)
        for v in IndexValue.objects.select_related("area", "measure")
    }


def _plan(name: str, **choices):
    return import_file(*_file(name), dry_run=True, options=ImportOptions(**choices)).plan


# --- percent cells ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "procent.openpyxl.xlsx",
        "procent.libreoffice.xlsx",
        "procent.libreoffice.ods",
        "procent.libreoffice.csv",
        "procent.da.csv",
    ],
)
def test_a_percent_formatted_cell_is_the_percentage_it_shows(name):
    plan = _plan(name)

    assert plan.read_as_percent == 2
    import_file(*_file(name))
    assert _stored()[(2023, "Aarhus", "andel_trygge")][:3] == (Decimal("85.7"), Decimal("84.1"), Decimal("87.3"))


def test_the_preview_says_that_percent_cells_were_read_as_percentages(admin_client):
    admin_client.post(reverse("indicators:import_upload"), {"file": _upload("procent.openpyxl.xlsx")})

    page = admin_client.get(reverse("indicators:import_preview")).content.decode()

    assert "2 værdier var vist som procent i filen og læses som de viste procenter" in page
    assert "<td>85,7</td>" in page


def test_a_percent_sign_on_a_measure_that_is_not_a_percentage_is_refused_with_the_fix():
    with pytest.raises(ImportRefused) as caught:
        import_file(csv_file("2023;Aarhus;tryghedsindeks;85 %"), "a.csv")

    error = caught.value.plan.errors[0]
    assert (error.line, error.column_label) == (2, "værdi")
    assert "Fjern %-tegnet eller gem cellen som tal" in error.message


# --- implausible values -----------------------------------------------------------------------------------------


def test_a_share_below_one_percent_is_flagged_and_needs_confirmation(admin_user):
    data = csv_file("2023;Aarhus;andel_trygge;0,857", "2023;Odense;andel_trygge;83")
    before = snapshot()

    plan = import_file(data, "a.csv", dry_run=True).plan
    assert [row.line for row in plan.flagged] == [2]
    with pytest.raises(NeedsConfirmation):
        import_file(data, "a.csv", by=admin_user)
    assert snapshot() == before

    import_file(data, "a.csv", by=admin_user, options=ImportOptions(confirm_flagged=True))
    assert _stored()[(2023, "Aarhus", "andel_trygge")][0] == Decimal("0.857")


def test_index_points_below_one_and_zero_shares_are_not_flagged():
    plan = import_file(
        csv_file("2023;Aarhus;tryghedsindeks;0,5", "2023;Odense;andel_trygge;0"), "a.csv", dry_run=True
    ).plan
    assert plan.flagged == []


def test_the_preview_asks_to_confirm_flagged_values(admin_client):
    admin_client.post(
        reverse("indicators:import_upload"), {"file": _csv_upload(csv_file("2023;Aarhus;andel_trygge;0,857"))}
    )
    preview = admin_client.get(reverse("indicators:import_preview"))
    page = preview.content.decode()
    assert "en andel under 1 % er sandsynligvis en brøk" in page and 'name="bekraeft"' in page

    refused = admin_client.post(reverse("indicators:import_confirm"), _confirm_data(preview))
    assert "markeret som usandsynlige" in refused.content.decode() and IndexValue.objects.count() == 0

    admin_client.post(reverse("indicators:import_confirm"), {**_confirm_data(preview), "bekraeft": "1"})
    assert IndexValue.objects.count() == 1


# --- float artefacts and xlsx/CSV pairs -------------------------------------------------------------------------


def test_excel_float_artefacts_are_the_decimals_the_cell_shows():
    import_file(*_file("flydetal.openpyxl.xlsx"))

    stored = _stored()
    assert stored[(2023, "Aarhus", "andel_trygge")][:3] == (Decimal("83.9"), Decimal("82.1"), Decimal("85.7"))
    assert stored[(2023, "Odense", "andel_trygge")][0] == Decimal("84.1")


def test_a_true_fourth_decimal_is_still_refused():
    with pytest.raises(ImportRefused) as caught:
        import_file(
            xlsx_file([["år", "område", "måling", "værdi"], [2023, "Aarhus", "andel_trygge", 83.9001]]), "a.xlsx"
        )
    assert "Afrund til højst 3 decimaler" in caught.value.plan.errors[0].message
    # The number as Danish Excel shows it, with a decimal comma (issue 25: "84.1234" with a point).
    assert "»83,9001«" in caught.value.plan.errors[0].message


@pytest.mark.parametrize(
    "stem", ["procent", "aar_som_kolonner", "aar_enkel_overskrift", "lang_to_overskrifter", "nye_kolonner"]
)
def test_xlsx_ods_and_csv_of_the_same_sheet_import_identically(stem):
    results = {}
    for extension in ("xlsx", "ods", "csv"):
        # The unknown column "bemærkning" (the eighth) is explicitly ignored.
        column_map = {7: ""} if stem == "nye_kolonner" else {}
        plan = _plan(f"{stem}.libreoffice.{extension}", measure="andel_trygge", column_map=column_map)
        assert not plan.errors, (extension, plan.errors)
        results[extension] = [(r.line, r.year, r.area.name, r.measure.code, r.values) for r in plan.rows]
    assert results["xlsx"] == results["ods"] == results["csv"]
    assert results["csv"]


# --- layouts ----------------------------------------------------------------------------------------------------


def test_years_as_columns_with_title_two_row_header_footnotes_and_missing_cells():
    plan = _plan("aar_som_kolonner.libreoffice.xlsx", measure="andel_trygge")

    assert plan.table.layout == "years"
    assert [line for line, _text in plan.table.skipped] == [1, 9, 10]
    assert len(plan.table.missing) == 2  # "-" and "ikke opgjort"
    assert [
        (r.line, r.year, r.area.name, r.values["value"], r.values["ci_low"], r.values["ci_high"]) for r in plan.rows
    ] == [
        (5, 2019, "Aarhus", Decimal("85"), Decimal("83"), Decimal("87")),
        (5, 2023, "Aarhus", Decimal("86.1"), Decimal("84.2"), Decimal("88")),
        (6, 2019, "København", Decimal("80.1"), Decimal("78.9"), Decimal("81.3")),
        (7, 2023, "Odense", Decimal("83.4"), Decimal("81"), Decimal("85.8")),
    ]


def test_a_file_without_a_measure_asks_for_it():
    with pytest.raises(ImportRefused) as caught:
        _plan("aar_enkel_overskrift.libreoffice.ods")

    plan = caught.value.plan
    assert plan.table.needs_measure and not plan.rows
    assert "Vælg målingen ovenfor" in plan.errors[0].message


def test_a_file_without_a_year_asks_for_it():
    data = csv_file("Aarhus;andel_trygge;85", header="Kommune;måling;værdi")

    with pytest.raises(ImportRefused) as caught:
        import_file(data, "a.csv")
    assert "Vælg året ovenfor" in caught.value.plan.errors[0].message

    import_file(data, "a.csv", options=ImportOptions(year=2023))
    assert _stored()[(2023, "Aarhus", "andel_trygge")][0] == Decimal("85")


def test_years_as_columns_with_country_names_as_published():
    import_file(*_file("aar_enkel_overskrift.libreoffice.xlsx"), options=ImportOptions(measure="andel_trygge"))

    stored = _stored()
    assert stored[(2021, "Aarhus", "andel_trygge")][0] == Decimal("86.2")
    assert stored[(2023, "Hele landet", "andel_trygge")][0] == Decimal("85.2")
    assert (2021, "København", "andel_trygge") not in stored and (2022, "Aarhus", "andel_trygge") not in stored


def test_measures_as_columns_with_police_district_and_country_as_the_police_write_them():
    plan = _plan("maalinger_som_kolonner.openpyxl.xlsx")

    assert plan.table.layout == "measures"
    assert [line for line, _text in plan.table.skipped] == [1, 7]
    assert len(plan.table.missing) == 1
    assert sorted((r.area.name, r.measure.code, r.values["value"]) for r in plan.rows) == [
        ("Aarhus", "andel_trygge", Decimal("85.7")),
        ("Aarhus", "tryghedsindeks", Decimal("101")),
        ("Hele landet", "tryghedsindeks", Decimal("100")),
        ("Østjyllands Politikreds", "andel_trygge", Decimal("84.9")),
        ("Østjyllands Politikreds", "tryghedsindeks", Decimal("100")),
    ]


def test_a_two_row_header_with_a_confidence_interval_group_and_header_synonyms():
    import_file(*_file("lang_to_overskrifter.libreoffice.xlsx"))

    assert _stored()[(2023, "Aarhus", "andel_trygge")] == (Decimal("86.1"), Decimal("84.2"), Decimal("88"), 1013)


def test_the_chosen_layout_must_match_the_header():
    with pytest.raises(ImportRefused) as caught:
        import_file(*_file("procent.da.csv"), options=ImportOptions(layout="years"))
    assert "ingen overskrift er et årstal" in caught.value.plan.errors[0].message


# --- unknown and missing columns against stored values ----------------------------------------------------------

UNKNOWN_COLUMN_MESSAGE = "Vælg for kolonnen »bemærkning«, om den skal læses som en af de kendte kolonner (år, område,"


def test_an_unknown_column_refuses_the_file_until_it_is_mapped_or_ignored():
    before = snapshot()

    for dry_run in (True, False):
        with pytest.raises(ImportRefused) as caught:
            import_file(*_file("nye_kolonner.libreoffice.xlsx"), dry_run=dry_run)
        assert [column.heading for column in caught.value.plan.table.unknown] == ["bemærkning"]
        [error] = caught.value.plan.errors
        assert error.column_label == "bemærkning"
        assert error.message.startswith(UNKNOWN_COLUMN_MESSAGE) and "eller ignoreres." in error.message
    assert snapshot() == before

    plan = _plan("nye_kolonner.libreoffice.xlsx", column_map={7: ""})

    assert plan.table.unknown == [] and [c.heading for c in plan.table.chosen] == ["bemærkning"]
    assert plan.rows[0].values == {
        "value": Decimal("85"),
        "ci_low": Decimal("83"),
        "ci_high": Decimal("87"),
        "respondents": 1300,
    }


def test_an_unknown_column_can_be_mapped_to_a_known_one():
    data = csv_file("2019;Aarhus;andel_trygge;85;Rigspolitiet", header="år;område;måling;værdi;udgiver")

    import_file(data, "a.csv", options=ImportOptions(column_map={4: "kilde"}))

    assert IndexValue.objects.get(area__name="Aarhus").source == "Rigspolitiet"


def test_absent_columns_leave_stored_values_and_present_empty_cells_clear_them(admin_user):
    import_file(
        csv_file(
            "2019;Aarhus;andel_trygge;85,0;83,0;87,0;1300;Politiets Tryghedsundersøgelse 2019",
            "2019;Odense;andel_trygge;84,0;82,0;86,0;900;Politiets Tryghedsundersøgelse 2019",
        ),
        "a.csv",
    )

    # No interval, respondents or source columns: only the value changes.
    outcome = import_file(csv_file("2019;Aarhus;andel_trygge;85,5"), "b.csv", by=admin_user)
    assert outcome.plan.cleared == []
    aarhus = IndexValue.objects.get(area__name="Aarhus")
    assert (aarhus.value, aarhus.ci_low, aarhus.respondents, aarhus.source) == (
        Decimal("85.5"),
        Decimal("83"),
        1300,
        "Politiets Tryghedsundersøgelse 2019",
    )

    # Present, empty cells clear, and the plan lists every value cleared.
    plan = import_file(csv_file("2019;Odense;andel_trygge;84,0;;;;"), "c.csv", dry_run=True).plan
    assert [(row.line, change.label, change.old) for row, change in plan.cleared] == [
        (2, "nedre", "82"),
        (2, "øvre", "86"),
        (2, "respondenter", "900"),
        (2, "kilde", "Politiets Tryghedsundersøgelse 2019"),
    ]


def test_the_preview_lists_values_to_be_cleared_and_shows_interval_respondents_and_source(admin_client):
    import_file(csv_file("2019;Odense;andel_trygge;84,0;82,0;86,0;900;Politiets Tryghedsundersøgelse 2019"), "a.csv")
    admin_client.post(
        reverse("indicators:import_upload"),
        {
            "file": _csv_upload(
                csv_file(
                    "2019;Odense;andel_trygge;84,5;82,5;86,5;;", "2023;Aarhus;andel_trygge;86,1;84,2;88;1013;PT 2023"
                )
            )
        },
    )

    page = admin_client.get(reverse("indicators:import_preview")).content.decode()

    assert "Disse gemte værdier bliver slettet" in page
    assert "Linje 2: 2019, Odense, andel_trygge: respondenter 900" in page
    assert "<td>2023</td>" in page and "2.023" not in page
    assert "<td>84,2–88</td><td>1013</td><td>PT 2023</td>" in page


# --- areas ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "near"),
    [
        ("Aarhuus", "Aarhus"),
        ("Arhus", "Aarhus"),
        ("Kobenhavn", "København"),
        ("Aalborgg", "Aalborg"),
        ("Østjylands Politi", "Østjyllands Politikreds"),
    ],
)
def test_a_near_miss_area_name_is_an_error_with_did_you_mean(name, near):
    header = "år;område;områdetype;måling;værdi"
    with pytest.raises(ImportRefused) as caught:
        import_file(csv_file(f"2023;{name};boligområde;andel_trygge;85", header=header), "a.csv")

    assert f"Mente du »{near}«?" in caught.value.plan.errors[0].message
    assert not Area.objects.filter(name=name).exists()


def test_a_near_miss_becomes_a_new_area_only_by_an_explicit_choice_of_that_name():
    data = csv_file("2023;Aarhuus;andel_trygge;85")

    import_file(data, "a.csv", options=ImportOptions(create_areas=frozenset({"Aarhuus"})))

    assert Area.objects.get(name="Aarhuus").kind == Area.Kind.HOUSING_AREA


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


@given(st.text("abø", max_size=9), st.text("abø", max_size=9), st.integers(1, 3))
def test_the_banded_edit_distance_agrees_with_the_full_one_within_the_limit(a, b, limit):
    full = _levenshtein(a, b)

    assert edit_distance(a, b, limit) == (full if full <= limit else limit + 1)


def test_a_cell_repeated_on_many_rows_is_reported_on_each_and_a_new_area_keeps_every_line():
    bad = csv_file(
        "2023;Aarhus;andel_trygge;tres",
        "2023;Odense;andel_trygge;tres",
        "2023;Atlantis;andel_trygge;80",
        "2024;Atlantis;andel_trygge;81",
    )
    with pytest.raises(ImportRefused) as caught:
        import_file(bad, "a.csv")
    assert [(e.line, e.column_label) for e in caught.value.plan.errors] == [
        (2, "værdi"),
        (3, "værdi"),
        (4, "område"),
        (5, "område"),
    ]
    assert [(a.name, a.lines) for a in caught.value.plan.unknown_areas] == [("Atlantis", [4, 5])]

    plan = import_file(
        bad.replace(b"tres", b"60"), "a.csv", dry_run=True, options=ImportOptions(create_areas=frozenset({"Atlantis"}))
    ).plan
    assert [(a.name, a.lines) for a in plan.new_areas] == [("Atlantis", [4, 5])]
    assert [row.values["value"] for row in plan.rows] == [60, 60, 80, 81]


def test_the_police_names_and_the_country_as_published_are_known():
    for name in ("Østjyllands Politi", "Landsplan", "Hele Danmark", "Københavns Politi"):
        import_file(csv_file(f"2023;{name};andel_trygge;85"), "a.csv")
    assert set(IndexValue.objects.values_list("area__name", flat=True)) == {
        "Østjyllands Politikreds",
        "Hele landet",
        "Københavns Politikreds",
    }


# --- the "1.013" rule -------------------------------------------------------------------------------------------


def test_a_point_is_a_thousands_separator_in_respondents_and_in_a_value_column_with_decimal_commas():
    header = "år;område;måling;værdi;nedre;øvre;respondenter"
    plan = import_file(
        csv_file(
            "2023;Aarhus;tryghedsindeks;1.013;1.000;1.020,5;1.013",
            "2023;Odense;tryghedsindeks;99,5;98;101;987",
            header=header,
        ),
        "a.csv",
        dry_run=True,
    ).plan

    first = plan.rows[0].values
    assert (first["value"], first["ci_low"], first["ci_high"], first["respondents"]) == (
        Decimal("1013"),
        Decimal("1000"),
        Decimal("1020.5"),
        1013,
    )


def test_a_point_is_a_decimal_point_in_a_value_column_without_decimal_commas():
    plan = import_file(
        csv_file("2023;Aarhus;tryghedsindeks;1.013", "2023;Odense;tryghedsindeks;99.5"), "a.csv", dry_run=True
    ).plan
    assert plan.rows[0].values["value"] == Decimal("1.013")


def test_a_decimal_point_in_a_decimal_comma_column_is_refused_with_the_fix():
    with pytest.raises(ImportRefused) as caught:
        import_file(csv_file("2023;Aarhus;andel_trygge;85.25", "2023;Odense;andel_trygge;84,5"), "a.csv")
    assert "Skriv 85,25" in caught.value.plan.errors[0].message


# --- messages, revert and export ---------------------------------------------------------------------------------


def test_a_year_formatted_as_a_date_in_excel_says_how_to_fix_it():
    import datetime as dt

    with pytest.raises(ImportRefused) as caught:
        import_file(
            xlsx_file([["år", "område", "måling", "værdi"], [dt.datetime(1905, 7, 15), "Aarhus", "andel_trygge", 85]]),
            "a.xlsx",
        )
    error = caught.value.plan.errors[0]
    assert (error.line, error.column_label) == (2, "år")
    assert "Året er formateret som dato i regnearket" in error.message and "formatér kolonnen som tal" in error.message


def test_revert_asks_for_confirmation_and_says_what_it_will_restore(admin_client, admin_user):
    import_file(csv_file("2019;Aarhus;andel_trygge;85"), "a.csv", by=admin_user)
    batch = import_file(
        csv_file("2019;Aarhus;andel_trygge;86", "2019;Odense;andel_trygge;84"), "b.csv", by=admin_user
    ).batch

    log = admin_client.get(reverse("indicators:import_log")).content.decode()
    assert reverse("indicators:import_revert_confirm", args=[batch.pk]) in log
    page = admin_client.get(reverse("indicators:import_revert_confirm", args=[batch.pk])).content.decode()

    assert "fjerner de 1 værdier, importen tilføjede, og genskaber de tidligere tal for de 1 værdier" in page
    assert IndexValue.objects.get(area__name="Aarhus").value == Decimal("86")
    admin_client.post(reverse("indicators:import_revert", args=[batch.pk]))
    assert list(IndexValue.objects.values_list("area__name", "value")) == [("Aarhus", Decimal("85"))]


def test_the_xlsx_export_names_its_sheet_in_danish(tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    import_file(csv_file("2019;Aarhus;andel_trygge;85"), "a.csv")
    path = tmp_path / "eksport.xlsx"
    call_command("export_tryghedsindeks", str(path), verbosity=0)

    assert load_workbook(path).sheetnames == ["Tryghedsindeks"]


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def _csv_upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fil.csv", data, content_type="text/csv")


def _confirm_data(preview) -> dict:
    context = preview.context
    return {"sha256": context["sha256"], "plan": context["plan_fingerprint"]}


def test_the_command_lists_flagged_and_cleared_values_and_imports_flagged_ones_only_when_confirmed(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    import_file(csv_file("2019;Odense;andel_trygge;84;82;86"), "a.csv")
    path = tmp_path / "fil.csv"
    path.write_bytes(csv_file("2019;Odense;andel_trygge;84;;", "2019;Aarhus;andel_trygge;0,857;;"))

    with pytest.raises(CommandError, match="--confirm-flagged"):
        call_command("import_tryghedsindeks", str(path))
    assert "Linje 3: 0,857 ligner en brøk" in capsys.readouterr().err

    call_command("import_tryghedsindeks", str(path), "--confirm-flagged")
    assert "Linje 2: nedre 82 bliver slettet." in capsys.readouterr().out
    assert _stored()[(2019, "Aarhus", "andel_trygge")][0] == Decimal("0.857")


def test_the_revert_confirmation_page_costs_the_same_queries_for_a_small_and_a_large_import(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(rows):
        batch = import_file(csv_file(*rows), f"{len(rows)}.csv").batch
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("indicators:import_revert_confirm", args=[batch.pk])).status_code == 200
        return len(captured)

    small = queries_for(["2019;Aarhus;andel_trygge;85"])
    large = queries_for(
        [
            f"{year};{name};andel_trygge;8{year % 10}"
            for year in range(2005, 2025)
            for name in ("Aarhus", "Odense", "Aalborg", "Esbjerg", "København")
        ]
    )
    assert small == large


def test_the_preview_offers_create_anyway_for_a_near_miss_and_the_choice_can_be_undone(admin_client):
    admin_client.post(
        reverse("indicators:import_upload"), {"file": _csv_upload(csv_file("2023;Aarhuus;andel_trygge;85"))}
    )

    page = admin_client.get(reverse("indicators:import_preview")).content.decode()
    assert "Mente du »Aarhus«?" in page and "Opret alligevel »Aarhuus«" in page

    chosen = admin_client.get(reverse("indicators:import_preview"), {"opret": "Aarhuus"}).content.decode()
    assert "Disse områder bliver oprettet" in chosen and 'value="Aarhuus" id="opret-1" checked' in chosen
    undone = admin_client.get(reverse("indicators:import_preview")).content.decode()
    assert "Mente du »Aarhus«?" in undone


def test_police_district_and_response_rate_headings_as_the_police_publish_them(admin_client):
    """ "Politikreds" names the area; "Svarprocent" is recognised, not stored (respondents are), and said so."""
    data = csv_file(
        "2023;Østjyllands Politi;andel_trygge;84,9;41,2;2.310",
        header="År;Politikreds;Måling;Andel;Svarprocent;Antal respondenter",
    )

    plan = import_file(data, "politi.csv", dry_run=True).plan

    assert not plan.errors and [c.heading for c in plan.table.not_stored] == ["Svarprocent"]
    import_file(data, "politi.csv")
    assert _stored()[(2023, "Østjyllands Politikreds", "andel_trygge")] == (Decimal("84.9"), None, None, 2310)
    page = admin_client.post(
        reverse("indicators:import_upload"), {"file": SimpleUploadedFile("politi.csv", data)}, follow=True
    ).content.decode()
    assert "Kolonnen »Svarprocent« springes over: svarprocenten gemmes ikke; antallet af respondenter gør." in " ".join(
        page.split()
    )
