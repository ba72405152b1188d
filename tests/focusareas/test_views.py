import pytest
from django.urls import reverse

from focusareas.models import FocusArea

STRATEGY_AREAS = [
    "Indbrudsforebyggelse og nabohjælp",
    "Digital tryghed",
    "Aktivt medborgerskab som drivkraft i utrygge boligområder",
    "Byens natteliv",
    "Tryghed i trafikken",
    "Tryghedsskabende Kommunikation",
]


def test_front_page_shows_the_six_focus_areas_in_strategy_order(client, author):
    client.force_login(author)
    response = client.get(reverse("home"))
    assert [area.name for area in response.context["focus_areas"]] == STRATEGY_AREAS
    assert "Indbrudsforebyggelse og nabohjælp" in response.text


def test_front_page_is_danish_and_names_the_user(client, author):
    client.force_login(author)
    response = client.get(reverse("home"))
    assert '<html lang="da">' in response.text
    assert "Gå til hovedindhold" in response.text
    assert "Kommunal medarbejder" in response.text and "Aarhus Kommune" in response.text


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_admin_adds_a_focus_area(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("focusareas:create"),
        {"name": "Tryghed for unge", "description": "Nyt område.", "order": 70},
    )
    area = FocusArea.objects.get(slug="tryghed-for-unge")
    assert response["Location"] == area.get_absolute_url()
    assert area in client.get(reverse("home")).context["focus_areas"]


def test_duplicate_name_is_a_danish_field_error_and_nothing_is_saved(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("focusareas:create"),
        {"name": "Digital tryghed", "description": "Igen.", "order": 70},
    )
    assert response.status_code == 200
    assert "findes allerede et fokusområde" in str(response.context["form"].errors["name"])
    assert FocusArea.objects.filter(name="Digital tryghed").count() == 1


def test_the_web_address_is_made_from_the_name_with_danish_letters_spelled_out(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("focusareas:create"), {"name": "Tryghed på Åen og ved søerne", "description": "Ny.", "order": 80}
    )
    area = FocusArea.objects.get(name="Tryghed på Åen og ved søerne")
    assert area.slug == "tryghed-paa-aaen-og-ved-soeerne"
    client.post(
        reverse("focusareas:edit", args=[area.slug]), {"name": "Tryghed ved Åen", "description": "Ny.", "order": 80}
    )
    area.refresh_from_db()
    assert area.name == "Tryghed ved Åen" and area.slug == "tryghed-paa-aaen-og-ved-soeerne"


def test_retired_area_leaves_the_front_page_but_keeps_its_page(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("focusareas:retire", args=["digital-tryghed"]))
    area = FocusArea.objects.get(slug="digital-tryghed")
    assert area.is_retired
    assert area not in client.get(reverse("home")).context["focus_areas"]
    detail = client.get(area.get_absolute_url())
    assert detail.status_code == 200 and "Udfaset" in detail.text
    assert area in client.get(reverse("focusareas:list")).context["retired"]

    client.post(reverse("focusareas:reinstate", args=["digital-tryghed"]))
    area.refresh_from_db()
    assert not area.is_retired


def test_staff_cannot_retire_a_focus_area(client, author):
    client.force_login(author)
    response = client.post(reverse("focusareas:retire", args=["digital-tryghed"]))
    assert response.status_code == 403
    assert not FocusArea.objects.get(slug="digital-tryghed").is_retired


def test_unknown_focus_area_is_404(client, author):
    client.force_login(author)
    assert client.get(reverse("focusarea", args=["findes-ikke"])).status_code == 404


# The front page also loads the user's tasks (awaiting decision, returned for revision) and "My initiatives" (one
# query each), the goal's headline (goal.queries.latest_headline, two) and the goals due for follow-up (two).
@pytest.mark.parametrize(("url_name", "budget"), [("home", 15), ("focusareas:list", 9)])
def test_pages_use_a_constant_number_of_queries(client, author, django_assert_max_num_queries, url_name, budget):
    client.force_login(author)
    with django_assert_max_num_queries(budget):
        client.get(reverse(url_name))


def test_an_english_browser_still_gets_danish(client, author):
    client.force_login(author)
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Gå til hovedindhold" in response.text


def test_admin_retires_focus_areas_with_an_action(client, admin_user):
    client.force_login(admin_user)
    changelist = reverse("admin:focusareas_focusarea_changelist")
    assert "Tag valgte fokusområder ud af brug" in client.get(changelist).text

    area = FocusArea.objects.get(slug="byens-natteliv")
    client.post(changelist, {"action": "retire", "_selected_action": [area.pk]})
    area.refresh_from_db()
    assert area.is_retired and FocusArea.objects.filter(pk=area.pk).exists()
