"""Who may use the initiative pages. Reading: every role but the outsider. Creating: municipal staff.
Editing: municipal staff (any colleague's draft), police liaisons where the police shares the responsibility;
never an approved version (refused with a message, i.e. a redirect to the document)."""

from initiatives.models import InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeVersionFactory, document_data
from tests.matrix import REDIRECT, only, rows_for


def build_world(world):
    writer = UserFactory(username="m-writer")
    world.draft = InitiativeVersionFactory(author=writer, title="Kollegaens kladde")
    world.joint = InitiativeVersionFactory(
        author=writer,
        title="Fælles kladde",
        responsibility=InitiativeVersion.Responsibility.JOINT,
        police_contact=world.users["police"],
    )
    world.approved = InitiativeVersionFactory(
        author=writer,
        title="Godkendt",
        state=InitiativeVersion.State.APPROVED,
        responsibility=InitiativeVersion.Responsibility.JOINT,
        police_contact=world.users["police"],
    )


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).initiative_id}


READERS = only({"staff", "police", "steering", "admin"})
NOT_FOUND = only({"staff", "police", "steering", "admin"}, ok=404)
STAFF_ONLY = only({"staff"})

ROWS = [
    *rows_for("initiatives:list", READERS),
    *rows_for("initiatives:export", READERS, kwargs=lambda w: {"fmt": "csv"}),
    *rows_for("initiatives:export", READERS, kwargs=lambda w: {"fmt": "xlsx"}, case="xlsx"),
    *rows_for("initiatives:export", NOT_FOUND, kwargs=lambda w: {"fmt": "pdf"}, case="unknown format"),
    *rows_for("initiatives:create", STAFF_ONLY),
    *rows_for(
        "initiatives:create",
        only({"staff"}, ok=REDIRECT),
        method="post",
        data=lambda w: document_data(municipal_contact=w.users["staff"].pk),
    ),
    *rows_for("initiatives:detail", READERS, kwargs=_pk("draft")),
    *rows_for("initiatives:detail", NOT_FOUND, kwargs=lambda w: {"pk": 999999}, case="unknown initiative"),
    *rows_for("initiatives:print", READERS, kwargs=_pk("draft")),
    *rows_for("initiatives:history", READERS, kwargs=_pk("draft")),
    *rows_for("initiatives:edit", STAFF_ONLY, kwargs=_pk("draft"), case="colleague's municipal draft"),
    *rows_for(
        "initiatives:edit",
        only({"staff"}, ok=REDIRECT),
        kwargs=_pk("draft"),
        method="post",
        data=lambda w: document_data(w.draft, title="Rettet"),
        case="colleague's municipal draft",
    ),
    *rows_for("initiatives:edit", only({"staff", "police"}), kwargs=_pk("joint"), case="joint draft"),
    *rows_for(
        "initiatives:edit",
        only({"staff", "police"}, ok=REDIRECT),
        kwargs=_pk("approved"),
        case="approved document is refused",
    ),
    *rows_for(
        "initiatives:edit",
        only({"staff", "police"}, ok=REDIRECT),
        kwargs=_pk("approved"),
        method="post",
        data=lambda w: document_data(w.approved, title="Rettet"),
        case="approved document is refused",
    ),
]
