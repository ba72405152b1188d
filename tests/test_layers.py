"""Dependencies point one way: an app imports only apps of a lower layer (docs/development.md), so each behaviour has
one home below everything that uses it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    {"audit", "datacache", "formatting", "mail", "pages"},  # the bottom layer: imports no app
    {"accounts", "focusareas", "indicators"},
    {"sso"},  # single sign-on: users, organisation and roles from the identity providers
    {"initiatives"},
    {"goal"},  # the goal's rules and pages, on the index data and the initiatives that serve it
    {"followup"},
    {"public"},  # the public pages, on everything above that the public may see
    {"tryg"},  # the pages that combine apps, settings and URLs
]
APPS = sorted(set().union(*LAYERS))
IMPORT = re.compile(rf"^\s*(?:from|import)\s+({'|'.join(APPS)})\b", re.M)


def _layer(app: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if app in layer)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_apps_below_it(app):
    wrong = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue  # historical snapshots, not dependencies of the running code
        for imported in IMPORT.findall(path.read_text(encoding="utf-8")):
            if imported != app and _layer(imported) >= _layer(app):
                wrong.add(f"{path.relative_to(ROOT)} imports {imported}")
    assert not wrong, sorted(wrong)


def test_every_app_has_a_layer():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()}
    assert ours <= set(APPS), ours - set(APPS)
