"""A municipal user walks the whole redirect flow: login page, provider, back to Tryg signed in, single logout."""

from saml2.metadata import entity_descriptor

from sso.config import sp_config
from tests.sso import idp_urls
from tests.sso.conftest import municipal
from tests.sso.idp import MUNICIPALITY, IdentityProvider, idp_config


def test_municipal_user_signs_in_through_the_provider_and_out_again(ui, live_server, settings, tmp_path):
    provider_url = f"{live_server.url}/test-idp"
    (tmp_path / "kommune-idp.xml").write_text(str(entity_descriptor(idp_config(MUNICIPALITY, provider_url))))
    keys = idp_urls.__file__.rsplit("/", 1)[0] + "/keys"
    (tmp_path / "sso.toml").write_text(
        f'key_file = "{keys}/sp-key.pem"\ncert_file = "{keys}/sp-cert.pem"\n'
        '[providers.kommune]\norganisation = "kommune"\nmetadata = "kommune-idp.xml"\n'
        '[providers.kommune.roles]\n"urn:dk:aarhus:tryg:medarbejder" = "Kommunal medarbejder"\n'
    )
    settings.SSO_CONFIG_FILE = str(tmp_path / "sso.toml")
    settings.SITE_URL = live_server.url
    settings.ROOT_URLCONF = "tests.sso.idp_urls"
    sp_metadata = tmp_path / "sp.xml"
    sp_metadata.write_text(str(entity_descriptor(sp_config())))
    idp_urls.PROVIDER.update(
        idp=IdentityProvider(MUNICIPALITY, sp_metadata, provider_url),
        subject="karen-uuid-1",
        attributes=municipal("urn:dk:aarhus:tryg:medarbejder"),
    )

    ui.goto("/konto/log-ind/")
    ui.page.get_by_test_id("organisations").get_by_role("link", name="Aarhus Kommune").click()
    ui.page.wait_for_url(f"{provider_url}/sso?**")
    ui.page.get_by_role("button", name="Fortsæt til Tryg").click()
    ui.page.wait_for_url(f"{live_server.url}/")
    ui.check_accessibility()
    header = ui.page.get_by_role("banner").inner_text()
    assert "Karen Bach" in header and "Aarhus Kommune" in header and "Kommunal medarbejder" in header

    ui.page.get_by_role("button", name="Log ud").click()
    ui.page.wait_for_url(f"{provider_url}/slo?**")
    ui.goto("/")
    assert "/konto/log-ind/" in ui.page.url
