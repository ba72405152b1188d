"""Demo follow-up for `load_demo`: two made-up measurements and a learning note on the approved demo initiative."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from followup.models import FollowUpRecord, LearningNote
from initiatives.models import EffectGoal, InitiativeVersion

DEMO_TITLE = "Informationsmøder om indbrudsforebyggelse og nabohjælp"
MADE_UP = "Demodata (opdigtet tal)."


def load_demo_followup() -> int:
    """Add the demo records once (safe to run again); returns how many were new."""
    version = InitiativeVersion.objects.filter(title=DEMO_TITLE, state=InitiativeVersion.State.APPROVED).first()
    if version is None:
        return 0
    goal = version.effect_goals.filter(kind=EffectGoal.Kind.QUANTITATIVE).first()
    if goal is None or FollowUpRecord.objects.filter(goal=goal.lineage).exists():
        return 0
    anne = get_user_model().objects.filter(username="anne").first()
    for day, value, comment in (
        (datetime.date(2017, 12, 31), "11800", "Flere tilmeldte efter de første møder."),
        (datetime.date(2018, 12, 31), "12400", "Tilgangen er aftaget; møderne kunne rykkes tættere på indbruddene."),
    ):
        FollowUpRecord.objects.create(
            initiative_id=version.initiative_id,
            goal=goal.lineage,
            date=day,
            value=Decimal(value),
            comment=f"{comment} {MADE_UP}",
            source="Nabohjælps medlemstal",
            recorded_by=anne,
        )
    LearningNote.objects.create(
        initiative_id=version.initiative_id,
        date=datetime.date(2019, 1, 15),
        written_by=anne,
        text=f"Møder holdt kort efter en indbrudsbølge trækker flest deltagere. {MADE_UP}",
    )
    return 2
