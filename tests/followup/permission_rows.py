"""Who may use the follow-up pages. Reading (overview, learning, reports, attachments): every role but the
outsider. Recording follow-up and learning notes: whoever may edit the initiative (municipal staff; police liaisons
where the police shares the responsibility) and its contact persons. Report sections: police users, SSP writers
and steering-group members, each their own; marking a report final: steering-group members. POST for changes."""

from accounts.roles import Role
from initiatives.models import EffectGoal, InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.followup.factories import days, in_force, record
from tests.matrix import REDIRECT, only, rows_for

READERS = only({"staff", "police", "steering", "admin"})
WRITERS = only({"police", "steering"})
NOT_FOUND = only({"staff", "police", "steering", "admin"}, ok=404)
YEAR = 2026


def build_world(world):
    # Writes the SSP section (a role of its own): an object-level role of these rows.
    world.users["ssp"] = UserFactory(username="m-ssp", role=Role.SSP_WRITER)
    writer = UserFactory(username="m-followup-writer", role=Role.MUNICIPAL_STAFF)
    world.followed = in_force(writer, title="Fulgt initiativ")
    world.followed_joint = in_force(
        writer,
        title="Fælles fulgt",
        responsibility=InitiativeVersion.Responsibility.JOINT,
        police_contact=world.users["police"],
    )
    goal = world.followed.effect_goals.get(kind=EffectGoal.Kind.QUANTITATIVE)
    world.followed_record = record(goal, days(-10), 110, by=writer)


def _goal(attribute, kind=EffectGoal.Kind.QUANTITATIVE):
    def kwargs(world):
        version = getattr(world, attribute)
        return {"pk": version.initiative_id, "goal": version.effect_goals.get(kind=kind).lineage}

    return kwargs


def _correct(world):
    return {**_goal("followed")(world), "record": world.followed_record.pk}


def _measurement(world):
    return {"date": days(-3).isoformat(), "value": "108", "comment": "Færre indbrud."}


ROWS = [
    *rows_for("followup:overview", READERS),
    *rows_for("followup:learning", READERS),
    *rows_for("followup:record", only({"staff"}), kwargs=_goal("followed"), case="municipal initiative"),
    *rows_for(
        "followup:record",
        only({"staff", "police"}),
        kwargs=_goal("followed_joint"),
        case="joint initiative, police contact",
    ),
    *rows_for(
        "followup:record",
        only({"staff"}, ok=REDIRECT),
        kwargs=_goal("followed"),
        method="post",
        data=_measurement,
        case="municipal initiative",
    ),
    *rows_for(
        "followup:record",
        NOT_FOUND,
        kwargs=lambda w: {"pk": w.followed.initiative_id, "goal": "00000000-0000-0000-0000-000000000000"},
        case="unknown goal",
    ),
    *rows_for("followup:correct", only({"staff"}), kwargs=_correct),
    *rows_for("followup:correct", only({"staff"}, ok=REDIRECT), kwargs=_correct, method="post", data=_measurement),
    *rows_for("followup:learning_note", only({"staff"}), kwargs=lambda w: {"pk": w.followed.initiative_id}),
    *rows_for(
        "followup:learning_note",
        only({"staff", "police"}, ok=REDIRECT),
        kwargs=lambda w: {"pk": w.followed_joint.initiative_id},
        method="post",
        data=lambda w: {"date": days(0).isoformat(), "text": "Naboerne vil gerne mødes igen."},
        case="joint initiative",
    ),
    *rows_for(
        "followup:attachment",
        NOT_FOUND,
        kwargs=lambda w: {"record": w.followed_record.pk},
        case="record without a file",
    ),
    *rows_for("followup:report_index", READERS),
    *rows_for("followup:report", READERS, kwargs=lambda w: {"year": YEAR}),
    *rows_for("followup:report", NOT_FOUND, kwargs=lambda w: {"year": 1999}, case="year before the strategy"),
    *rows_for("followup:report_pdf", READERS, kwargs=lambda w: {"year": YEAR}),
    *rows_for("followup:report_xlsx", READERS, kwargs=lambda w: {"year": YEAR}),
    # Police staff, SSP writers and steering-group members write; municipal staff and administrators as such do not.
    *rows_for("followup:report_write", {**WRITERS, "ssp": 200}, kwargs=lambda w: {"year": YEAR}),
    *rows_for(
        "followup:report_write",
        {**only({"police", "steering"}, ok=REDIRECT), "ssp": REDIRECT},
        kwargs=lambda w: {"year": YEAR},
        method="post",
        data=lambda w: {
            "police_assessment": "Politiets vurdering.",
            "municipality_assessment": "SSP.",
            "conclusion": "Konklusion.",
        },
    ),
    # The confirmation page, which says what is missing; a POST for a year not ended shows it too.
    *rows_for(
        "followup:report_finalise", {**only({"police", "steering"}), "ssp": 403}, kwargs=lambda w: {"year": YEAR}
    ),
    *rows_for(
        "followup:report_finalise",
        only({"police", "steering"}),
        kwargs=lambda w: {"year": YEAR},
        method="post",
        case="year not ended, not confirmed",
    ),
    *rows_for(
        "followup:report_finalise",
        only({"police", "steering"}, ok=REDIRECT),
        kwargs=lambda w: {"year": YEAR},
        method="post",
        data=lambda w: {"confirm": "yes"},
    ),
]
