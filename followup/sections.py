"""Follow-up's sections on the initiative pages (registered with initiatives.sections when the app is ready)."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import datacache
from followup import cadence, queries
from followup.permissions import FOLLOWED_STATES, can_record
from initiatives import sections
from initiatives.models import EndEvaluation, InitiativeVersion

State = InitiativeVersion.State


def initiative_section(request, *, version: InitiativeVersion):
    """Effect goals with their records, status, chart and revisions; learning notes; the end evaluation."""
    today = timezone.localdate()
    # The same for every reader on a day: kept until the data changes (datacache); what the user may do is not.
    context = datacache.cached(("follow-up of", version.pk, today), partial(_follow_up, version, today))
    return sections.Section(
        "followup/_initiative_section.html",
        {
            **context,
            "may_record": can_record(request.user, context["followed"])
            and context["followed"].state in FOLLOWED_STATES,
            "may_note": can_record(request.user, version),
        },
    )


def _follow_up(version: InitiativeVersion, today) -> dict:
    initiative = version.initiative
    followed = version
    if initiative.approved_version_id and initiative.approved_version_id != version.pk:
        followed = InitiativeVersion.objects.prefetch_related("effect_goals__sub_goal").get(
            pk=initiative.approved_version_id
        )
    evaluation = EndEvaluation.objects.filter(version=followed).select_related("written_by").first()
    on = queries.local_day(evaluation.written_at) if evaluation else today
    in_force = followed if followed.state == State.APPROVED else None
    goals = queries.goal_follow_up(
        list(followed.effect_goals.all()), initiative_id=initiative.pk, on=on, in_force=in_force
    )
    completeness = None
    if in_force is not None:
        completeness = cadence.initiative_completeness(
            [
                (in_force.start_date, item.goal.frequency, [queries.local_day(r.recorded_at) for r in item.records])
                for item in goals
            ],
            today,
        )
    return {
        "completeness": completeness,
        "goals": goals,
        "followed": followed,
        "notes": queries.learning_notes(initiative.pk),
        "evaluation": evaluation,
        "today": today,
        "initiative": initiative,
    }


# The steering group's page and agenda show the overdue goals of this many initiatives; the follow-up overview
# lists them all, a page at a time, so the pages stay the same size however many fall behind.
OVERDUE_SHOWN = 10


def overdue_section(request, **_objects):
    """The steering group's page and agenda: how many goals are overdue, and those of the first initiatives."""
    today = timezone.localdate()
    # The same for everyone on a day: kept until the data changes (datacache).
    overdue = datacache.cached(
        ("overdue goals", today), partial(queries.overdue_by_initiative, today, shown=OVERDUE_SHOWN)
    )
    return sections.Section("followup/_overdue_section.html", {"overdue": overdue, "today": today})


def register() -> None:
    sections.register_list_figure(
        sections.ListFigure(
            name="completeness",
            sort_key="fuldstaendighed",
            label=_("Follow-up completeness"),
            shares=queries.completeness_shares,
        )
    )
    sections.register("detail", initiative_section)
    sections.register("steering", overdue_section)
    sections.register("agenda", overdue_section)
