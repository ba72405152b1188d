"""Pages that combine apps: each calls the apps' query functions and never reaches into their internals."""

from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives import queries as initiative_queries
from initiatives.permissions import can_view as can_view_initiatives


def home(request):
    """Every logged-in user: the strategy at a glance, with the number of initiatives per focus area and sub-goal,
    what awaits the user: versions to decide on (steering-group members) and versions returned to them, and the
    user's own initiatives (their drafts, and those naming them as contact person)."""
    per_area = initiative_queries.count_per_focus_area()
    per_sub_goal = initiative_queries.count_per_sub_goal()
    focus_areas = list(FocusArea.objects.active())
    sub_goals = list(SubGoal.objects.all())
    tasks = initiative_queries.tasks_for(request.user)
    mine = initiative_queries.my_initiatives(request.user)
    for area in focus_areas:
        area.initiative_count = per_area.get(area.pk, 0)
    for sub_goal in sub_goals:
        sub_goal.initiative_count = per_sub_goal.get(sub_goal.pk, 0)
    return render(
        request,
        "home.html",
        {
            "focus_areas": focus_areas,
            "sub_goals": sub_goals,
            "can_view_initiatives": can_view_initiatives(request.user),
            "awaiting_decision": tasks.awaiting_decision,
            "returned_to_me": tasks.returned,
            "my_drafts": mine.drafts,
            "contact_for": mine.contact_for,
        },
    )


def focusarea_detail(request, slug):
    """Every logged-in user: a focus area's description; with the reading permission, also its initiatives."""
    area = get_object_or_404(FocusArea, slug=slug)
    context = {"area": area}
    if can_view_initiatives(request.user):
        context["initiatives"] = initiative_queries.versions_for_focus_area(area)
    return render(request, "focusareas/focusarea_detail.html", context)


def logout(request):
    """Every logged-in user: log out by POST (the menu button); a GET, e.g. a bookmark, goes to the overview."""
    if request.method in ("GET", "HEAD"):
        return redirect("home")
    return auth_views.LogoutView.as_view()(request)
