"""The public pages: open to anyone, read-only, only what the steering group published, cheap to serve."""

import pytest
from django.urls import reverse

from initiatives.models import InitiativeVersion
from tests.initiatives.factories import InitiativeVersionFactory
from tests.public.conftest import future, publish

State = InitiativeVersion.State


def test_the_start_page_shows_the_strategy_to_anyone(client, db):
    response = client.get(reverse("public:start"))
    assert response.status_code == 200
    assert "Delmål 1" in response.text
    assert "Indbrudsforebyggelse og nabohjælp" in response.text
    assert "Tilgængelighedserklæring" in response.text


def test_only_published_initiatives_in_force_are_listed(client, published, author):
    InitiativeVersionFactory(author=author, title="Godkendt men ikke offentlig", state=State.APPROVED)
    InitiativeVersionFactory(author=author, title="En kladde")
    page = client.get(reverse("public:initiatives")).text
    assert "Offentligt initiativ" in page
    assert "Godkendt men ikke offentlig" not in page and "En kladde" not in page


def test_the_embargo_in_force_always_wins(client, author):
    version = publish(InitiativeVersionFactory(author=author, title="Under embargo", state=State.APPROVED))
    InitiativeVersion.objects.filter(pk=version.pk).update(embargo_until=future())
    assert "Under embargo" not in client.get(reverse("public:initiatives")).text
    assert client.get(reverse("public:initiative", args=[version.initiative_id])).status_code == 404


def test_a_new_version_under_way_with_a_later_embargo_hides_the_published_one(client, published, author):
    from initiatives import workflow

    draft = workflow.start_revision(published.initiative, by=author)
    InitiativeVersion.objects.filter(pk=draft.pk).update(embargo_until=future())
    assert client.get(reverse("public:initiative", args=[published.initiative_id])).status_code == 404


def test_contact_persons_and_budget_only_when_the_approval_made_them_public(client, published, author):
    url = reverse("public:initiative", args=[published.initiative_id])
    page = client.get(url).text
    assert "Offentligt initiativ" in page
    assert str(author) not in page and "125.000" not in page and "Puljen" not in page
    publish(published, contacts=True, budget=True)
    page = client.get(url).text
    assert str(author) in page and "125.000 kr." in page and "Puljen" in page


def test_an_unpublished_initiative_is_not_found(client, author):
    version = InitiativeVersionFactory(author=author, state=State.APPROVED)
    response = client.get(reverse("public:initiative", args=[version.initiative_id]))
    assert response.status_code == 404
    assert "Der findes intet offentliggjort initiativ med dette nummer." in response.text


def test_a_bad_sub_goal_filter_is_a_clear_404(client, db):
    response = client.get(reverse("public:initiatives"), {"delmaal": "x\x00"})
    assert response.status_code == 404
    assert "Der findes intet delmål med nummeret" in response.text


def test_the_goal_page_shows_the_honest_headline_and_no_internal_links(client, index_values):
    response = client.get(reverse("public:goal"))
    assert response.status_code == 200
    page = response.text
    assert 'data-testid="headline"' in page and 'data-testid="chart-table"' in page
    assert "Sådan træffes vurderingen" in page or "vurdering" in page
    assert "/initiativer/?" not in page and reverse("goal_areas") not in page
    assert reverse("public:goal_csv") in page


def test_a_final_report_is_a_pdf_without_who_marked_it(client, final_report, steering_user):
    from io import BytesIO

    from pypdf import PdfReader

    listing = client.get(reverse("public:reports")).text
    url = reverse("public:report_pdf", args=[2025, "hele-strategien"])
    assert url in listing
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Den endelige konklusion." in text
    assert str(steering_user) not in text


def test_a_report_not_final_is_not_public(client, db):
    from followup.models import StatusReport

    StatusReport.objects.create(year=2024, conclusion="Kladde til konklusion")
    assert client.get(reverse("public:report_pdf", args=[2024, "hele-strategien"])).status_code == 404
    assert "2024" not in client.get(reverse("public:reports")).text


@pytest.mark.parametrize("name", ["public:start", "public:initiatives", "public:goal", "public:reports", "public:data"])
def test_public_answers_set_no_cookie_and_can_be_cached(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code in {200, 404}
    assert not response.cookies, response.cookies
    if response.status_code == 200:
        assert "public" in response["Cache-Control"] and response["ETag"]
        assert "Cookie" not in response.get("Vary", "")
        again = client.get(reverse(name), HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_logged_in_user_gets_no_cookie_from_a_public_page(client, author):
    client.force_login(author)
    response = client.get(reverse("public:start"))
    assert response.status_code == 200 and not response.cookies


def test_public_pages_refuse_a_post(client, db):
    assert client.post(reverse("public:start")).status_code == 405


def test_every_page_inside_links_to_the_accessibility_statement(client, author, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/tryg-aarhus-dk"
    login_page = client.get(reverse("login")).text
    client.force_login(author)
    for page in (login_page, client.get(reverse("home")).text, client.get(reverse("public:start")).text):
        assert '<a href="https://www.was.digst.dk/tryg-aarhus-dk">Tilgængelighedserklæring</a>' in page


def test_an_embargo_ends_on_its_day_without_any_change_to_the_data(client, author, monkeypatch):
    import datetime

    from django.utils import timezone

    version = publish(InitiativeVersionFactory(author=author, title="Snart offentligt", state=State.APPROVED))
    today = timezone.localdate()
    InitiativeVersion.objects.filter(pk=version.pk).update(embargo_until=today + datetime.timedelta(days=1))
    publish(version)  # the data version changes once, as the approval's would
    assert "Snart offentligt" not in client.get(reverse("public:initiatives")).text
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert "Snart offentligt" in client.get(reverse("public:initiatives")).text


def test_the_demo_publishes_its_approved_initiatives(client, db):
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    page = client.get(reverse("public:initiatives")).text
    approved = InitiativeVersion.objects.filter(state=State.APPROVED)
    assert approved and all(v.published and v.title in page for v in approved)
    assert "Forsøg om indbrudsforebyggelse" not in page  # a draft under embargo
