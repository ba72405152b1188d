"""Open data: the downloads hold what the public pages show, with stable addresses and a named licence."""

import json

from django.conf import settings
from django.urls import reverse

from tests.initiatives.factories import InitiativeVersionFactory
from tests.public.conftest import State


def _json(client, name):
    response = client.get(reverse("public:dataset", args=[name, "json"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_published_initiatives_as_csv_and_json_with_only_public_fields(client, published, author):
    InitiativeVersionFactory(author=author, title="Hemmeligt godkendt", state=State.APPROVED)
    data = _json(client, "initiativer")
    assert data["licens"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [row["titel"] for row in data["data"]] == ["Offentligt initiativ"]
    row = data["data"][0]
    assert row["kontaktpersoner"] is None and row["budget_kr"] is None
    assert row["adresse"] == settings.SITE_URL + reverse("public:initiative", args=[published.initiative_id])
    csv = client.get(reverse("public:dataset", args=["initiativer", "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Offentligt initiativ" in text and "Hemmeligt godkendt" not in text and str(author) not in text


def test_index_values_and_yearly_verdicts(client, index_values):
    values = _json(client, "indeksvaerdier")["data"]
    aarhus_2016 = next(r for r in values if r["område"] == "Aarhus" and r["år"] == 2016)
    assert aarhus_2016["værdi"] == "92.300" and aarhus_2016["måling_kode"] == "andel_trygge"
    verdicts = _json(client, "aarlige-vurderinger")["data"]
    row = next(r for r in verdicts if r["år"] == 2021 and r["område"] == "Odense")
    assert row["måling"] == "andel_trygge" and row["vurdering"] and row["mål_nået"]
    assert client.get(reverse("public:dataset", args=["aarlige-vurderinger", "csv"])).status_code == 200


def test_an_unknown_dataset_or_format_is_a_clear_404(client, db):
    for name, fmt in [("brugere", "csv"), ("initiativer", "xml")]:
        response = client.get(reverse("public:dataset", args=[name, fmt]))
        assert response.status_code == 404 and "Det datasæt findes ikke." in response.text


def test_the_catalogue_is_dcat_ap_dk_with_licence_and_stable_download_addresses(client, db):
    response = client.get(reverse("public:catalogue"))
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    names = {d["dct:identifier"] for d in catalogue["dcat:dataset"]}
    assert names == {"indeksvaerdier", "aarlige-vurderinger", "initiativer"}
    site = settings.SITE_URL.rstrip("/")
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["dct:license"]["@id"] and dataset["dct:publisher"]["foaf:name"] == "Aarhus Kommune"
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith(site + "/offentlig/data/")
            assert client.get(url.removeprefix(site)).status_code == 200


def test_the_sitemap_lists_the_public_pages(client, published):
    response = client.get(reverse("public:sitemap"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    site = settings.SITE_URL.rstrip("/")
    assert f"<loc>{site}{reverse('public:initiative', args=[published.initiative_id])}</loc>" in response.text
    assert f"<loc>{site}/offentlig/</loc>" in response.text
