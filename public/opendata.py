"""Open data: the index values, the yearly verdicts and the published initiatives as CSV and JSON, and a
DCAT-AP-DK catalogue (JSON-LD) that Open Data DK can harvest. The addresses are stable: /offentlig/data/<name>.<format>.

Every dataset is read through public.queries or goal's own functions, so it holds what the public pages show and
nothing else. The CSV is the one Danish Excel opens (formatting.spreadsheets); the JSON has plain numbers and ISO dates.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formatting.spreadsheets import CSV_CONTENT_TYPE, csv_bytes
from goal.queries import load_goal_comparison
from goal.views import CSV_HEADER, comparison_rows
from indicators.models import IndexValue
from public import queries
from public.http import public_page
from public.views import not_found

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "Creative Commons Navngivelse 4.0 (CC BY 4.0)"
PUBLISHER = "Aarhus Kommune"
THEME = "http://publications.europa.eu/resource/authority/data-theme/JUST"  # justice, legal system, public safety
FORMATS = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}


@dataclass(frozen=True)
class Dataset:
    name: str  # the address part, never changed once published
    title: object
    description: object
    rows: object  # () -> (header, list of rows)


def index_value_rows():
    header = [
        "år",
        "område",
        "kommunekode",
        "måling_kode",
        "måling",
        "enhed",
        "værdi",
        "ci_lav",
        "ci_høj",
        "respondenter",
    ]
    values = IndexValue.objects.select_related("area", "measure").order_by("measure__code", "area__name", "year")
    rows = [
        [
            v.year,
            v.area.name,
            v.area.code or "",
            v.measure.code,
            v.measure.name,
            v.measure.get_unit_display(),
            v.value,
            v.ci_low,
            v.ci_high,
            v.respondents,
        ]
        for v in values
    ]
    return header, rows


def verdict_rows():
    """Per comparable measure, year and comparison city: goal's own comparison rows (goal.views.comparison_rows)."""
    data = load_goal_comparison()
    header = ["måling", *CSV_HEADER]
    if data is None:
        return header, []
    rows = []
    for measure in data.measures_with_data:
        if not measure.is_count:
            rows += [[measure.code, *row] for row in comparison_rows(data.report(measure))]
    return header, rows


INITIATIVE_FIELDS = [
    "nummer",
    "titel",
    "resume",
    "fokusomraade",
    "delmaal",
    "ansvar",
    "grundlag",
    "maalgruppe",
    "hele_kommunen",
    "omraader",
    "samarbejdspartnere",
    "startdato",
    "slutdato",
    "kontaktpersoner",
    "budget_kr",
    "finansiering",
    "adresse",
]


def _cell(value):
    if isinstance(value, list):
        return "; ".join(f"{v['navn']} ({v['organisation']})" if isinstance(v, dict) else str(v) for v in value)
    return value


def initiative_rows():
    """The published initiatives with their public fields; a field the approval kept private is left empty."""
    rows = []
    for version in queries.published_versions():
        record = queries.public_record(version)
        record["adresse"] = settings.SITE_URL + record["adresse"]
        rows.append([_cell(record.get(name)) for name in INITIATIVE_FIELDS])
    return INITIATIVE_FIELDS, rows


DATASETS = {
    d.name: d
    for d in [
        Dataset(
            "indeksvaerdier",
            gettext_lazy("The safety index in Aarhus and the comparison areas"),
            gettext_lazy("Every value of the safety index Tryg holds: year, area, measure, value, 95 % interval."),
            index_value_rows,
        ),
        Dataset(
            "aarlige-vurderinger",
            gettext_lazy("Yearly verdicts on the strategy's goal"),
            gettext_lazy("Per measure, year and comparison city: the verdict by the goal's rule and its method."),
            verdict_rows,
        ),
        Dataset(
            "initiativer",
            gettext_lazy("The published initiatives in force"),
            gettext_lazy("The initiatives the steering group has published, with their public fields."),
            initiative_rows,
        ),
    ]
}


@public_page
def data_page(request):
    """Anyone: the open datasets, their downloads, the licence and the catalogue."""
    return render(request, "public/data.html", {"datasets": DATASETS.values(), "license": LICENSE_NAME})


@public_page
def dataset(request, name, fmt):
    """Anyone: one dataset as CSV or JSON."""
    found = DATASETS.get(name)
    if found is None or fmt not in FORMATS:
        return not_found(request, _("There is no such dataset."))
    header, rows = found.rows()
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    records = [dict(zip(header, row, strict=True)) for row in rows]
    body = json.dumps({"licens": LICENSE, "data": records}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@public_page
def goal_csv(request):
    """Anyone: the goal comparison for one measure (?maaling=code), as on the goal page inside."""
    data = load_goal_comparison()
    code = request.GET.get("maaling", "").strip()
    measure = None if data is None else data.measure_by_code(code) if code else data.headline_measure
    if measure is None:
        return not_found(request, _("There is no goal, or no comparable measure with this code."))
    response = HttpResponse(csv_bytes(CSV_HEADER, comparison_rows(data.report(measure))), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="maal_{measure.code}.csv"'
    return response


def _text(value) -> dict:
    return {"@language": "da", "@value": str(value)}


def catalogue_document() -> dict:
    """The DCAT-AP-DK catalogue of the datasets, with absolute, stable addresses and the licence."""
    site = settings.SITE_URL.rstrip("/")
    publisher = {"@type": "foaf:Agent", "foaf:name": PUBLISHER}
    datasets = []
    for d in DATASETS.values():
        distributions = [
            {
                "@id": f"{site}{reverse('public:dataset', args=[d.name, fmt])}",
                "@type": "dcat:Distribution",
                "dct:title": _text(f"{d.title} ({label})"),
                "dcat:accessURL": {"@id": f"{site}{reverse('public:data')}"},
                "dcat:downloadURL": {"@id": f"{site}{reverse('public:dataset', args=[d.name, fmt])}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
                "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{label}"},
                "dct:license": {"@id": LICENSE},
            }
            for fmt, (media, label) in FORMATS.items()
        ]
        datasets.append(
            {
                "@id": f"{site}{reverse('public:data')}#{d.name}",
                "@type": "dcat:Dataset",
                "dct:identifier": d.name,
                "dct:title": _text(d.title),
                "dct:description": _text(d.description),
                "dct:publisher": publisher,
                "dct:license": {"@id": LICENSE},
                "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
                "dcat:theme": {"@id": THEME},
                "dcat:keyword": [_text("tryghed"), _text("Aarhus")],
                "dct:spatial": {"@id": "https://dawa.aws.dk/kommuner/0751"},
                "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": PUBLISHER},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@id": f"{site}{reverse('public:catalogue')}",
        "@type": "dcat:Catalog",
        "dct:title": _text(_("Tryg i Aarhus: open data")),
        "dct:description": _text(_("Open data of the joint safety strategy of Aarhus Kommune and Østjyllands Politi.")),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENSE},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DAN"},
        "foaf:homepage": {"@id": f"{site}{reverse('public:start')}"},
        "dcat:dataset": datasets,
    }


@public_page
def catalogue(request):
    """Anyone (and Open Data DK's harvester): the DCAT-AP-DK catalogue as JSON-LD."""
    body = json.dumps(catalogue_document(), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
