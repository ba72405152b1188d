"""Index values as the goal page and the benchmarks see them; areas and measures come from the strategy migration."""

from decimal import Decimal

import factory

from indicators.models import Area, IndexValue, Measure


class IndexValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndexValue

    year = 2023
    area = factory.LazyFunction(lambda: Area.objects.get(name="Aarhus"))
    measure = factory.LazyFunction(lambda: Measure.objects.get(code="andel_trygge"))
    value = Decimal("85.0")
    source = "Testdata, opdigtet."


def values(measure_code: str, table: dict[str, dict[int, str | None]], **extra) -> list[IndexValue]:
    """Create values from {area name: {year: "86.3"}}; None leaves the year out."""
    measure = Measure.objects.get(code=measure_code)
    areas = {area.name: area for area in Area.objects.filter(name__in=table)}
    return [
        IndexValueFactory(area=areas[name], measure=measure, year=year, value=Decimal(value), **extra)
        for name, years in table.items()
        for year, value in years.items()
        if value is not None
    ]


def national_scale_values(*, housing_areas: int = 200, years: int = 12, seed: int = 2026) -> int:
    """Made-up values shaped like the national index data: every area × every measure × `years` survey years.

    Areas: the country, 12 police districts and 98 municipalities from the migration, plus `housing_areas`
    made-up housing areas. Years run back from 2023 and skip 2020 (no survey). Some values carry 95 %
    intervals, some respondent counts, so every verdict method is exercised. Returns the number of values.
    """
    import random

    rng = random.Random(seed)
    Area.objects.bulk_create(
        [Area(name=f"Boligområde {n:03d} (opdigtet)", kind=Area.Kind.HOUSING_AREA) for n in range(housing_areas)],
        ignore_conflicts=True,
    )
    areas = list(Area.objects.all())
    measures = list(Measure.objects.all())
    survey_years = [y for y in range(2023, 1990, -1) if y != 2020][:years]
    rows = []
    for area in areas:
        for measure in measures:
            for year in survey_years:
                value = Decimal(rng.randint(600, 950)) / 10
                kind = rng.randrange(3)
                ci = Decimal(rng.randint(5, 30)) / 10 if kind == 0 else None
                rows.append(
                    IndexValue(
                        year=year,
                        area=area,
                        measure=measure,
                        value=value,
                        ci_low=value - ci if ci else None,
                        ci_high=value + ci if ci else None,
                        respondents=rng.randint(300, 3000) if kind == 1 else None,
                        source="Opdigtede benchmarkdata.",
                    )
                )
    IndexValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
