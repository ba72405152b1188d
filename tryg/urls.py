from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tryg import goal, views

admin.site.site_header = "Tryg i Aarhus"
admin.site.site_title = "Tryg i Aarhus"

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/adgangskode/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Anyone may pick the language, also on the login page.
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("fokusomraader/", include("focusareas.urls")),
    # A focus area's page shows its initiatives too, so it is composed here, after the app's own pages ("ny/").
    path("fokusomraader/<slug:slug>/", views.focusarea_detail, name="focusarea"),
    path("initiativer/", include("initiatives.urls")),
    # The goal page combines the index with the initiatives, so it is composed here, under the index's path.
    path("tryghedsindeks/", goal.goal_page, name="goal"),
    path("tryghedsindeks/", include("indicators.urls")),
    path("admin/", admin.site.urls),
]
