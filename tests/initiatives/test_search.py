"""Search finds what people type: numbers in any spelling, æøå in any case, people, partners and areas, and on
PostgreSQL Danish word forms, the most relevant first."""

import pytest
from django.db import connection
from django.urls import reverse

import datacache
from initiatives import workflow
from initiatives.models import InitiativeVersion
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import InitiativeVersionFactory, LocalAreaFactory, PartnerFactory


def _found(client, text, **filters):
    datacache.clear()  # the list's page of versions is in the context of a list built, not of one kept
    response = client.get(reverse("initiatives:list"), {"q": text, **filters})
    assert response.status_code == 200
    return {version.title for version in response.context["page"].object_list}


@pytest.fixture
def library(author, police_member):
    police_member.first_name, police_member.last_name = "Søren", "Ærø"
    police_member.save()
    in_aabyhoej = InitiativeVersionFactory(
        author=author,
        title="Tryghedsvandring i Åbyhøj",
        whole_municipality=False,
        responsibility="faelles",
        police_contact=police_member,
    )
    in_aabyhoej.local_areas.add(LocalAreaFactory(name="Åbyhøj Nord"))
    with_partner = InitiativeVersionFactory(author=author, title="Natteravne", description="Voksne på gaden.")
    with_partner.partners.add(PartnerFactory(name="Ældresagen Østjylland"))
    burglary = InitiativeVersionFactory(author=author, title="Nabohjælp", description="Færre indbrud i parcelhuse.")
    return {"aabyhoej": in_aabyhoej, "partner": with_partner, "burglary": burglary}


def test_the_number_in_every_spelling(client, author, library):
    client.force_login(author)
    version = library["burglary"]
    pk = version.initiative_id
    for text in (f"I-{pk}", f"I-{pk:03d}", f"i-{pk:03d}", str(pk), version.initiative.number):
        assert "Nabohjælp" in _found(client, text), text


@pytest.mark.parametrize("text", ["åbyhøj", "ÅBYHØJ", "Åbyhøj", "tryghedsVANDRING i åbyhøj"])
def test_danish_letters_in_any_case(client, author, library, text):
    client.force_login(author)
    assert _found(client, text) == {"Tryghedsvandring i Åbyhøj"}


@pytest.mark.parametrize("text", ["søren", "ÆRØ", "Søren Ærø"])
def test_the_contact_person(client, author, library, text):
    client.force_login(author)
    assert _found(client, text) == {"Tryghedsvandring i Åbyhøj"}


def test_the_municipal_contact_person(client, author, library):
    contact = UserFactory(first_name="Birgitte", last_name="Østergård")
    InitiativeVersion.objects.filter(pk=library["partner"].pk).update(municipal_contact=contact)
    client.force_login(author)
    assert _found(client, "østergård") == {"Natteravne"}


def test_partner_area_and_target_group(client, author, library):
    client.force_login(author)
    assert _found(client, "ældresagen") == {"Natteravne"}
    assert _found(client, "åbyhøj nord") == {"Tryghedsvandring i Åbyhøj"}
    assert _found(client, "borgere") == {"Tryghedsvandring i Åbyhøj", "Natteravne", "Nabohjælp"}


def test_every_word_must_match(client, author, library):
    client.force_login(author)
    assert _found(client, "natteravne ældresagen") == {"Natteravne"}
    assert _found(client, "natteravne åbyhøj") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_danish_word_forms_and_relevance_on_postgresql(client, author, library):
    InitiativeVersionFactory(author=author, title="Indbrud og indbrud", summary="Indbrud i rækkehuse.")
    client.force_login(author)
    assert _found(client, "indbruddene") == {"Nabohjælp", "Indbrud og indbrud"}
    datacache.clear()
    response = client.get(reverse("initiatives:list"), {"q": "indbruddene"})
    assert [v.title for v in response.context["page"].object_list] == ["Indbrud og indbrud", "Nabohjælp"]


def test_in_force_is_separate_from_the_latest_versions_state(client, author, municipal_member, police_member):
    approved = InitiativeVersionFactory(
        author=author, title="Godkendt med ny version", state=InitiativeVersion.State.APPROVED
    )
    workflow.start_revision(approved.initiative, by=author)
    InitiativeVersionFactory(author=author, title="Kun kladde")
    client.force_login(author)
    assert _found(client, "", in_force="ja") == {"Godkendt med ny version"}
    assert _found(client, "", in_force="nej") == {"Kun kladde"}
    assert _found(client, "", state="godkendt") == set()
    assert _found(client, "", state="kladde") == {"Godkendt med ny version", "Kun kladde"}
