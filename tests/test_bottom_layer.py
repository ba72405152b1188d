"""The bottom layer (formatting, mail): every app may import it, and it imports none of them."""

import re
from pathlib import Path

import pytest

import formatting
import mail

APPS = ("accounts", "audit", "focusareas", "followup", "formatting", "indicators", "initiatives", "mail", "tryg")


@pytest.mark.parametrize("package", [formatting, mail], ids=lambda package: package.__name__)
def test_the_bottom_layer_imports_no_app(package):
    others = [app for app in APPS if app != package.__name__]
    imports = re.compile(rf"^\s*(from|import)\s+({'|'.join(others)})\b", re.M)
    for path in Path(package.__file__).parent.rglob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path
