"""Pages kept in the page cache (datacache) until the data changes: served without rebuilding, never stale or leaked.

Each test changes the data through the service a user or administrator would use and sees the page change.
"""

import io
import os
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import datacache
from indicators.models import SubGoal
from indicators.writing import import_file, revert_import
from initiatives import workflow
from tests.indicators.importfiles import csv_file
from tests.initiatives.factories import InitiativeVersionFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")

ORIGINAL = ["2019;Aarhus;andel_trygge;85,0;;;;", "2019;Odense;andel_trygge;84,0;;;;"]
CORRECTED = ["2019;Aarhus;andel_trygge;81,5;;;;", "2019;Odense;andel_trygge;84,0;;;;"]


def _aarhus_2019(client) -> str:
    """The target's 2019 value as the goal page's table of the chart shows it."""
    html = client.get(reverse("goal")).content.decode()
    table = re.search(r'data-testid="chart-table".*?</table>', html, re.S).group(0)
    row = re.search(r'<th scope="row">2019.*?</tr>', table, re.S).group(0)
    return re.findall(r'<td class="fw-bold">([^<]*)', row)[0].strip()


def _main(response) -> str:
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def _sub_goal_count(client, number: int) -> str:
    html = client.get(reverse("goal")).content.decode()
    section = re.search(rf'data-testid="sub-goal-{number}".*?</section>', html, re.S).group(0)
    return re.search(r'data-testid="initiative-count">(Godkendte initiativer: \d+)', section).group(1)


def test_the_goal_page_is_built_once_and_then_served_from_memory(
    client, author, admin_user, django_assert_max_num_queries
):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    first = client.get(reverse("goal"))
    # Session, user, permissions (two) and the data version: none of the goal's own queries.
    with django_assert_max_num_queries(5):
        second = client.get(reverse("goal"))
    assert _main(second) == _main(first)  # the header differs: a fresh CSRF token in the logout form


def test_an_import_and_its_revert_change_the_goal_page(client, author, admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert _aarhus_2019(client) == "85,0"

    correction = import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)
    assert _aarhus_2019(client) == "81,5"

    revert_import(correction.batch, by=admin_user)
    assert _aarhus_2019(client) == "85,0"


def test_an_approval_changes_the_goal_page_count_and_a_new_draft_the_front_page(
    client, author, admin_user, police_member, municipal_member
):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert _sub_goal_count(client, 1) == "Godkendte initiativer: 0"
    front = client.get(reverse("home")).context
    assert [s.initiative_count for s in front["sub_goals"]] == [0, 0, 0]

    version = InitiativeVersionFactory(author=author, sub_goals=[1])
    assert [s.initiative_count for s in client.get(reverse("home")).context["sub_goals"]] == [1, 0, 0]
    workflow.submit(version, by=author, send_mail=False)
    for member in (police_member, municipal_member):
        workflow.decide(
            version,
            by=member,
            outcome="godkend",
            justification="Ja",
            contributes_to_goal=True,
            sub_goals=SubGoal.objects.filter(number=1),
            send_mail=False,
        )
    assert _sub_goal_count(client, 1) == "Godkendte initiativer: 1"


def test_a_change_in_another_process_reaches_this_one(client, author, admin_user):
    """Another worker's write is seen here through the version in the database, not through this process."""
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert _aarhus_2019(client) == "85,0"
    from indicators.models import IndexValue

    # As another process would: the value and the version change in the database, this process's memory not.
    IndexValue.objects.filter(area__name="Aarhus", year=2019).update(value="79.0")
    assert _aarhus_2019(client) == "85,0"  # a bulk write without a bump is not seen: hence the bumps by hand
    datacache.bump()
    assert _aarhus_2019(client) == "79,0"


def test_what_is_kept_never_passes_a_permission_check(client, author, outsider, admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert client.get(reverse("goal")).status_code == 200
    assert client.get(reverse("home")).context["goal_year"] is not None

    client.force_login(outsider)
    assert client.get(reverse("goal")).status_code == 403
    response = client.get(reverse("home"))
    assert response.context["goal_year"] is None
    assert 'id="goal-headline-heading"' not in response.text


def test_an_unknown_measure_is_not_kept_and_stays_a_404(client, author, admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    for _ in range(2):
        assert client.get(reverse("goal"), {"maaling": "findes_ikke"}).status_code == 404
    # Nothing is kept under the page's key: a look-up of it builds anew.
    assert datacache.cached(("goal page", "findes_ikke", "da"), lambda: "built anew") == "built anew"


def test_the_list_shows_a_new_initiative_at_once(client, author):
    InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst")
    client.force_login(author)
    assert "Nabohjælp i Tilst" in client.get(reverse("initiatives:list")).text

    InitiativeVersionFactory(author=author, title="Tryg natteliv")
    page = client.get(reverse("initiatives:list")).text
    assert "Nabohjælp i Tilst" in page and "Tryg natteliv" in page


def test_an_embargo_mark_goes_on_the_day_the_embargo_ends(client, author, monkeypatch):
    """What is kept for a day is kept for that day only: the list's embargo marks follow the date."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    InitiativeVersionFactory(
        author=author,
        title="Hemmeligt forsøg",
        embargo_until=today + datetime.timedelta(days=1),
        embargo_reason="Forskning",
    )
    client.force_login(author)
    assert 'class="badge embargo-mark"' in client.get(reverse("initiatives:list")).text
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert 'class="badge embargo-mark"' not in client.get(reverse("initiatives:list")).text


def test_the_steering_group_queue_and_each_member_s_count_follow_submissions_and_decisions(
    client, author, police_member, municipal_member
):
    client.force_login(police_member)
    page = client.get(reverse("initiatives:steering")).text
    assert 'data-testid="queue-item"' not in page and "Du har ikke flere beslutninger at træffe." in page

    version = InitiativeVersionFactory(author=author, title="Indsendt initiativ", sub_goals=[1])
    workflow.submit(version, by=author, send_mail=False)
    page = client.get(reverse("initiatives:steering")).text
    assert page.count('data-testid="queue-item"') == 1 and "du mangler at træffe beslutning om: 1" in page

    workflow.decide(
        version,
        by=police_member,
        outcome="godkend",
        justification="Ja",
        contributes_to_goal=True,
        sub_goals=SubGoal.objects.filter(number=1),
        send_mail=False,
    )
    page = client.get(reverse("initiatives:steering")).text
    assert "Du har ikke flere beslutninger at træffe." in page and "Politiet 1 af 1" in page


def test_what_is_kept_per_user_follows_a_change_of_role(client, author, municipal_member):
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    version = InitiativeVersionFactory(author=author, title="Indsendt initiativ", sub_goals=[1])
    workflow.submit(version, by=author, send_mail=False)
    client.force_login(municipal_member)
    assert "Afventer din beslutning" in client.get(reverse("home")).text

    municipal_member.groups.remove(Group.objects.get(name=Role.STEERING_MEMBER))
    municipal_member.groups.add(Group.objects.get(name=Role.MUNICIPAL_STAFF))
    assert "Afventer din beslutning" not in client.get(reverse("home")).text


def test_the_initiative_page_is_shared_but_each_reader_gets_their_own_actions(
    client, author, police_member, municipal_member
):
    version = InitiativeVersionFactory(author=author, title="Indsendt initiativ", sub_goals=[1])
    workflow.submit(version, by=author, send_mail=False)
    url = reverse("initiatives:detail", args=[version.initiative_id])
    client.force_login(police_member)
    assert 'data-testid="decision-form"' in client.get(url).text
    client.force_login(author)
    page = client.get(url).text
    assert 'data-testid="decision-form"' not in page and "Indsendt initiativ" in page

    workflow.decide(
        version,
        by=police_member,
        outcome="godkend",
        justification="Godt gennemarbejdet",
        contributes_to_goal=True,
        sub_goals=SubGoal.objects.filter(number=1),
        send_mail=False,
    )
    client.force_login(police_member)
    page = client.get(url).text
    assert 'data-testid="decision-form"' not in page and "Godt gennemarbejdet" in page
    client.force_login(municipal_member)
    assert 'data-testid="decision-form"' in client.get(url).text


def test_a_permission_taken_from_a_role_or_given_to_a_user_applies_at_the_next_request(client, author, outsider):
    """Permissions are kept per user until users, roles or permissions change: never one request longer."""
    from django.contrib.auth.models import Permission

    view = Permission.objects.get(codename="view_initiative", content_type__app_label="initiatives")
    client.force_login(author)
    assert client.get(reverse("initiatives:list")).status_code == 200
    for role in author.groups.all():
        role.permissions.remove(view)
    assert client.get(reverse("initiatives:list")).status_code == 403

    client.force_login(outsider)
    assert client.get(reverse("initiatives:list")).status_code == 403
    outsider.user_permissions.add(view)
    assert client.get(reverse("initiatives:list")).status_code == 200
    outsider.is_active = False
    outsider.save()
    assert client.get(reverse("initiatives:list")).status_code != 200


def test_a_login_keeps_what_is_kept(client, author, admin_user, django_assert_max_num_queries):
    """A login stamps the user's last login, which no kept page shows: the morning's logins must not make every
    process build its pages again, nor wait on the data version's row while an import is being written."""
    from django.test import Client

    admin_user.set_password("Et-langt-kodeord-2026")
    admin_user.save()
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    client.get(reverse("goal"))
    version = datacache.current_version()

    response = Client().post(reverse("login"), {"username": "admin", "password": "Et-langt-kodeord-2026"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert datacache.current_version() == version
    with django_assert_max_num_queries(5):  # served from memory, as before the login
        client.get(reverse("goal"))


def test_a_list_address_is_kept_shorter_than_the_rest(client, author, settings, django_assert_max_num_queries):
    """Every address is a page of its own (a list's filters and page number), and anyone may type a new one: such
    pages live PAGE_CACHE_ADDRESS_TIMEOUT seconds, the rest PAGE_CACHE_TIMEOUT."""
    InitiativeVersionFactory(author=author, title="Nabohjælp i Tilst")
    client.force_login(author)
    settings.PAGE_CACHE_ADDRESS_TIMEOUT = 0  # not kept at all
    client.get(reverse("home"))
    assert "Nabohjælp i Tilst" in client.get(reverse("initiatives:list"), {"x": 1}).text
    with django_assert_max_num_queries(3):  # the front page is kept (the session, the user, the version)
        client.get(reverse("home"))
    with CaptureQueriesContext(connection) as built:
        client.get(reverse("initiatives:list"), {"x": 1})
    assert any("initiatives_initiativeversion" in query["sql"] for query in built.captured_queries)


def test_one_transaction_replaces_the_version_once_after_it_ends(client, author, admin_user):
    """The version's row is written once per transaction, after it, so writers never wait on it meanwhile."""
    correction = import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    shown = _main(client.get(reverse("goal")))
    before = datacache.current_version()
    with CaptureQueriesContext(connection) as written, transaction.atomic():
        revert_import(correction.batch, by=admin_user)
        InitiativeVersionFactory(author=author)
        author.groups.add(*Group.objects.all())
        assert datacache.current_version() == before
    assert _main(client.get(reverse("goal"))) != shown  # the revert is shown
    bumps = [query for query in written.captured_queries if "datacache_dataversion" in query["sql"]]
    assert bumps == [] and datacache.current_version() != before


def test_migrate_and_the_operator_s_command_build_every_page_again(client, author, admin_user):
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert _aarhus_2019(client) == "85,0"
    from indicators.models import IndexValue

    IndexValue.objects.filter(area__name="Aarhus", year=2019).update(value="79.0")  # by hand, in SQL
    emit_post_migrate_signal(0, False, "default")
    assert _aarhus_2019(client) == "79,0"
    IndexValue.objects.filter(area__name="Aarhus", year=2019).update(value="78.0")
    call_command("clear_page_cache", stdout=io.StringIO())
    assert _aarhus_2019(client) == "78,0"


def test_the_pages_are_shared_through_redis_when_the_settings_name_it(
    client, author, admin_user, settings, django_assert_max_num_queries
):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {**settings.CACHES, "pages": {**redis, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    import_file(csv_file(*ORIGINAL), "a.csv", by=admin_user)
    client.force_login(author)
    assert _aarhus_2019(client) == "85,0"
    with django_assert_max_num_queries(5):  # from Redis
        client.get(reverse("goal"))
    import_file(csv_file(*CORRECTED), "b.csv", by=admin_user)
    assert _aarhus_2019(client) == "81,5"
