"""The incident: −5 % for Aarhus 2023 was saved in the admin, with no import batch and no audit entry, and the
front page's headline changed. Index values are now written by the importer only; the admin shows them."""

from django.urls import reverse

from indicators.models import IndexValue
from tests.indicators.factories import IndexValueFactory


def test_the_admin_shows_index_values_but_writes_none(client, admin_user):
    value = IndexValueFactory(value=62.0)
    client.force_login(admin_user)
    assert client.get(reverse("admin:indicators_indexvalue_changelist")).status_code == 200
    page = client.get(reverse("admin:indicators_indexvalue_change", args=[value.pk]))
    assert page.status_code == 200 and 'name="value"' not in page.text  # shown, not editable
    client.post(
        reverse("admin:indicators_indexvalue_change", args=[value.pk]),
        {"year": value.year, "area": value.area_id, "measure": value.measure_id, "value": "-5"},
    )
    assert IndexValue.objects.get(pk=value.pk).value == 62.0
    assert client.get(reverse("admin:indicators_indexvalue_add")).status_code == 403
    assert (
        client.post(reverse("admin:indicators_indexvalue_delete", args=[value.pk]), {"post": "yes"}).status_code == 403
    )
    assert IndexValue.objects.filter(pk=value.pk).exists()
