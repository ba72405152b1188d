"""A yes/no setting takes only yes/no values: a typo stops the start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tryg.settings import envbool

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("True", True),
        (" 1 ", True),
        ("yes", True),
        ("on", True),
        ("false", False),
        ("FALSE", False),
        ("0", False),
        ("no", False),
        ("off", False),
    ],
)
def test_the_usual_spellings_are_understood(monkeypatch, value, expected):
    monkeypatch.setenv("TRYG_FLAG", value)
    assert envbool("TRYG_FLAG", "False") is expected


def test_unset_or_empty_takes_the_default(monkeypatch):
    monkeypatch.delenv("TRYG_FLAG", raising=False)
    assert envbool("TRYG_FLAG", "True") is True
    monkeypatch.setenv("TRYG_FLAG", "")
    assert envbool("TRYG_FLAG", "False") is False


@pytest.mark.parametrize("value", ["ture", "flase", "2", "y e s", "enabled"])
def test_anything_else_is_refused_with_the_name_and_the_value(monkeypatch, value):
    monkeypatch.setenv("TRYG_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=f"TRYG_FLAG='{value}' is not a yes/no value"):
        envbool("TRYG_FLAG", "False")


@pytest.mark.slow  # subprocess
def test_a_typo_in_debug_stops_every_command():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, "DEBUG": "ture"}, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value: use true or false." in result.stderr
