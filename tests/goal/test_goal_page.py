"""The goal page answers, year by year, whether Aarhus is at or above the big cities, and what serves each sub-goal."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.indicators.factories import values


@pytest.fixture
def page(client, author):
    def get(**params):
        client.force_login(author)
        return client.get(reverse("goal"), params)

    return get


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_headline_names_the_latest_aarhus_year_and_why(page, published_values):
    response = page()
    assert response.status_code == 200
    headline = re.search(r'<h2 id="headline"[^>]*>(.*?)</h2>', response.content.decode(), re.S).group(1)
    # Only Odense has a value in 2021: the headline says the year is partly assessed before anything else.
    assert headline.strip() == "Delvist opgjort for 2021"
    text = _text(response)
    summary = "Aarhus ligger på niveau med eller bedre end Odense; København, Aalborg og Esbjerg mangler tal."
    assert summary in text
    # Which city, how much, by which method.
    reason = (
        "Aarhus (86,0) ligger bedre end Odense (84,3; forskel +1,7 procentpoint), "
        "vurderet med tolerance på 1,0, uden statistisk usikkerhed."
    )
    assert reason in text
    assert "sammenligningsbyer med en værdi: 1/4" in text


def test_headline_when_not_met_names_the_city_and_the_difference(page, full_year):
    text = _text(page())
    assert "Målet er ikke nået i 2022" in text
    assert (
        "Aarhus ligger lavere end Aalborg (86,3 mod 87,4; forskel −1,1 procentpoint, "
        "vurderet med tolerance på 1,0, uden statistisk usikkerhed)."
    ) in text


def test_chart_is_server_rendered_svg_with_name_description_and_gap(page, published_values):
    html = page().content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="goal-chart-title goal-chart-desc"' in svg
    assert '<title id="goal-chart-title">Andel trygge i nabolaget, Aarhus sammenlignet med de store byer' in svg
    assert "Der blev ikke gennemført nogen tryghedsundersøgelse i 2020." in svg  # the description
    assert 'data-year="2020"' in svg  # the gap band
    assert 'class="series series-emphasised" data-series="Aarhus"' in svg
    for name in ("Odense", "Aalborg", "Hele landet"):
        assert f'data-series="{name}"' in svg
    assert "Hul i 2020: Der blev ikke gennemført nogen tryghedsundersøgelse i 2020." in _text_of(html)
    # No script but the vendored Bootstrap bundle; nothing from another host.
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html) == ["/static/vendor/bootstrap/bootstrap.bundle.min.js"]
    # Nothing is loaded from elsewhere; the one link out is the accessibility statement, published at the agency's.
    links = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert all(url.startswith("/") or url == settings.ACCESSIBILITY_STATEMENT_URL for url in links)


def _text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_tables_show_every_year_values_verdicts_methods_and_goal(page, published_values):
    html = page().content.decode()
    chart_table = re.search(r'data-testid="chart-table".*?</table>', html, re.S).group(0)
    assert re.findall(r'<th scope="row">(\d+)', chart_table) == [str(y) for y in range(2014, 2024)]
    row_2021 = _text_of(re.search(r'<th scope="row">2021.*?</tr>', chart_table, re.S).group(0))
    # 2021 is marked as a series break (the survey moved to the Ministry of Justice), with its explanation.
    assert row_2021.startswith(" 2021 databrud : Undersøgelsen flyttede fra Rigspolitiet til Justitsministeriet")
    assert row_2021.split("metode.")[1].split() == ["86,0", "–", "84,3", "–", "–", "88,1"]
    comparison = re.search(r'data-testid="comparison-table".*?</table>', html, re.S).group(0)
    row_2021 = _text_of(re.search(r'<th scope="row">2021.*?</tr>', comparison, re.S).group(0))
    assert "84,3 forskel +1,7 bedre (tolerance, uden statistisk usikkerhed)" in row_2021
    assert "delvis ingen værdi for København, Aalborg, Esbjerg 1/4" in row_2021
    row_2020 = _text_of(re.search(r'<th scope="row">2020.*?</tr>', comparison, re.S).group(0))
    assert "Der blev ikke gennemført nogen tryghedsundersøgelse i 2020." in row_2020
    assert 'class="partial-year"' in comparison


def test_the_chart_band_says_no_survey_only_for_a_year_without_survey(page, published_values):
    # 2013 had a survey (the housing areas have values), but none of the areas shown has one.
    values("andel_trygge", {"Randers": {2013: "88"}})
    svg = re.search(r"<svg.*?</svg>", page().content.decode(), re.S).group(0)
    bands = dict(re.findall(r'class="no-data-year" data-year="(\d+)">.*?<text[^>]*>([^<]+)</text>', svg))
    assert bands == {"2013": "ingen tal", "2020": "ingen måling"}


def test_a_year_not_assessed_says_why_in_words(page, published_values):
    html = page().content.decode()
    comparison = re.search(r'data-testid="comparison-table".*?</table>', html, re.S).group(0)
    # 2016: Aarhus has a value but no comparison city has one, so there is nothing to compare with.
    row_2016 = _text_of(re.search(r'<th scope="row">2016.*?</tr>', comparison, re.S).group(0))
    assert row_2016.endswith("ikke opgjort Ingen af sammenligningsbyerne har en måling i 2016. 0/4 ")
    row_2014 = _text_of(re.search(r'<th scope="row">2014.*?</tr>', comparison, re.S).group(0))
    assert row_2014.endswith("ikke opgjort Der er ingen måling for Aarhus i 2014. 2/4 ")
    assert "og »ikke opgjort«, når Aarhus ingen værdi har, eller ingen sammenligningsby har en" in _text(page())


def test_a_line_broken_by_missing_values_is_explained_in_words(page, published_values):
    html = page().content.decode()
    sentence = "Linjen for Aarhus er brudt, hvor området ikke har en værdi: 2018, 2019."
    figcaption = _text_of(re.search(r"<figcaption.*?</figcaption>", html, re.S).group(0))
    assert sentence in figcaption
    assert sentence in re.search(r"<desc .*?</desc>", html, re.S).group(0)
    # 2020 is no gap of a single line: no survey was made, and the band says so.
    assert "2018, 2019, 2020" not in figcaption


def test_measure_selector_switches_the_whole_view(page, published_values):
    values("andel_utrygge", {"Aarhus": {2022: "10.0"}, "Odense": {2022: "12.0"}})
    html = page().content.decode()
    assert '<select id="measure-select" name="maaling"' in html and '<label for="measure-select"' in html
    select = re.search(r'<select id="measure-select".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["andel_trygge", "andel_utrygge"]  # measures with data
    switched = page(maaling="andel_utrygge")
    text = _text(switched)
    assert "Delvist opgjort for 2022" in text and "For Andel utrygge i nabolaget er lavere bedre." in text
    assert "Selve det overordnede mål følges på Andel trygge i nabolaget." in text
    assert '<option value="andel_utrygge" selected>' in switched.content.decode()
    assert 'href="/tryghedsindeks/maal.csv?maaling=andel_utrygge"' in switched.content.decode()


def test_unknown_measure_is_a_clear_danish_404(page, published_values):
    response = page(maaling="<script>")
    assert response.status_code == 404
    text = _text(response)
    assert "Der findes ingen måling med koden »&lt;script&gt;«. Vælg en af målingerne på listen." in text
    assert '<select id="measure-select"' in response.content.decode()


def test_measure_without_values_says_so(page, db):
    response = page()
    assert response.status_code == 200
    assert "Endnu ingen værdi for Aarhus på Andel trygge i nabolaget" in _text(response)


def test_each_sub_goal_says_when_no_approved_initiative_contributes(page, published_values):
    html = page().content.decode()
    for number in (1, 2, 3):
        section = re.search(rf'data-testid="sub-goal-{number}".*?</section>', html, re.S).group(0)
        text = _text_of(section)
        assert "Godkendte initiativer: 0" in text
        assert "Ingen godkendte initiativer bidrager endnu til dette delmål." in text


def test_coverage_flags_a_lagging_sub_goal_without_initiatives(page, published_values):
    values("andel_utrygge", {"Aarhus": {2022: "15.0"}, "Odense": {2022: "10.0"}})  # more feel unsafe in Aarhus
    html = page().content.decode()
    section = _text_of(re.search(r'data-testid="sub-goal-2".*?</section>', html, re.S).group(0))
    assert "Andel utrygge i nabolaget 2022: halter bagefter" in section
    assert "Aarhus halter bagefter på dette delmål, og intet godkendt initiativ er rettet mod det." in section
    assert 'data-testid="uncovered-lag"' not in re.search(r'data-testid="sub-goal-1".*?</section>', html, re.S).group(0)


def test_nav_link_to_the_goal(page, db):
    html = page().content.decode()
    assert '<a class="nav-link" href="/tryghedsindeks/" aria-current="page">Målet</a>' in html


def test_outsider_gets_no_goal_link(client, outsider):
    client.force_login(outsider)
    assert "/tryghedsindeks/" not in client.get(reverse("home")).content.decode()


def test_page_without_goal_definition_explains_it(page, db):
    from indicators.models import GoalDefinition

    GoalDefinition.objects.all().delete()
    response = page()
    assert response.status_code == 404
    assert "Det overordnede mål er ikke defineret." in _text(response)


def test_approved_initiatives_are_counted_under_their_sub_goals_with_a_link_and_drafts_are_not(
    page, published_values, author, police_member, municipal_member
):
    """Each sub-goal counts the initiatives in force whose approved version contributes to it, and links to the list."""
    from indicators.models import SubGoal
    from initiatives import workflow
    from tests.initiatives.factories import InitiativeVersionFactory

    approved = InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst", sub_goals=[1, 3])
    workflow.submit(approved, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            approved,
            by=member,
            outcome="godkend",
            justification="Ja",
            contributes_to_goal=True,
            sub_goals=SubGoal.objects.filter(number=1),
            send_mail=False,
        )
    InitiativeVersionFactory(author=author, title="Kladde om utryghed", sub_goals=[2, 3])
    html = page().content.decode()
    for number in (1, 3):
        section = re.search(rf'data-testid="sub-goal-{number}".*?</section>', html, re.S).group(0)
        assert "Godkendte initiativer: 1" in _text_of(section)
        pk = SubGoal.objects.get(number=number).pk
        assert f'href="/initiativer/?sub_goal={pk}&amp;in_force=ja"' in section
        # Counted, not listed: the page does not grow with the number of initiatives.
        assert "Nabohjælp i Tilst" not in section and "Kladde om utryghed" not in section
    assert "Ingen godkendte initiativer bidrager endnu" in _text_of(
        re.search(r'data-testid="sub-goal-2".*?</section>', html, re.S).group(0)
    )


def test_the_sub_goal_link_lists_the_initiatives_it_counts_even_with_a_new_version_under_way(
    page, client, published_values, author, police_member, municipal_member
):
    """The approved version's sub-goals apply while a new version is written, on the goal page and in the list
    its link opens."""
    from indicators.models import SubGoal
    from initiatives import workflow
    from initiatives.models import Contribution
    from tests.initiatives.factories import InitiativeVersionFactory

    approved = InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst", sub_goals=[1, 3])
    workflow.submit(approved, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            approved,
            by=member,
            outcome="godkend",
            justification="Ja",
            contributes_to_goal=True,
            sub_goals=SubGoal.objects.filter(number=1),
            send_mail=False,
        )
    draft = workflow.start_revision(approved.initiative, by=author)
    Contribution.objects.filter(version=draft, sub_goal__number=3).delete()
    Contribution.objects.create(version=draft, sub_goal=SubGoal.objects.get(number=2), how="Ny retning.")
    html = page().content.decode()
    for number, expected in ((1, {"Nabohjælp i Tilst"}), (2, set()), (3, {"Nabohjælp i Tilst"})):
        section = re.search(rf'data-testid="sub-goal-{number}".*?</section>', html, re.S).group(0)
        link = re.search(r'href="(/initiativer/\?sub_goal=[^"]+)"', section)
        listed = set()
        if link:
            response = client.get(link.group(1).replace("&amp;", "&"))
            listed = {v.title for v in response.context["page"].object_list}
        assert listed == expected, number
        assert f"Godkendte initiativer: {len(expected)}" in _text_of(section)
    # Without the "in force" filter the list still follows the version it shows (the new one).
    response = client.get(reverse("initiatives:list"), {"sub_goal": SubGoal.objects.get(number=2).pk})
    assert {v.title for v in response.context["page"].object_list} == {"Nabohjælp i Tilst"}
