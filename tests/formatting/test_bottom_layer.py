"""The formatting app is the bottom layer: every app may import it, and it imports none of them."""

import re
from pathlib import Path

import formatting

APPS = ("accounts", "focusareas", "indicators", "initiatives", "tryg")


def test_formatting_imports_no_other_app():
    imports = re.compile(rf"^\s*(from|import)\s+({'|'.join(APPS)})\b", re.M)
    for path in Path(formatting.__file__).parent.rglob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path
