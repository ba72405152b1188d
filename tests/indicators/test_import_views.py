"""The web import: upload → preview → confirm, the log and revert, as an administrator uses them."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.models import ImportBatch, IndexValue
from indicators.writing import import_file
from tests.accounts.factories import UserFactory
from tests.indicators.importfiles import REAL_FILE, REAL_FILE_AREAS, csv_file, snapshot

GOOD = csv_file("2019;Aarhus;andel_trygge;85,0;83,0;87,0;1300;Politiets Tryghedsundersøgelse 2019")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _upload(client, data: bytes, name: str = "tal.csv"):
    return client.post(reverse("indicators:import_upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def _confirm(client, response, **extra):
    return client.post(
        reverse("indicators:import_confirm"),
        {"sha256": response.context["sha256"], "plan": response.context["plan_fingerprint"], **extra},
        follow=True,
    )


def test_upload_shows_a_preview_and_writes_nothing_until_confirm(admin_client):
    before = snapshot()

    response = _upload(admin_client, REAL_FILE.read_bytes(), REAL_FILE.name)

    # The file's four housing areas are new: each must be ticked before anything can be imported.
    assert sorted(a.name for a in response.context["area_choices"]) == sorted(REAL_FILE_AREAS)
    _confirm(admin_client, response)
    assert snapshot() == before
    chosen = {"opret": sorted(REAL_FILE_AREAS)}
    response = admin_client.get(reverse("indicators:import_preview"), chosen)
    assert response.status_code == 200
    assert "Importen giver 58 nye, 0 ændrede og 0 uændrede værdier." in response.content.decode()
    assert snapshot() == before

    response = _confirm(admin_client, response, **chosen)

    assert IndexValue.objects.count() == 58
    assert "er importeret: 58 nye" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.file_name == REAL_FILE.name and batch.sha256 in response.content.decode()


def test_a_new_housing_area_needs_its_own_tick_in_the_preview(admin_client):
    data = csv_file(
        "2024;Skovparken (Aarhus);boligområde;andel_trygge;70",
        "2024;Aarhus;kommune;andel_trygge;80",
        header="år;område;områdetype;måling;værdi",
    )
    before = snapshot()

    response = _upload(admin_client, data)

    page = " ".join(response.content.decode().split())
    assert (
        "<td>2</td><td>område</td><td>»Skovparken (Aarhus)« er ikke et kendt område, og der oprettes ingen "
        "nye områder, uden at du vælger det." in page
    )
    assert 'name="opret" value="Skovparken (Aarhus)" id="opret-1">' in page
    assert "Opret »Skovparken (Aarhus)« som nyt område af typen boligområde (linje 2)" in page
    _confirm(admin_client, response)
    assert snapshot() == before

    ticked = admin_client.get(reverse("indicators:import_preview"), {"opret": "Skovparken (Aarhus)"})
    assert not ticked.context["plan"].errors and ticked.context["plan"].created == 2
    _confirm(admin_client, ticked, opret="Skovparken (Aarhus)")

    assert IndexValue.objects.get(area__name="Skovparken (Aarhus)").area.kind == "boligområde"


def test_preview_shows_old_and_new_value_of_a_changed_row(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))

    response = _upload(admin_client, GOOD.replace(b"85,0", b"86,5"))

    rows = response.context["plan"].rows
    assert [row.status for row in rows] == ["changed"]
    assert "værdi: 85 → 86,5" in response.content.decode()


def test_reimporting_the_same_file_says_nothing_changed(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))
    before = snapshot()

    response = _confirm(admin_client, _upload(admin_client, GOOD))

    assert "Intet er ændret: alle 1 værdier" in response.content.decode()
    assert snapshot() == before


def test_errors_are_listed_with_line_column_and_danish_reason(admin_client):
    response = _upload(admin_client, csv_file("2019;Aarhus;andel_trygge;85", "2019;Aarhus;andel_trygge;tres"))

    page = response.content.decode()
    assert "Filen kan ikke importeres (antal fejl: 1)" in page
    assert "<td>3</td><td>værdi</td><td>»tres« er ikke et tal. Skriv det med cifre og decimalkomma, fx 85,7." in page
    assert "Importér filen" not in page


def test_confirm_validates_again_and_refuses_a_stale_or_foreign_upload(admin_client):
    response = _upload(admin_client, GOOD)

    refused = admin_client.post(reverse("indicators:import_confirm"), {"sha256": "0" * 64}, follow=True)

    assert "venter ikke længere" in refused.content.decode()
    assert IndexValue.objects.count() == 0
    _confirm(admin_client, response)
    assert IndexValue.objects.count() == 1


def test_two_administrators_importing_the_same_file_do_not_take_it_from_each_other(client, admin_user):
    other_admin = UserFactory(username="admin2", is_staff=True, is_superuser=True)
    other = Client()
    other.force_login(other_admin)
    client.force_login(admin_user)
    first_preview, second_preview = _upload(client, GOOD), _upload(other, GOOD)

    _confirm(client, first_preview)
    response = _confirm(other, second_preview)

    # The second administrator's preview promised a new value that the first has stored meanwhile.
    assert "har ændret sig siden forhåndsvisningen" in response.content.decode()
    assert response.context["plan"].unchanged == 1
    response = _confirm(other, response)
    assert "Intet er ændret" in response.content.decode()
    assert IndexValue.objects.count() == 1 and ImportBatch.objects.count() == 1


def test_confirm_imports_nothing_when_the_stored_values_changed_after_the_preview(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))
    preview = _upload(admin_client, GOOD.replace(b"85,0", b"86,0"))
    # Meanwhile a colleague's import (here: the command line) stores another value for the same row.
    import_file(GOOD.replace(b"85,0", b"90,0"), "kollega.csv")
    before = snapshot()

    response = _confirm(admin_client, preview)

    assert snapshot() == before
    page = response.content.decode()
    assert "har ændret sig siden forhåndsvisningen" in page and "værdi: 90 → 86" in page
    _confirm(admin_client, response)
    assert str(IndexValue.objects.get().value) == "86.000"


def test_double_submitted_confirm_imports_once(admin_client):
    preview = _upload(admin_client, GOOD)

    _confirm(admin_client, preview)
    again = _confirm(admin_client, preview)

    assert "venter ikke længere" in again.content.decode()
    assert IndexValue.objects.count() == 1 and ImportBatch.objects.count() == 1


def test_a_file_over_5_mb_is_refused_with_a_clear_message(admin_client):
    response = _upload(admin_client, b"x" * (5 * 1024 * 1024 + 1))

    assert "Filen er for stor" in response.content.decode()
    assert response.context["form"].errors


def test_unknown_area_can_be_created_from_the_preview(admin_client):
    response = _upload(admin_client, csv_file("2024;Atlantis;andel_trygge;70"))
    assert [a.name for a in response.context["plan"].unknown_areas] == ["Atlantis"]

    again = admin_client.get(reverse("indicators:import_preview"), {"opret": "Atlantis"})
    assert again.context["plan"].created == 1
    _confirm(admin_client, again, opret="Atlantis")

    assert IndexValue.objects.get().area.name == "Atlantis"


def test_log_lists_imports_and_revert_restores_the_previous_values(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))
    _confirm(admin_client, _upload(admin_client, GOOD.replace(b"85,0", b"90,0"), "rettet.csv"))
    newest = ImportBatch.objects.get(file_name="rettet.csv")

    log = admin_client.get(reverse("indicators:import_log"))
    assert "rettet.csv" in log.content.decode() and "tal.csv" in log.content.decode()

    response = admin_client.post(reverse("indicators:import_revert", args=[newest.pk]), follow=True)

    assert "er tilbageført" in response.content.decode()
    assert str(IndexValue.objects.get().value) == "85.000"


def test_view_only_staff_cannot_export_in_the_admin(client, db):
    """django-import-export's admin screens follow the permission codes in settings."""
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_indexvalue"))
    client.force_login(viewer)

    assert client.get(reverse("admin:indicators_indexvalue_changelist")).status_code == 200
    assert client.get(reverse("admin:indicators_indexvalue_export")).status_code == 403


def test_the_admin_exports_and_links_to_the_one_web_import(admin_client):
    """The admin has no import of its own: its list links to the web import, which applies every rule."""
    changelist = admin_client.get(reverse("admin:indicators_indexvalue_changelist")).content.decode()

    assert f'href="{reverse("indicators:import_upload")}"' in changelist
    assert "indexvalue/import/" not in changelist
    assert admin_client.get(reverse("admin:indicators_indexvalue_export")).status_code == 200


def test_only_administrators_see_the_import_link(client, admin_user, author):
    client.force_login(author)
    assert reverse("indicators:import_upload") not in client.get(reverse("home")).content.decode()
    client.force_login(admin_user)
    assert reverse("indicators:import_upload") in client.get(reverse("home")).content.decode()


_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "2019",
            "Aarhus",
            "751",
            "andel_trygge",
            "85,0",
            "-3",
            "101",
            "boligområde",
            "x;y",
            '"',
            "0,5",
            "-",
            "ikke opgjort",
            "Aarhuus",
            "85,7 %",
            "1.013",
        ]
    ),
    st.text(max_size=12),
)


@pytest.mark.slow  # fuzzing
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(
        st.sampled_from(
            [
                "år",
                "område",
                "kommunekode",
                "områdetype",
                "måling",
                "værdi",
                "nedre",
                "øvre",
                "respondenter",
                "kilde",
                "x",
                "Kommune",
                "2019",
                "2023",
                "tryghedsindeks",
                "nedre grænse",
            ]
        ),
        min_size=0,
        max_size=8,
    ),
    rows=st.lists(st.lists(_CELLS, max_size=9), max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_random_malformed_files_never_give_a_500_or_a_partial_write(admin_client, header, rows, delimiter, encoding):
    text = "\r\n".join(delimiter.join(line) for line in [header, *rows])
    data = text.encode(encoding, errors="replace")
    before = snapshot()

    response = _upload(admin_client, data)
    assert response.status_code == 200
    if "sha256" in (response.context or {}) and not response.context["plan"].errors:
        if response.context["plan"].flagged:
            # Flagged values are written only when the administrator confirms them.
            assert _confirm(admin_client, response).status_code == 200
            assert snapshot() == before
            confirmed = _confirm(admin_client, response, bekraeft="1")
        else:
            confirmed = _confirm(admin_client, response)
        assert confirmed.status_code == 200
        # A valid random file is imported whole: every row it planned is stored.
        assert IndexValue.objects.count() == len(before[0]) + response.context["plan"].created
    else:
        assert snapshot() == before


def test_reverting_twice_reverts_once_and_says_so(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))
    _confirm(admin_client, _upload(admin_client, GOOD.replace(b"85,0", b"90,0"), "rettet.csv"))
    newest = ImportBatch.objects.get(file_name="rettet.csv")
    url = reverse("indicators:import_revert", args=[newest.pk])
    admin_client.post(url)
    before = snapshot()

    response = admin_client.post(url, follow=True)

    assert "allerede tilbageført" in response.content.decode()
    assert snapshot() == before and str(IndexValue.objects.get().value) == "85.000"


UNKNOWN_COLUMN = csv_file("2019;Aarhus;andel_trygge;85;Rigspolitiet", header="år;område;måling;værdi;udgiver")


def test_an_unknown_column_blocks_the_import_until_the_administrator_chooses(admin_client):
    before = snapshot()

    response = _upload(admin_client, UNKNOWN_COLUMN)

    page = response.content.decode()
    assert "Vælg for kolonnen »udgiver«, om den skal læses som en af de kendte kolonner" in page
    assert "eller ignoreres" in page
    assert "Vælg ovenfor for hver kolonne, som importen ikke kender" in page
    assert 'action="/tryghedsindeks/import/bekraeft/"' not in page
    # The choice starts undecided: neither "ignore" nor a column is preselected.
    assert '<option value="" selected>– vælg –</option>' in page

    # A confirm without a choice (a stale form, a crafted request) writes nothing.
    response = _confirm(admin_client, response)
    assert "Vælg for kolonnen »udgiver«" in response.content.decode()
    assert snapshot() == before


def test_an_unknown_column_mapped_in_the_preview_is_stored_in_that_field(admin_client):
    _upload(admin_client, UNKNOWN_COLUMN)

    response = admin_client.get(reverse("indicators:import_preview"), {"kolonne_4": "kilde"})

    page = response.content.decode()
    assert "Importen giver 1 nye" in page and "<td>Rigspolitiet</td>" in page
    assert '<option value="kilde" selected>' in page
    _confirm(admin_client, response, kolonne_4="kilde")
    assert IndexValue.objects.get(area__name="Aarhus").source == "Rigspolitiet"


def test_an_unknown_column_ignored_in_the_preview_is_not_stored(admin_client):
    _upload(admin_client, UNKNOWN_COLUMN)

    response = admin_client.get(reverse("indicators:import_preview"), {"kolonne_4": "ignorer"})

    assert '<option value="ignorer" selected>' in response.content.decode()
    _confirm(admin_client, response, kolonne_4="ignorer")
    value = IndexValue.objects.get(area__name="Aarhus")
    assert (value.value, value.source) == (85, "")


def test_reloading_a_refused_confirmation_goes_back_to_the_preview_not_a_dead_end(admin_client):
    """The refused confirmation's page has the confirm address; a GET there (reload, back button) is no 405."""
    _confirm(admin_client, _upload(admin_client, GOOD))
    preview = _upload(admin_client, GOOD.replace(b"85,0", b"86,0"))
    import_file(GOOD.replace(b"85,0", b"90,0"), "kollega.csv")
    assert "har ændret sig siden forhåndsvisningen" in _confirm(admin_client, preview).content.decode()

    response = admin_client.get(reverse("indicators:import_confirm"), follow=True)

    assert response.redirect_chain[0] == (reverse("indicators:import_preview"), 302)
    assert response.status_code == 200 and "værdi: 90 → 86" in response.content.decode()
    assert str(IndexValue.objects.get().value) == "90.000"  # a GET imports nothing
    assert admin_client.put(reverse("indicators:import_confirm")).status_code == 405


def test_a_get_on_revert_shows_what_it_would_restore_and_reverts_nothing(admin_client):
    _confirm(admin_client, _upload(admin_client, GOOD))
    batch = ImportBatch.objects.get()

    response = admin_client.get(reverse("indicators:import_revert", args=[batch.pk]), follow=True)

    assert response.redirect_chain[0] == (reverse("indicators:import_revert_confirm", args=[batch.pk]), 302)
    assert response.status_code == 200 and IndexValue.objects.count() == 1
    assert ImportBatch.objects.get().reverted_at is None
