"""Two requests at the same moment, each on its own database connection: the row lock serialises them.

Needs a database server with row locks (PostgreSQL, as in CI); SQLite serialises whole transactions instead.
"""

import threading

import pytest
from django.db import connection

from indicators.models import SubGoal
from initiatives import workflow
from initiatives.models import Decision, Event, InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")


def _at_once(*calls):
    """Run the calls in threads released together; returns what each raised (or None)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # reported to the test, which asserts on its kind
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _approve(version, member):
    return lambda: workflow.decide(
        version,
        by=member,
        outcome=Decision.Outcome.APPROVE,
        justification="Ja",
        sub_goals=SubGoal.objects.filter(number=1),
        contributes_to_goal=True,
        send_mail=False,
    )


@pytest.fixture
def awaiting(django_db_serialized_rollback, transactional_db, author):
    version = InitiativeVersionFactory(author=author)
    workflow.submit(version, by=author, send_mail=False)
    return version


def test_police_and_municipality_approving_at_the_same_moment_approve_it_once(
    awaiting, police_member, municipal_member
):
    assert _at_once(_approve(awaiting, police_member), _approve(awaiting, municipal_member)) == [None, None]
    assert InitiativeVersion.objects.get(pk=awaiting.pk).state == InitiativeVersion.State.APPROVED
    assert Decision.objects.count() == 2
    assert Event.objects.filter(to_state=InitiativeVersion.State.APPROVED).count() == 1


def test_a_double_click_records_one_decision_and_a_message_for_the_other(awaiting, police_member):
    outcomes = _at_once(_approve(awaiting, police_member), _approve(awaiting, police_member))
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "WorkflowError"]
    assert Decision.objects.count() == 1
