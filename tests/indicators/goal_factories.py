"""Factories for index values as the goal page sees them; areas and measures come from the strategy migration."""

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
