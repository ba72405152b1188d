"""The strategy data a fresh database gets from `migrate` alone, and what operators rely on."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import ROLE_PERMISSIONS, Role
from focusareas.models import FocusArea
from indicators.models import Area, GoalDefinition, Measure, SubGoal

ROOT = Path(__file__).resolve().parent.parent


def test_migrate_creates_the_strategy_data(db):
    assert FocusArea.objects.count() == 6
    assert list(SubGoal.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert Area.objects.filter(kind=Area.Kind.COUNTRY).get().name == "Hele landet"
    assert Area.objects.filter(kind=Area.Kind.POLICE_DISTRICT).count() == 12
    assert Area.objects.filter(kind=Area.Kind.MUNICIPALITY).count() == 98
    aarhus = Area.objects.get(code="0751")
    assert aarhus.name == "Aarhus" and {"Aarhus Kommune", "Århus"} <= set(aarhus.aliases)
    assert "Københavns Kommune" in Area.objects.get(code="0101").aliases


def test_migrate_creates_the_measures_and_the_goal(db):
    assert Measure.objects.get(code="andel_trygge").unit == Measure.Unit.PERCENT
    assert Measure.objects.get(code="andel_utrygge").higher_is_better is False
    assert Measure.objects.get(code="nabolagsproblemer").sub_goal.number == 1
    goal = GoalDefinition.current()
    assert goal.target_area.name == "Aarhus" and goal.headline_measure.code == "andel_trygge"
    assert [c.area.name for c in goal.comparisons.all()] == ["København", "Odense", "Aalborg", "Esbjerg"]


def test_role_groups_hold_their_permissions(db):
    for role in Role:
        group = Group.objects.get(name=role)
        codenames = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert codenames and codenames <= set(ROLE_PERMISSIONS[role])
    admin_perms = {p.codename for p in Group.objects.get(name=Role.ADMINISTRATOR).permissions.all()}
    staff_perms = {p.codename for p in Group.objects.get(name=Role.MUNICIPAL_STAFF).permissions.all()}
    assert "add_focusarea" in admin_perms and "add_focusarea" not in staff_perms


def test_no_model_changes_without_migrations(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_load_demo_refuses_a_database_that_is_not_a_development_one(db, settings, monkeypatch):
    from django.core.management.base import CommandError
    from django.db import connection

    from tryg.management.commands.load_demo import is_development_database

    settings.DEBUG = True  # whatever DEBUG says
    production = "/var/lib/tryg/db.sqlite3" if connection.vendor == "sqlite" else "tryg"
    monkeypatch.setitem(connection.settings_dict, "NAME", production)
    with pytest.raises(CommandError, match="udviklingsdatabase"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="anne").exists()
    postgres = {"ENGINE": "django.db.backends.postgresql"}
    assert is_development_database({**postgres, "NAME": "tryg_dev"})
    assert is_development_database({**postgres, "NAME": "test_tryg"})
    assert not is_development_database({**postgres, "NAME": "tryg_production"})
    sqlite = {"ENGINE": "django.db.backends.sqlite3"}
    assert is_development_database({**sqlite, "NAME": ROOT / "db.sqlite3"})
    assert not is_development_database({**sqlite, "NAME": "/var/lib/tryg/db.sqlite3"})


def _manage(*args, **env):
    # Without DJANGO_SETTINGS_MODULE, manage.py loads the production settings, not pytest's (which force DEBUG on).
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.slow  # subprocess
def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-" + "y" * 20,
        ALLOWED_HOSTS="tryg.aarhus.dk",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # subprocess
def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="tryg.aarhus.dk")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.slow  # subprocess
@pytest.mark.parametrize(("ci", "outcome"), [("", "1 skipped"), ("true", "1 error")])
def test_browser_tests_skip_without_chromium_but_fail_in_ci(ci, outcome):
    clean = {k: v for k, v in os.environ.items() if k not in {"CI", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/browser/test_login.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **clean,
            "CI": ci,
            "CHROMIUM_PATH": "/nonexistent/chromium",
            "PATH": str(Path(sys.executable).parent),
            "DEBUG": "true",
        },
    )
    assert outcome in result.stdout, result.stdout[-2000:]
    assert (result.returncode != 0) == bool(ci)
