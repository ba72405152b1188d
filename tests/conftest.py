"""The cast, named like the roles they play (healthchecks' alice/bob/charlie)."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

import datacache
from accounts.models import Organisation
from accounts.roles import Role
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_data_cache():
    # The per-process cache outlives a test's rolled-back data: each test starts from an empty one.
    datacache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Hashing is not what these tests test; the default hasher costs about 0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def author(db):
    """A municipal staff member who writes initiative documents."""
    return UserFactory(username="author", role=Role.MUNICIPAL_STAFF)


@pytest.fixture
def colleague(db):
    """Another municipal staff member: may read the author's work."""
    return UserFactory(username="colleague", role=Role.MUNICIPAL_STAFF)


@pytest.fixture
def police_member(db):
    """A police liaison who sits in the steering group."""
    user = UserFactory(username="police", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE)
    user.groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    return user


@pytest.fixture
def municipal_member(db):
    """A municipal member of the steering group."""
    return UserFactory(username="municipal", role=Role.STEERING_MEMBER, organisation=Organisation.MUNICIPALITY)


@pytest.fixture
def admin_user(db):
    """An administrator: imports index data, manages focus areas and the goal."""
    return UserFactory(username="admin", role=Role.ADMINISTRATOR)


@pytest.fixture
def outsider(db):
    """A logged-in user without any role: may read nothing but the overview pages."""
    return UserFactory(username="outsider")


class MailQueue:
    """The task queue as the worker (`manage.py db_worker`) sees it, runnable inside a test's transaction."""

    def run(self) -> None:
        """Run every task that is due, as the worker would, until none is left."""
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
        )
        while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            worker.run_task(result)

    def make_due(self) -> None:
        """Bring every scheduled retry forward to now, as if its delay had passed."""
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())

    def waiting(self) -> list[dict]:
        """The mails queued and not yet sent (each task's keyword arguments: to, subject, body, attempt)."""
        return [task.args_kwargs["kwargs"] for task in DBTaskResult.objects.filter(status=TaskResultStatus.READY)]


@pytest.fixture
def mail_queue(db):
    return MailQueue()


# The strategy data that `migrate` writes (focus areas, sub-goals, areas, measures, partners).
STRATEGY_DATA_MIGRATIONS = [
    ("focusareas.migrations.0002_strategy_focus_areas", "create_focus_areas"),
    ("indicators.migrations.0002_strategy_data", "create_strategy_data"),
    ("indicators.migrations.0004_goal_story_data", "add_measures_and_breaks"),
    ("indicators.migrations.0005_area_aliases_as_published", "add_aliases"),
    ("initiatives.migrations.0002_strategy_partners", "add_partners"),
]


@pytest.fixture
def strategy_data(transactional_db):
    """A transactional database with the strategy data in place: an earlier transactional test empties every table
    (and may skip post_migrate), so the permissions, role groups and strategy data are written again, as `migrate`
    wrote them."""
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    from indicators.models import Area

    emit_post_migrate_signal(0, False, "default")
    if not Area.objects.exists():
        for module, function in STRATEGY_DATA_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)
