import pytest
from django.urls import reverse

from initiatives.models import LocalArea, Partner


@pytest.mark.parametrize(
    ("model", "create"),
    [
        (Partner, {"name": "Testpartner"}),
        (LocalArea, {"name": "Testområde"}),
    ],
)
def test_administrator_takes_an_entry_out_of_use_and_back_but_cannot_delete_it(client, admin_user, model, create):
    """Documents name the managed lists' entries, so the admin retires them instead of deleting them."""
    entry = model.objects.create(**create)
    client.force_login(admin_user)
    changelist = reverse(f"admin:initiatives_{model._meta.model_name}_changelist")

    response = client.post(changelist, {"action": "retire", "_selected_action": [entry.pk]})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.active

    client.post(changelist, {"action": "reinstate", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.active

    page = client.get(changelist)
    assert "Tag de valgte ud af brug" in page.text
    assert 'value="delete_selected"' not in page.text
    delete = reverse(f"admin:initiatives_{model._meta.model_name}_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=entry.pk).exists()
