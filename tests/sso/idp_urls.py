"""Tryg's URLs plus the in-suite identity provider's pages, for the browser test (served by live_server)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from tryg.urls import urlpatterns as tryg_urlpatterns

# Set by the test: the IdentityProvider and who signs in at it.
PROVIDER = {}

PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Testudbyder</title></head>
<body><main><h1>Testudbyder</h1>{}</main></body></html>"""


@login_not_required
def sign_on(request):
    """The provider's login: it answers Tryg's request with a signed assertion, posted on by the user's click (a
    real provider's page submits itself)."""
    idp = PROVIDER["idp"]
    saml_request = idp.read_request(request.get_full_path())
    answer = idp.answer(saml_request, PROVIDER["subject"], PROVIDER["attributes"])
    relay_state = request.GET.get("RelayState", "")
    form = (
        f'<form method="post" action="{escape(saml_request.assertion_consumer_service_url)}">'
        f'<input type="hidden" name="SAMLResponse" value="{answer}">'
        f'<input type="hidden" name="RelayState" value="{escape(relay_state)}">'
        '<button type="submit">Fortsæt til Tryg</button></form>'
    )
    return HttpResponse(PAGE.format(form))


@login_not_required
def single_logout(request):
    return HttpResponse(PAGE.format("<p>Du er logget ud hos udbyderen.</p>"))


urlpatterns = [
    path("test-idp/sso", sign_on),
    path("test-idp/slo", single_logout),
    *tryg_urlpatterns,
]
