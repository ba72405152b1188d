"""Follow-up's sections on the initiative pages (registered with initiatives.sections when the app is ready)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup import cadence, queries
from followup.permissions import FOLLOWED_STATES, can_record
from initiatives import sections
from initiatives.models import EndEvaluation, InitiativeVersion

State = InitiativeVersion.State


def initiative_section(request, *, version: InitiativeVersion):
    """Effect goals with their records, status, chart and revisions; learning notes; the end evaluation."""
    initiative = version.initiative
    followed = version
    if initiative.approved_version_id and initiative.approved_version_id != version.pk:
        followed = InitiativeVersion.objects.prefetch_related("effect_goals__sub_goal").get(
            pk=initiative.approved_version_id)
    evaluation = EndEvaluation.objects.filter(version=followed).select_related("written_by").first()
    today = timezone.localdate()
    on = timezone.localtime(evaluation.written_at).date() if evaluation else today
    in_force = followed if followed.state == State.APPROVED else None
    goals = queries.goal_follow_up(list(followed.effect_goals.all()), initiative_id=initiative.pk, on=on,
                                   in_force=in_force)
    completeness = None
    if in_force is not None:
        completeness = cadence.initiative_completeness(
            [(in_force.start_date, item.goal.frequency, [queries.local_day(r.recorded_at) for r in item.records])
             for item in goals], today)
    return sections.Section("followup/_initiative_section.html", {
        "completeness": completeness,
        "goals": goals,
        "followed": followed,
        "notes": queries.learning_notes(initiative.pk),
        "evaluation": evaluation,
        "may_record": can_record(request.user, followed) and followed.state in FOLLOWED_STATES,
        "may_note": can_record(request.user, version),
        "today": today,
        "initiative": initiative,
    })


def overdue_section(request, **_objects):
    """The steering group's page and agenda: every overdue goal, by initiative."""
    return sections.Section("followup/_overdue_section.html", {
        "groups": queries.overdue_by_initiative(), "today": timezone.localdate(),
    })


def register() -> None:
    sections.register_list_figure(sections.ListFigure(
        name="completeness", sort_key="fuldstaendighed", label=_("Follow-up completeness"),
        shares=queries.completeness_shares,
    ))
    sections.register("detail", initiative_section)
    sections.register("steering", overdue_section)
    sections.register("agenda", overdue_section)
