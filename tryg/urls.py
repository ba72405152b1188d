from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from sso import views as sso_views
from tryg import views

admin.site.site_header = "Tryg i Aarhus"
admin.site.site_title = "Tryg i Aarhus"

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/log-ind/", sso_views.LoginView.as_view(), name="login"),
    path("konto/log-ud/", views.logout, name="logout"),
    # django-axes sends a locked-out login here (AXES_LOCKOUT_CALLABLE); it says nothing about whether the user exists.
    path(
        "konto/laast/",
        login_not_required(TemplateView.as_view(template_name="registration/locked_out.html")),
        name="locked_out",
    ),
    # Administrators never set a password: they send a reset link (accounts/admin.py) that the user completes here.
    path(
        "konto/ny-adgangskode/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "konto/ny-adgangskode/gemt/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("konto/adgangskode/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/aendringer/", include("accounts.urls")),
    # Single sign-on through the organisation's identity provider (SAML 2.0, docs/single-sign-on.md).
    path("sso/", include("sso.urls")),
    path("fokusomraader/", include("focusareas.urls")),
    # A focus area's page shows its initiatives too, so it is composed here, after the app's own pages ("ny/").
    path("fokusomraader/<slug:slug>/", views.focusarea_detail, name="focusarea"),
    path("initiativer/", include("initiatives.urls")),
    path("opfoelgning/", include("followup.urls")),
    path("tryghedsindeks/", include("goal.urls")),
    path("tryghedsindeks/", include("indicators.urls")),
    path("offentlig/", include("public.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
