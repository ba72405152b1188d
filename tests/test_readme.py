"""The README tells the truth: its commands, addresses, files, settings and demo logins exist as written."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from tryg.demo_users import DEMO_PASSWORD, DEMO_USERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE_SPANS = re.findall(r"`([^`\n]+)`", README)
CODE = "\n".join([*CODE_SPANS, *re.findall(r"```\w*\n(.*?)```", README, re.S)])


def test_readme_opens_with_what_tryg_is_and_the_two_commands():
    opening = README.split("## ")[0]
    assert "Tryg is the web application" in opening
    assert "make run" in opening and "make test" in opening


def _looks_like_a_file(span):
    # What `make` creates is not in the repository.
    if span in {".venv", "db.sqlite3", "staticfiles"} or not re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", span):
        return False
    top_level = {path.name for path in ROOT.iterdir()}
    return span.split("/")[0] in top_level or bool(re.search(r"\.(py|csv|css|po|md|toml)$", span))


def test_every_file_and_folder_it_names_exists():
    named = [span for span in CODE_SPANS if _looks_like_a_file(span)]
    layout = re.search(r"## Layout\n+```\n(.*?)```", README, re.S).group(1)
    for line in layout.splitlines():
        for column in re.split(r"\s{2,}", line.strip()):
            word = column.split(" ")[0]
            if word.endswith("/") or "." in word or word == "Makefile":
                named.append(word)
    assert len(named) > 15
    missing = [path for path in named if not (ROOT / path).exists()]
    assert not missing, missing


def test_every_address_it_names_is_served():
    addresses = {span.split("?")[0] for span in CODE_SPANS if span.startswith("/") and not span.startswith("/usr/")}
    assert len(addresses) > 8
    unknown = []
    for address in addresses:
        try:
            resolve(re.sub(r"<\w+>", "1", address))
        except Resolver404:
            unknown.append(address)
    assert not unknown, unknown


def test_every_command_it_names_exists():
    commands = set(re.findall(r"python manage\.py (\w+)", CODE))
    assert {"load_demo", "migrate", "import_tryghedsindeks"} <= commands
    assert commands <= set(get_commands())
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"\bmake (\w+)", CODE))
    assert {"run", "test"} <= targets
    for target in targets:
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target}"


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "tryg" / "settings.py").read_text()
    read = set(re.findall(r"(?:environ\.get|envbool|envlist)\(\s*\"(\w+)\"", settings_source))
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"} <= read
    configuration = README.split("## Configuration")[1].split("\n## ")[0]
    undocumented = sorted(name for name in read if f"`{name}`" not in configuration)
    assert not undocumented, undocumented


@pytest.mark.parametrize(("username", "first", "last", "organisation", "roles"), DEMO_USERS)
def test_demo_logins_match_load_demo(username, first, last, organisation, roles):
    row = re.search(rf"^\| `{username}` \| (.*)$", README, re.M)
    assert row, username
    assert f"{first} {last}" in row.group(1) and organisation.label in row.group(1)
    assert all(role in row.group(1) for role in roles)
    assert f"`{DEMO_PASSWORD}`" in README
