import pytest

from tests.indicators.factories import values

# The published share who feel safe (data/andel_trygge_offentlige_tal.csv) for the goal's areas and the
# country; København and Esbjerg have no published city values, 2020 had no survey.
PUBLISHED = {
    "Hele landet": {
        2014: "86.8",
        2015: "89.3",
        2016: "89.1",
        2017: "85.7",
        2018: "86.5",
        2019: "85.6",
        2021: "88.1",
        2022: "89",
        2023: "88",
    },
    "Aarhus": {2016: "92.3", 2017: "81.3", 2021: "86.0"},
    "Odense": {2014: "87.7", 2015: "88.1", 2021: "84.3"},
    "Aalborg": {2014: "87", 2015: "89", 2023: "87"},
}


@pytest.fixture
def published_values(db):
    return values("andel_trygge", PUBLISHED)


@pytest.fixture
def full_year(db):
    """Made-up 2022 values for all five cities: Aarhus 86.3 trails Aalborg's 87.4 by more than the tolerance."""
    return values(
        "andel_trygge",
        {
            "Aarhus": {2022: "86.3"},
            "København": {2022: "85.0"},
            "Odense": {2022: "87.3"},
            "Aalborg": {2022: "87.4"},
            "Esbjerg": {2022: "86.3"},
        },
    )
