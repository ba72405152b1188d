"""Known names as the police and the published tables write them: "Østjyllands Politi" for the police district,
"Landsplan" and "Hele Danmark" for the country. Adds aliases; existing ones are kept."""

from django.db import migrations

COUNTRY_ALIASES = ["Landsplan", "Hele Danmark", "Danmark", "Hele landet i alt"]
SUFFIX = " Politikreds"


def aliases_for(area) -> list[str]:
    if area.kind == "land":
        return COUNTRY_ALIASES
    if area.kind == "politikreds" and area.name.endswith(SUFFIX):
        base = area.name[: -len(SUFFIX)]
        return [f"{base} Politi"]
    return []


def add_aliases(apps, schema_editor):
    Area = apps.get_model("indicators", "Area")
    for area in Area.objects.filter(kind__in=["land", "politikreds"]):
        known = {str(a).casefold() for a in area.aliases or []} | {area.name.casefold()}
        new = [alias for alias in aliases_for(area) if alias.casefold() not in known]
        if new:
            area.aliases = [*(area.aliases or []), *new]
            area.save(update_fields=["aliases"])


def remove_aliases(apps, schema_editor):
    Area = apps.get_model("indicators", "Area")
    for area in Area.objects.filter(kind__in=["land", "politikreds"]):
        added = set(aliases_for(area))
        area.aliases = [a for a in area.aliases or [] if a not in added]
        area.save(update_fields=["aliases"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_goal_story_data")]
    operations = [migrations.RunPython(add_aliases, remove_aliases)]
