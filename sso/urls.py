"""Single sign-on's addresses. Every one is reached before logging in, except the logout."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from djangosaml2 import views as saml_views

from sso import views

urlpatterns = [
    path("start/<slug:provider>/", views.start, name="sso_start"),
    path("login/", login_not_required(views.SamlLogin.as_view()), name="saml2_login"),
    path("acs/", login_not_required(views.AssertionConsumer.as_view()), name="saml2_acs"),
    path("logout/", views.LogoutInit.as_view(), name="saml2_logout"),
    # The provider's logout request or its answer to ours; logs out the session it names.
    path("ls/", login_not_required(saml_views.LogoutView.as_view()), name="saml2_ls"),
    path("ls/post/", login_not_required(saml_views.LogoutView.as_view()), name="saml2_ls_post"),
    path("metadata/", login_not_required(views.Metadata.as_view()), name="saml2_metadata"),
]
