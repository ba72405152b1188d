"""Pages that combine apps: each calls the apps' query functions and never reaches into their internals."""

from django.shortcuts import get_object_or_404, render

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives import queries as initiative_queries
from initiatives.pagination import paginate
from initiatives.permissions import can_view as can_view_initiatives


def home(request):
    """Every logged-in user: the strategy at a glance, with the number of initiatives per focus area and sub-goal,
    and what awaits the user: versions to decide on (steering-group members) and versions returned to them."""
    per_area = initiative_queries.count_per_focus_area()
    per_sub_goal = initiative_queries.count_per_sub_goal()
    focus_areas = list(FocusArea.objects.active())
    sub_goals = list(SubGoal.objects.all())
    tasks = initiative_queries.tasks_for(request.user)
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
            "tasks": tasks,
        },
    )


def focusarea_detail(request, slug):
    """Every logged-in user: a focus area's description; with the reading permission, also its initiatives,
    a page at a time."""
    area = get_object_or_404(FocusArea, slug=slug)
    context = {"area": area}
    if can_view_initiatives(request.user):
        context["page"], context["query"] = paginate(request, initiative_queries.versions_for_focus_area(area))
    return render(request, "focusareas/focusarea_detail.html", context)
