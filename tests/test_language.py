"""The interface is Danish throughout, and there is no other language to choose.

Source strings are English; a string someone forgot to wrap for translation, or whose Danish is missing from the
catalogue, shows up in English on a Danish page. These tests render every page the permission matrix opens for an
administrator and a municipal staff member (on top of the demo content) and look for common English words of our
source strings in what users read: text, titles, labels for assistive technology, button and placeholder texts.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.test_permission_matrix import ALL_ROWS, build_world

# Words from our English source strings that are not also Danish words ("Status", "Version", "Import", "Filter",
# "Organisation", "Menu", "Budget", "Upload", "Log", "for" and "by" are both, so they are not listed). Matched as
# whole words, case-sensitively.
ENGLISH_WORDS = [
    "Save",
    "Edit",
    "Cancel",
    "Delete",
    "Submit",
    "Search",
    "Show",
    "Back",
    "Next",
    "Previous",
    "Change",
    "Log in",
    "Log out",
    "Initiatives",
    "Initiative",
    "Overview",
    "Focus areas",
    "Focus area",
    "Steering group",
    "The goal",
    "Sub-goal",
    "Sub-goals",
    "Effect goal",
    "Approve",
    "Approved",
    "Reject",
    "Rejected",
    "Send back",
    "Returned",
    "Draft",
    "Submitted",
    "Completed",
    "History",
    "Print",
    "Download",
    "Decision",
    "Decisions",
    "Member",
    "Members",
    "Police",
    "Municipality",
    "Responsibility",
    "Year",
    "Value",
    "Measure",
    "Area",
    "Areas",
    "Title",
    "Description",
    "Name",
    "Date",
    "From",
    "Page",
    "Language",
    "Main menu",
    "Skip to main content",
    "Breadcrumb",
    "Retired",
    "New",
    "Create",
    "Required",
    "required",
    "This field",
    "Yes",
    "None",
    "True",
    "False",
    "Danish",
    "Partners",
    "Contact",
    "Summary",
    "Target group",
    "Agenda",
    "Revert",
    "Preview",
    "Confirm",
    "Password",
    "Username",
    "Account",
    "Awaiting",
    "Sort",
    "Newest",
    "Oldest",
    "of",
    "the",
    "and",
    "with",
    "not",
    "was",
]
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w-])")
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}


class ReadableText(HTMLParser):
    """What a user reads or hears: text outside scripts and styles, and the attributes that are read out."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if value and (
                name in READ_ATTRIBUTES
                or (name == "value" and tag in {"button", "input"} and dict(attrs).get("type") in {"submit", "button"})
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def english_words(html: str) -> list[str]:
    parser = ReadableText()
    parser.feed(html)
    return sorted({f"{match.group(0)!r} in {part[:80]!r}" for part in parser.parts for match in ENGLISH.finditer(part)})


def _pages(role, world):
    seen = {}
    for row in ALL_ROWS:
        if row.method == "get" and row.role == role and row.expected == 200 and not row.url_name.startswith("admin:"):
            seen.setdefault(reverse(row.url_name, kwargs=row.kwargs(world)), str(row))
    return seen


@pytest.fixture
def demo_world(db):
    call_command("load_demo", verbosity=0)
    return build_world()


def test_the_checker_finds_english():
    assert english_words('<main><button aria-label="Close">Save</button><p>Tryg i Aarhus</p></main>') == [
        "'Save' in 'Save'"
    ]


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_danish_pages_contain_no_english_source_strings(client, demo_world, role):
    client.force_login(demo_world.users[role])
    leaks, checked = [], 0
    for path, name in _pages(role, demo_world).items():
        response = client.get(path)
        if "text/html" not in response["Content-Type"]:
            continue
        checked += 1
        leaks += [f"{name} ({path}): {leak}" for leak in english_words(response.text)]
    assert checked >= 15
    assert not leaks, "English on Danish pages:\n" + "\n".join(leaks)


def test_login_and_error_pages_are_danish(client, db):
    pages = [client.get(reverse("login")), client.get("/findes-ikke/")]
    leaks = [leak for page in pages for leak in english_words(page.text)]
    assert not leaks, leaks


def test_danish_only_whatever_the_browser_asks_for(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}).text
    assert '<html lang="da">' in page
    for word in ["Overblik", "Fokusområder", "Initiativer", "Styregruppe", "Målet", "Import", "Log ud"]:
        assert word in page
    assert "Sprog" not in page and 'name="language"' not in page
    assert client.post("/sprog/", {"language": "en"}).status_code == 404
    client.cookies["django_language"] = "en"  # a cookie left from when English could be chosen
    assert "Log ud" in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("role", "url_name", "data"),
    [
        ("admin", "focusareas:create", {"name": "Digital tryghed", "slug": "Ikke en adresse!", "order": "x"}),
        ("admin", "indicators:import_upload", {"preview": "Vis forhåndsvisning"}),
        ("admin", "password_change", {"old_password": "forkert", "new_password1": "a", "new_password2": "b"}),
        ("staff", "initiatives:create", {}),
    ],
)
def test_form_errors_are_danish(client, demo_world, role, url_name, data):
    client.force_login(demo_world.users[role])
    response = client.post(reverse(url_name), data)
    assert response.status_code == 200 and "is-invalid" in response.text  # the form came back with its errors
    assert not english_words(response.text)
