"""Focus areas beyond the strategy's own (which come from the migration)."""

import factory

from focusareas.models import FocusArea


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomraade-{n}")
    description = "Et fokusområde til test."
    order = factory.Sequence(lambda n: 200 + n)
