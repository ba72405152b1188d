"""Strategy data every database needs: the three sub-goals, the survey's areas, the measures and the goal.

Areas come from data/omraader.csv (the country, 12 police districts, 98 municipalities with their codes).
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

AREAS_CSV = Path(__file__).resolve().parent.parent / "data" / "omraader.csv"

# Older data spells the city the old way.
EXTRA_ALIASES = {"Aarhus": ["Århus", "Århus Kommune"]}

SUB_GOALS = [
    (
        1,
        "Mindre utryghedsskabende adfærd og kriminalitet i nabolaget",
        "Initiativets målgruppe oplever, at der forekommer mindre utryghedsskabende adfærd eller kriminalitet "
        "i deres nabolag. Måles i tryghedsindekset ved Indekset for Nabolagsproblemer.",
    ),
    (
        2,
        "Mindre utryghed ved det, der forekommer",
        "Initiativets målgruppe er mindre utrygge ved den utryghedsskabende adfærd og kriminalitet, der "
        "forekommer i deres nabolag. Måles i tryghedsindekset ved Indekset for Oplevet tryghed.",
    ),
    (
        3,
        "Mindre kriminalitet i Aarhus Kommune",
        "Mængden af kriminalitet i Aarhus Kommune falder. Måles i tryghedsindekset ved antallet af "
        "anmeldelser til politiet (Anmeldelsesindekset).",
    ),
]

INDEX_SOURCE = (
    "Politiets Tryghedsindeks (2013–2015). Skala, vægte og retning er fastlagt i politiets metoderapport; "
    "retningen kan rettes her, hvis metoderapporten siger andet."
)
SURVEY_SOURCE = (
    "Politiets Tryghedsundersøgelse (2013–2019) og Justitsministeriets Tryghedsundersøgelse (fra 2021; "
    "ingen undersøgelse i 2020)."
)

# code, name, unit, higher is better, sub-goal number, tolerance, description
MEASURES = [
    ("tryghedsindeks", "Tryghedsindeks", "indeks", True, None, "0", f"Det samlede tryghedsindeks. {INDEX_SOURCE}"),
    ("nabolagsproblemer", "Indekset for Nabolagsproblemer", "indeks", True, 1, "0",
     f"Delindeks for utryghedsskabende adfærd og kriminalitet i nabolaget. {INDEX_SOURCE}"),
    ("utryghed", "Indekset for Oplevet tryghed", "indeks", True, 2, "0",
     f"Delindeks for, hvor utrygge borgerne er ved det, der forekommer. {INDEX_SOURCE}"),
    ("anmeldelser", "Anmeldelsesindekset", "indeks", True, 3, "0",
     f"Delindeks for antallet af anmeldelser til politiet. {INDEX_SOURCE}"),
    ("andel_trygge", "Andel trygge i nabolaget", "procent", True, None, "1.0",
     "Andelen af borgere, der føler sig trygge i deres nabolag (svar 1–3 på en skala fra 1 til 7). "
     f"Den serie, der kan sammenlignes over alle år. {SURVEY_SOURCE}"),
    ("andel_utrygge", "Andel utrygge i nabolaget", "procent", False, 2, "1.0",
     f"Andelen af borgere, der føler sig utrygge i deres nabolag. {SURVEY_SOURCE}"),
]

GOAL_TARGET = "Aarhus"
GOAL_COMPARISONS = ["København", "Odense", "Aalborg", "Esbjerg"]
GOAL_MEASURE = "andel_trygge"


def create_strategy_data(apps, schema_editor):
    SubGoal = apps.get_model("indicators", "SubGoal")
    Area = apps.get_model("indicators", "Area")
    Measure = apps.get_model("indicators", "Measure")
    GoalDefinition = apps.get_model("indicators", "GoalDefinition")
    GoalComparison = apps.get_model("indicators", "GoalComparison")

    sub_goals = {}
    for number, title, description in SUB_GOALS:
        sub_goals[number], _ = SubGoal.objects.update_or_create(
            number=number, defaults={"title": title, "description": description}
        )

    with AREAS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            aliases = [row["officielt_navn"]] if row["officielt_navn"] else []
            aliases += EXTRA_ALIASES.get(row["navn"], [])
            Area.objects.update_or_create(
                name=row["navn"],
                defaults={"kind": row["type"], "code": row["kode"] or None, "aliases": aliases},
            )

    for code, name, unit, higher, sub_goal, tolerance, description in MEASURES:
        Measure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "higher_is_better": higher,
                "sub_goal": sub_goals.get(sub_goal),
                "tolerance": Decimal(tolerance),
                "description": description,
            },
        )

    if not GoalDefinition.objects.exists():
        goal = GoalDefinition.objects.create(
            target_area=Area.objects.get(name=GOAL_TARGET),
            headline_measure=Measure.objects.get(code=GOAL_MEASURE),
        )
        for order, name in enumerate(GOAL_COMPARISONS, start=1):
            GoalComparison.objects.create(goal=goal, area=Area.objects.get(name=name), order=order)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(create_strategy_data, migrations.RunPython.noop)]
