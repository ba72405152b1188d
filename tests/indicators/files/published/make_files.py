"""Writes the spreadsheet files of the importer tests: with LibreOffice (a real spreadsheet program, Danish
number settings) and with openpyxl (the way Excel stores numbers). The files are committed; the tests never need
LibreOffice. Run again after changing a source:

    .venv/bin/python tests/indicators/files/published/make_files.py [--openpyxl-only]

LibreOffice runs with a Danish locale (LANG=da_DK.UTF-8; generate it once with
`localedef -i da_DK -f UTF-8 da_DK.UTF-8`) and reads each `*.da.csv` source with Danish settings (`;`, language
1030: decimal comma, "85,7 %" is a percentage), saves it as .xlsx and .ods, and saves the .xlsx back as CSV with
the same settings, which gives the xlsx/CSV pair of one sheet.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DANISH_CSV = "CSV:59,34,76,1,,1030"  # separator ;, quote ", UTF-8, from line 1, language Danish


def soffice(source: Path, target_format: str, out: Path, infilter: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", target_format, "--outdir", str(out), str(source)]
        environment = {**os.environ, "LANG": "da_DK.UTF-8", "LC_ALL": "da_DK.UTF-8"}
        subprocess.run(command, check=True, capture_output=True, timeout=120, env=environment)


def libreoffice_files() -> None:
    for source in sorted(HERE.glob("*.da.csv")):
        stem = source.name.removesuffix(".da.csv")
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            copy = work / f"{stem}.csv"
            shutil.copy(source, copy)
            for extension in ("xlsx", "ods"):
                soffice(copy, extension, work, DANISH_CSV)
                shutil.copy(work / f"{stem}.{extension}", HERE / f"{stem}.libreoffice.{extension}")
            back = work / "back"
            back.mkdir()
            soffice(work / f"{stem}.xlsx", f"csv:Text - txt - csv (StarCalc):{DANISH_CSV[4:]}", back)
            shutil.copy(back / f"{stem}.csv", HERE / f"{stem}.libreoffice.csv")


def openpyxl_files() -> None:
    # Percent-formatted cells, as Excel stores them: 0.857 shown as 85,7 %.
    book = Workbook()
    sheet = book.active
    sheet.append(["år", "område", "måling", "værdi", "nedre", "øvre"])
    sheet.append([2023, "Aarhus", "andel_trygge", 0.857, 0.841, 0.873])
    sheet.append([2023, "Odense", "andel_trygge", 0.83, 0.81, 0.85])
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in cells:
            cell.number_format = "0.0%"
    book.save(HERE / "procent.openpyxl.xlsx")

    # Binary float artefacts: cells that show 83,9 and 84,1 but hold the nearest results of a calculation.
    book = Workbook()
    sheet = book.active
    sheet.append(["år", "område", "måling", "værdi", "nedre", "øvre"])
    sheet.append([2023, "Aarhus", "andel_trygge", 8.39 * 10, 0.821 * 100, 85.699999999999991])
    sheet.append([2023, "Odense", "andel_trygge", 84.1 + 1e-14, 82.3, 85.9])
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in cells:
            cell.number_format = "0.0"
    book.save(HERE / "flydetal.openpyxl.xlsx")

    # Measures as columns, one row per area and year.
    book = Workbook()
    sheet = book.active
    sheet.append(["Tryghedsindeks og andel trygge, 2023"])
    sheet.append([])
    sheet.append(["År", "Område", "andel_trygge", "Tryghedsindeks"])
    sheet.append([2023, "Aarhus", 85.7, 101])
    sheet.append([2023, "Østjyllands Politi", 84.9, 100])
    sheet.append([2023, "Landsplan", "n.a.", 100])
    sheet.append(["Kilde: Rigspolitiet"])
    book.save(HERE / "maalinger_som_kolonner.openpyxl.xlsx")


if __name__ == "__main__":
    openpyxl_files()
    if "--openpyxl-only" not in sys.argv:
        libreoffice_files()
