"""Matrix rows for confirming or declining a held change to a user: another administrator, or for a police user a
police member of the steering group (the police role in the matrix sits in the steering group)."""

from accounts.models import Organisation, PendingChange
from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.matrix import LOGIN, REDIRECT, rows_for

SECOND_PERSON = {
    "anonymous": LOGIN,
    "outsider": 403,
    "staff": 403,
    "police": REDIRECT,
    "steering": 403,
    "admin": REDIRECT,
}


def build_world(world) -> None:
    target = UserFactory(username="m-new-police", organisation=Organisation.POLICE)
    world.pending_change = PendingChange.objects.create(
        user=target,
        old={"roles": [], "email": target.email, "organisation": Organisation.POLICE},
        new={"roles": [Role.POLICE_LIAISON], "email": target.email, "organisation": Organisation.POLICE},
        requested_by=UserFactory(username="m-admin2", role=Role.ADMINISTRATOR),
    )


def _pk(world):
    return {"pk": world.pending_change.pk}


ROWS = [
    *rows_for("accounts:confirm_change", SECOND_PERSON, kwargs=_pk, method="post"),
    *rows_for("accounts:decline_change", SECOND_PERSON, kwargs=_pk, method="post"),
]
