"""Who may use the approval workflow's pages and actions.

Reading (versions, proposed changes, the steering group's queue, agenda and decision log): every role but the
outsider. Submitting, starting a new version and completing: whoever may edit the initiative (municipal staff;
police liaisons where the police shares the responsibility). Deciding: steering-group members (police liaisons
and municipal members). Every action is POST only: a GET (a reload, a bookmark) goes back to the initiative page.
"""

from accounts.roles import Role
from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeVersionFactory
from tests.matrix import LOGIN, REDIRECT, everyone_logged_in, only, rows_for

JOINT = InitiativeVersion.Responsibility.JOINT


def build_world(world):
    writer = UserFactory(username="m-approval-writer", role=Role.MUNICIPAL_STAFF)
    police, steering = world.users["police"], world.users["steering"]
    world.complete_draft = InitiativeVersionFactory(
        author=writer, title="Klar til indsendelse", responsibility=JOINT, police_contact=police
    )
    world.awaiting = InitiativeVersionFactory(author=writer, title="Afventer beslutning")
    workflow.submit(world.awaiting, by=writer, send_mail=False)
    world.in_force = InitiativeVersionFactory(
        author=writer, title="Gældende", responsibility=JOINT, police_contact=police
    )
    workflow.submit(world.in_force, by=writer, send_mail=False)
    for member in (police, steering):
        workflow.decide(
            world.in_force,
            by=member,
            outcome=Decision.Outcome.APPROVE,
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )
    world.revised = InitiativeVersionFactory(author=writer, title="Under revision")
    workflow.submit(world.revised, by=writer, send_mail=False)
    for member in (police, steering):
        workflow.decide(
            world.revised,
            by=member,
            outcome=Decision.Outcome.APPROVE,
            justification="Ja",
            sub_goals=SubGoal.objects.filter(number=1),
            contributes_to_goal=True,
            send_mail=False,
        )
    workflow.start_revision(world.revised.initiative, by=writer)


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).initiative_id}


def _revision(attribute):
    return lambda world: {"revision": InitiativeVersion.objects.get(pk=getattr(world, attribute).pk).revision}


def _decision(world):
    version = InitiativeVersion.objects.get(pk=world.awaiting.pk)
    return {"revision": version.revision, "outcome": "send_tilbage", "justification": "Ret effektmålet."}


READERS = only({"staff", "police", "steering", "admin"})
NOT_FOUND = only({"staff", "police", "steering", "admin"}, ok=404)
POST_ONLY = everyone_logged_in(REDIRECT)
EDITORS_OF_JOINT = only({"staff", "police"}, ok=REDIRECT)
MEMBERS = only({"police", "steering"}, ok=REDIRECT)

ROWS = [
    *rows_for("initiatives:steering", READERS),
    *rows_for("initiatives:agenda", READERS),
    *rows_for(
        "initiatives:agenda",
        only({"staff", "police", "steering", "admin"}, ok=400),
        data=lambda w: {"dato": "31-02-2026"},
        case="not a date",
    ),
    *rows_for("initiatives:decision_log", READERS),
    *rows_for("initiatives:version", READERS, kwargs=lambda w: {"pk": w.in_force.initiative_id, "number": 1}),
    *rows_for(
        "initiatives:version",
        NOT_FOUND,
        kwargs=lambda w: {"pk": w.in_force.initiative_id, "number": 9},
        case="unknown version",
    ),
    *rows_for("initiatives:revision", READERS, kwargs=_pk("revised")),
    *rows_for("initiatives:revision", NOT_FOUND, kwargs=_pk("in_force"), case="no revision under way"),
    *rows_for("initiatives:submit", POST_ONLY, kwargs=_pk("complete_draft")),
    *rows_for(
        "initiatives:submit",
        EDITORS_OF_JOINT,
        kwargs=_pk("complete_draft"),
        method="post",
        data=_revision("complete_draft"),
        case="joint draft",
    ),
    *rows_for(
        "initiatives:submit",
        only({"staff"}, ok=REDIRECT),
        kwargs=_pk("awaiting"),
        method="post",
        data=_revision("awaiting"),
        case="municipal, already submitted: refused with a message",
    ),
    *rows_for("initiatives:decide", POST_ONLY, kwargs=lambda w: {"pk": w.awaiting.initiative_id, "number": 1}),
    *rows_for(
        "initiatives:decide",
        MEMBERS,
        kwargs=lambda w: {"pk": w.awaiting.initiative_id, "number": 1},
        method="post",
        data=_decision,
    ),
    *rows_for(
        "initiatives:decide",
        {"anonymous": LOGIN, "outsider": 403, "staff": 403, "police": 404, "steering": 404, "admin": 403},
        kwargs=lambda w: {"pk": w.awaiting.initiative_id, "number": 7},
        method="post",
        data=_decision,
        case="unknown version",
    ),
    *rows_for("initiatives:revise", POST_ONLY, kwargs=_pk("in_force")),
    *rows_for("initiatives:revise", EDITORS_OF_JOINT, kwargs=_pk("in_force"), method="post", case="joint, approved"),
    *rows_for("initiatives:complete", POST_ONLY, kwargs=_pk("in_force")),
    *rows_for(
        "initiatives:complete",
        EDITORS_OF_JOINT,
        kwargs=_pk("in_force"),
        method="post",
        data=lambda w: {
            **_revision("in_force")(w),
            "worked": "Målene blev nået.",
            "did_not_work": "Intet.",
            "recommendation": "fortsaet",
        },
        case="joint, approved",
    ),
]

ROWS += [
    *rows_for("initiatives:withdraw", POST_ONLY, kwargs=_pk("awaiting")),
    *rows_for(
        "initiatives:withdraw",
        only({"staff"}, ok=REDIRECT),
        kwargs=_pk("awaiting"),
        method="post",
        data=_revision("awaiting"),
        case="municipal, submitted, no decision yet",
    ),
    *rows_for("initiatives:abandon", POST_ONLY, kwargs=_pk("revised")),
    *rows_for(
        "initiatives:abandon",
        only({"staff"}, ok=REDIRECT),
        kwargs=_pk("revised"),
        method="post",
        data=lambda w: {
            "revision": InitiativeVersion.objects.get(pk=w.revised.initiative.versions.get(number=2).pk).revision
        },
        case="municipal, new version",
    ),
    *rows_for("initiatives:delete", POST_ONLY, kwargs=_pk("complete_draft")),
    *rows_for(
        "initiatives:delete",
        EDITORS_OF_JOINT,
        kwargs=_pk("complete_draft"),
        method="post",
        case="joint draft, never submitted",
    ),
]
