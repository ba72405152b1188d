"""The sign-in pages: the organisation choice (with the password form where it is allowed), the way to the
provider, the assertion consumer service and single logout. Thin: the rules live in sso.signin and sso.replay."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views

import audit
from audit.models import AuditEntry
from sso import config, replay, signin
from sso.attributes import Refused

BACKEND = "sso.backends.AccountBackend"


class LoginView(auth_views.LoginView):
    """Everyone: the organisation to sign in with, and the password form (only the break-glass account's when
    PASSWORD_LOGIN is off)."""

    def get_context_data(self, **kwargs):
        sso = config.load()
        return super().get_context_data(
            providers=list(sso.providers.values()) if sso else [],
            password_login=settings.PASSWORD_LOGIN,
            **kwargs,
        )


@login_not_required
def start(request, provider):
    """Everyone: off to the provider of the organisation chosen on the login page."""
    sso = config.load()
    if sso is None or provider not in sso.providers:
        raise Http404(_("No such organisation login."))
    next_path = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
        next_path = reverse(settings.LOGIN_REDIRECT_URL)
    query = urlencode({"idp": sso.providers[provider].entity_id, "next": next_path or reverse("home")})
    return HttpResponseRedirect(f"{reverse('saml2_login')}?{query}")


class SamlLogin(saml_views.LoginView):
    """Everyone: the signed authentication request to a configured provider; without one, the login page."""

    def get(self, request, *args, **kwargs):
        sso = config.load()
        if sso is None or sso.by_entity_id(request.GET.get("idp", "")) is None:
            return redirect("login")
        return super().get(request, *args, **kwargs)


class AssertionConsumer(saml_views.AssertionConsumerServiceView):
    """Everyone (the provider's answer, posted by the browser): pysaml2 checks the signature, audience,
    recipient, InResponseTo and the time window; here each assertion is accepted once and the user synced."""

    def custom_validation(self, response):
        try:
            replay.use_once(response.assertion)
        except replay.Replayed as error:
            self.failure_reason = str(error)
            raise

    def authenticate_user(self, request, session_info, attribute_mapping, create_unknown_user, assertion_info):
        provider = config.load().by_entity_id(session_info["issuer"])
        if provider is None:
            raise Refused(_("Tryg does not know this organisation login."), "unknown provider")
        user = signin.sign_in(request, provider, session_info["name_id"].text, session_info["ava"])
        if not user.is_active:
            raise Refused(_("Your Tryg account is closed. Contact an administrator."), "inactive user")
        request.audit_login_details = {"provider": provider.key}
        auth.login(request, user, backend=BACKEND)
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])
        return user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, Refused):
            message, reason = exception.message, exception.reason
        else:
            message = _(
                "The sign-in from your organisation could not be accepted: it was invalid, expired or "
                "already used. Start again from the login page."
            )
            reason = getattr(self, "failure_reason", "") or f"{type(exception).__name__}: {exception}"[:300]
        audit.record(AuditEntry.Action.LOGIN_FAILED, request=request, sso=True, reason=reason)
        return render(request, "sso/refused.html", {"message": message}, status=status)


class LogoutInit(saml_views.LogoutInitView):
    """A logged-in user who signed in through a provider: log out here and at the provider (single logout)."""

    def get(self, request, *args, **kwargs):
        if not signed_in_through_provider(request):
            auth.logout(request)
            return redirect(settings.LOGOUT_REDIRECT_URL)
        return super().get(request, *args, **kwargs)

    post = get


def signed_in_through_provider(request) -> bool:
    return saml_views._get_subject_id(getattr(request, "saml_session", {})) is not None


def log_out(request):
    """Log out by POST: through the provider (single logout) when the user signed in there, else locally."""
    if signed_in_through_provider(request):
        return LogoutInit.as_view()(request)
    return None


class Metadata(saml_views.MetadataView):
    """Everyone: the metadata a provider imports to trust Tryg (public by nature: entity ID, endpoints,
    certificates); without single sign-on set up there is none to give."""

    def get(self, request, *args, **kwargs):
        if config.load() is None:
            raise Http404(_("Single sign-on is not set up."))
        return super().get(request, *args, **kwargs)
