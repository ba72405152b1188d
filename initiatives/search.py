"""Free-text search over initiatives: what people type in the list's search field.

Each word must match somewhere: the number ("I-9", "I-009" and "9" all find I-009), the title, summary,
description, target group, local areas, partners or a contact person's name (focus areas have their own filter,
and searching their long names would find nearly everything). Upper and lower case
match alike, æøå included: SQLite's own lower() and LIKE fold only A-Z, so on SQLite the comparison goes through
Python's str.lower (registered as an SQL function), and on PostgreSQL through its Unicode-aware LOWER.
On PostgreSQL the text fields are also searched with the Danish full-text configuration, so "indbruddene" finds
"indbrud", and the hits are ranked by relevance.
"""

import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Func, Q, TextField

from initiatives.models import InitiativeVersion

MAX_TERMS = 10
# "I-9", "i-009", "I009" or "9": an initiative's number; longer numbers are no initiative's.
NUMBER = re.compile(r"^(?:i-?)?0*([0-9]{1,18})$", re.IGNORECASE)
TEXT_FIELDS = ("title", "summary", "description", "target_group")
RELATED_NAMES = (
    "municipal_contact__first_name",
    "municipal_contact__last_name",
    "municipal_contact__username",
    "police_contact__first_name",
    "police_contact__last_name",
    "police_contact__username",
)
MANY_NAMES = {
    InitiativeVersion.partners.through: "partner__name",
    InitiativeVersion.local_areas.through: "localarea__name",
}
SQLITE_LOWER = "tryg_lower"


def register_sqlite_lower(sender, connection, **kwargs):
    """Connected to connection_created in InitiativesConfig.ready(), before any query runs."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_LOWER,
            1,
            lambda text: text.lower() if isinstance(text, str) else text,
            deterministic=True,
        )


class Lower(Func):
    """Lower case for every letter, not only A-Z, on PostgreSQL and SQLite alike."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_LOWER, **extra_context)


def _uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    return SearchVector(*TEXT_FIELDS, config="danish")


def _term_matches(term: str) -> Q:
    folded = term.lower()
    match = Q()
    for name in (*TEXT_FIELDS, *RELATED_NAMES):
        match |= Q(**{f"search_{name}__contains": folded})
    for through, name in MANY_NAMES.items():
        rows = through.objects.alias(folded=Lower(name)).filter(folded__contains=folded)
        match |= Q(pk__in=rows.values("initiativeversion_id"))
    number = NUMBER.match(term)
    if number:
        match |= Q(initiative_id=int(number.group(1)))
    if _uses_full_text():
        match |= Q(search_vector=SearchQuery(term, config="danish"))
    return match


def search(versions, text: str):
    """The versions whose text matches every word of `text`, the most relevant first on PostgreSQL."""
    terms = text.split()[:MAX_TERMS]
    if not terms:
        return versions
    versions = versions.alias(**{f"search_{name}": Lower(name) for name in (*TEXT_FIELDS, *RELATED_NAMES)})
    if _uses_full_text():
        versions = versions.alias(search_vector=_vector())
    for term in terms:
        versions = versions.filter(_term_matches(term))
    if _uses_full_text():
        query = reduce(lambda a, b: a | b, (SearchQuery(term, config="danish") for term in terms))
        versions = versions.annotate(search_rank=SearchRank(_vector(), query)).order_by(
            "-search_rank", "-initiative_id"
        )
    return versions
