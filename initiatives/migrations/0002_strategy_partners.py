"""The partners the strategy text names, so the managed list starts with them (administrators maintain it)."""

from django.db import migrations

STRATEGY_PARTNERS = [
    "TrygFonden",
    "Byens Natteliv",
    "Nationalt Forebyggelsescenter",
    "Justitsministeriets Forskningskontor",
    "Det Kriminalpræventive Råd",
    "Center for Boligsocial Udvikling",
    "Fællesrådene i Aarhus",
    "Grundejerforeninger",
]


def add_partners(apps, schema_editor):
    Partner = apps.get_model("initiatives", "Partner")
    for name in STRATEGY_PARTNERS:
        Partner.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initiative_documents")]

    operations = [migrations.RunPython(add_partners, migrations.RunPython.noop)]
