"""The README and the guides it links to tell the truth: their links, commands, addresses, files, settings and demo
logins exist as written."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from tryg.demo_users import DEMO_PASSWORD, DEMO_USERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#([\w-]+))?\)")


def _linked_guides():
    """Every local Markdown file reachable from the README through its links, the README first."""
    found, queue = {}, [ROOT / "README.md"]
    while queue:
        path = queue.pop(0)
        if path in found or not path.exists():
            continue
        found[path] = path.read_text(encoding="utf-8")
        linked = [(path.parent / target).resolve() for target, _anchor in LINK.findall(found[path])]
        queue += [target for target in linked if target.suffix == ".md"]
    return found


GUIDES = _linked_guides()
TEXT = "\n".join(GUIDES.values())
CODE_SPANS = re.findall(r"`([^`\n]+)`", TEXT)
CODE = "\n".join([*CODE_SPANS, *re.findall(r"```\w*\n(.*?)```", TEXT, re.S)])


def _anchors(markdown):
    """GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", markdown, flags=re.S), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_the_readme_is_short_and_links_the_guides():
    assert len(README.encode()) < 10_000
    guides = {path.relative_to(ROOT).as_posix() for path in GUIDES}
    assert {"docs/users.md", "docs/administrators.md", "docs/import-formats.md", "docs/rules.md"} <= guides
    assert {"docs/operations.md", "docs/security.md", "docs/development.md"} <= guides


def test_every_link_leads_to_a_file_and_heading_that_exist():
    broken = []
    for path, markdown in GUIDES.items():
        for target, anchor in LINK.findall(markdown):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            linked = (path.parent / target).resolve()
            if not linked.exists():
                broken.append(f"{path.name}: {target}")
            elif anchor and anchor not in _anchors(linked.read_text(encoding="utf-8")):
                broken.append(f"{path.name}: {target}#{anchor}")
        for anchor in re.findall(r"\]\(#([\w-]+)\)", markdown):
            if anchor not in _anchors(markdown):
                broken.append(f"{path.name}: #{anchor}")
    assert not broken, broken


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
    # The settings reference of the operations guide, or a line in the README (where a new setting may start).
    documented = README + (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    undocumented = sorted(name for name in read if f"`{name}`" not in documented)
    assert not undocumented, undocumented


@pytest.mark.parametrize(("username", "first", "last", "organisation", "roles"), DEMO_USERS)
def test_demo_logins_match_load_demo(username, first, last, organisation, roles):
    row = re.search(rf"^\| `{username}` \| (.*)$", README, re.M)
    assert row, username
    assert f"{first} {last}" in row.group(1) and organisation.label in row.group(1)
    assert all(role in row.group(1) for role in roles)
    assert f"`{DEMO_PASSWORD}`" in README
