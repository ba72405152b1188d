"""What a complete initiative document holds. The one home of these rules. A draft saves as it is: the edit form
refuses only contradictions (`CONTRADICTIONS`: an end before the start, a choice made twice), while what is still
missing is listed on the draft's page and refuses submission, with the same messages (a copy of an old version,
or a contact person who has since left, can also break a rule the form once checked)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from initiatives.models import InitiativeVersion

Basis = InitiativeVersion.Basis
REQUIRED = ("title", "summary", "description", "focus_area", "basis", "responsibility", "target_group", "start_date")
# What the form refuses even in a draft: the document would contradict itself (or the database's constraint).
CONTRADICTIONS = frozenset({"end_before_start", "geography_both", "focus_area_twice"})


@dataclass
class Problem:
    field: str | None  # the form field it concerns; None for the sub-goals and effect goals as a whole
    message: str
    code: str


def _id(value):
    return getattr(value, "pk", value)


def field_problems(data) -> list[Problem]:
    """The rules among the document's own fields (`data`: field name → value; relations as objects or ids)."""
    problems = []

    def text(name):
        return (data.get(name) or "").strip()

    for name in REQUIRED:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            label = str(InitiativeVersion._meta.get_field(name).verbose_name).capitalize()
            problems.append(Problem(name, _("%(field)s: not filled in yet.") % {"field": label}, "required"))
    basis = data.get("basis")
    if basis == Basis.EVIDENCE:
        if not text("evidence_summary"):
            problems.append(
                Problem(
                    "evidence_summary",
                    _("Describe the earlier result the initiative builds on and what it showed."),
                    "evidence_required",
                )
            )
        if not text("evidence_references"):
            problems.append(
                Problem("evidence_references", _("State where the earlier result is documented."), "evidence_required")
            )
    elif basis == Basis.DEVELOPMENT and not text("learning_question"):
        problems.append(
            Problem("learning_question", _("State what the safety work should learn."), "learning_required")
        )

    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        problems.append(Problem("end_date", _("The end date is before the start date."), "end_before_start"))

    responsibility = InitiativeVersion(responsibility=data.get("responsibility"))
    if responsibility.involves_municipality and not data.get("municipal_contact"):
        problems.append(
            Problem("municipal_contact", _("Choose the contact person in the municipality."), "contact_required")
        )
    if responsibility.involves_police and not data.get("police_contact"):
        problems.append(Problem("police_contact", _("Choose the contact person in the police."), "contact_required"))

    whole, areas = data.get("whole_municipality"), data.get("local_areas")
    if whole and areas:
        problems.append(
            Problem(
                "local_areas",
                _("Choose either the whole municipality or named local areas, not both."),
                "geography_both",
            )
        )
    elif not whole and not areas:
        problems.append(
            Problem("local_areas", _("Choose the local areas, or tick “the whole municipality”."), "geography_required")
        )

    focus_area, others = _id(data.get("focus_area")), {_id(o) for o in data.get("other_focus_areas") or ()}
    if focus_area and focus_area in others:
        problems.append(
            Problem(
                "other_focus_areas",
                _("The main focus area is already chosen above; do not tick it here."),
                "focus_area_twice",
            )
        )

    if data.get("embargo_until") and not text("embargo_reason"):
        problems.append(
            Problem(
                "embargo_reason",
                _("Give the reason why the initiative must not be communicated yet."),
                "embargo_reason",
            )
        )
    if text("embargo_reason") and not data.get("embargo_until"):
        problems.append(
            Problem(
                "embargo_until",
                _("Give the date before which the initiative must not be communicated, or remove the reason."),
                "embargo_date",
            )
        )
    return problems


def problems(fields, contributions: dict, effect_goal_sub_goals: list) -> list[Problem]:
    """Everything a document lacks before the steering group can decide on it (empty when complete).

    `contributions`: sub-goal id → how; `effect_goal_sub_goals`: the sub-goal id of each effect goal.
    """
    found = field_problems(fields)
    if not contributions:
        found.append(
            Problem(
                None, _("Choose at least one sub-goal the initiative contributes to, and describe how."), "no_sub_goal"
            )
        )
    elif any(not how.strip() for how in contributions.values()):
        found.append(Problem(None, _("Describe how the initiative contributes to this sub-goal."), "how_required"))
    if not effect_goal_sub_goals:
        found.append(Problem(None, _("Write at least one effect goal."), "no_effect_goal"))
    if any(sub_goal not in contributions for sub_goal in effect_goal_sub_goals):
        found.append(
            Problem(
                None,
                _("Also choose this sub-goal under “Sub-goals” above, or pick one of those chosen there."),
                "sub_goal_not_chosen",
            )
        )
    return found
