"""The follow-up completeness figure in the initiative list (issue 14): a column, sortable and filterable, the same
figure the initiative page shows, in a constant number of queries."""

import csv
import datetime
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.followup.factories import days, in_force, quantitative, record
from tests.initiatives.factories import InitiativeVersionFactory


def _reported_on_time(version):
    """Both quarterly due dates of the quantitative goal (−109 and −18 days) reported in their periods."""
    goal = quantitative(version)
    record(goal, days(-150), 115, recorded_at=timezone.now() - datetime.timedelta(days=150))
    record(goal, days(-50), 112, recorded_at=timezone.now() - datetime.timedelta(days=50))


def _world(author):
    well = in_force(author, title="Godt fulgt", start=-200)
    _reported_on_time(well)
    badly = in_force(author, title="Dårligt fulgt", start=-200)
    draft = InitiativeVersionFactory(author=author, title="Et udkast")
    return well, badly, draft


def _column(client, **params) -> list[tuple[str, str]]:
    """(title, figure) for each row of the list as shown."""
    html = client.get(reverse("initiatives:list"), params).text
    rows = html.split('data-testid="initiative-table"')[1].split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    return [
        (
            re.search(r'<a href="[^"]*">([^<]*)</a>', row).group(1),
            re.search(r'data-testid="list-figure">([^<]*)</td>', row).group(1),
        )
        for row in rows
    ]


def test_the_list_shows_the_completeness_the_initiative_page_shows(client, author):
    well, badly, _draft = _world(author)
    client.force_login(author)
    shown = dict(_column(client))
    assert shown == {"Godt fulgt": "67 %", "Dårligt fulgt": "0 %", "Et udkast": "–"}
    assert "Opfølgningens fuldstændighed" in client.get(reverse("initiatives:list")).text
    for version in (well, badly):
        page = client.get(version.get_absolute_url()).text
        assert f"Fuldstændighed: {shown[version.title]} (" in page


def test_the_list_sorts_on_completeness_with_initiatives_without_a_figure_last(client, author):
    _world(author)
    client.force_login(author)
    assert [title for title, _ in _column(client, sort="fuldstaendighed")] == [
        "Dårligt fulgt",
        "Godt fulgt",
        "Et udkast",
    ]
    assert [title for title, _ in _column(client, sort="-fuldstaendighed")] == [
        "Godt fulgt",
        "Dårligt fulgt",
        "Et udkast",
    ]


def test_the_list_filters_on_completeness_under_a_share(client, author):
    _world(author)
    client.force_login(author)
    assert _column(client, completeness_below="50") == [("Dårligt fulgt", "0 %")]
    assert sorted(_column(client, completeness_below="75")) == [("Dårligt fulgt", "0 %"), ("Godt fulgt", "67 %")]
    page = client.get(reverse("initiatives:list")).text
    assert "under 50 %" in page
    # A value not offered is reported on the field and ignored, like the list's other filters.
    assert len(_column(client, completeness_below="7x", sort="fuldstaendighed")) == 3
    # The exports take the same filter.
    response = client.get(reverse("initiatives:export", args=["csv"]), {"completeness_below": "50"})
    csv = b"".join(response.streaming_content).decode()
    assert "Dårligt fulgt" in csv and "Godt fulgt" not in csv


def _list_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("initiatives:list"), params).status_code == 200
    return len(captured)


def test_the_figure_costs_the_same_queries_for_few_and_many_initiatives(client, author):
    client.force_login(author)
    _world(author)
    params = [{}, {"sort": "fuldstaendighed"}, {"completeness_below": "75"}]
    few = [_list_queries(client, p) for p in params]
    for n in range(8):
        version = in_force(author, title=f"Initiativ {n}", start=-200 - n)
        if n % 2:
            _reported_on_time(version)
    assert [_list_queries(client, p) for p in params] == few


def test_the_exports_end_with_the_completeness_as_a_number(client, author):
    _world(author)
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["csv"]), {"sort": "-fuldstaendighed"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Opfølgningens fuldstændighed (%)"
    assert [(row[1], row[-1]) for row in rows[1:]] == [("Godt fulgt", "67"), ("Dårligt fulgt", "0"), ("Et udkast", "")]
    response = client.get(reverse("initiatives:export", args=["xlsx"]), {"sort": "-fuldstaendighed"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [67, 0, None]


def test_the_list_computes_the_figure_for_every_initiative_only_when_it_sorts_or_filters_on_it(
    client, author, monkeypatch
):
    """The list's cost must not grow with the number of initiatives: a page computes its own rows' figures."""
    from dataclasses import replace

    from initiatives import sections

    _world(author)
    for number in range(30):
        in_force(author, title=f"Flere {number:02}", start=-200)
    asked = []
    spied = [
        replace(figure, shares=lambda ids, shares=figure.shares: asked.append(ids) or shares(ids))
        for figure in sections._list_figures
    ]
    monkeypatch.setattr(sections, "_list_figures", spied)
    client.force_login(author)

    first_page = dict(_column(client))
    assert len(first_page) == 25 and asked and all(ids is not None and len(ids) == 25 for ids in asked)
    assert first_page["Flere 29"] == "0 %"  # the newest first, each with its own figure

    asked.clear()
    assert _column(client, sort="-fuldstaendighed")[0] == ("Godt fulgt", "67 %")
    assert asked == [None]  # sorting needs every initiative's figure
