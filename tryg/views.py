"""Pages that combine apps: each calls the apps' query functions and never reaches into their internals."""

import logging
from functools import partial

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

import datacache
from focusareas.models import FocusArea
from followup import queries as followup_queries
from goal.queries import latest_headline
from indicators.models import SubGoal
from initiatives import queries as initiative_queries
from initiatives import steering
from initiatives.pagination import paginate
from initiatives.permissions import DECIDE_PERMISSION
from initiatives.permissions import can_view as can_view_initiatives
from pages.actions import post_only
from sso import views as sso_views

logger = logging.getLogger(__name__)


def strategy_at_a_glance() -> tuple[list[FocusArea], list[SubGoal]]:
    """The active focus areas and the sub-goals, each with its number of initiatives (`initiative_count`): the
    same for everyone, so the front page keeps them until the data changes (datacache)."""
    per_area = initiative_queries.count_per_focus_area()
    per_sub_goal = initiative_queries.count_per_sub_goal()
    focus_areas = list(FocusArea.objects.active())
    sub_goals = list(SubGoal.objects.all())
    for area in focus_areas:
        area.initiative_count = per_area.get(area.pk, 0)
    for sub_goal in sub_goals:
        sub_goal.initiative_count = per_sub_goal.get(sub_goal.pk, 0)
    return focus_areas, sub_goals


def home(request):
    """Every logged-in user: the strategy at a glance, with the number of initiatives per focus area and sub-goal,
    what awaits the user: versions to decide on (steering-group members), versions returned to them, the user's own
    initiatives (their drafts, and those naming them as contact person), and the effect goals they are contact
    person for that fall due within 14 days or are overdue."""
    focus_areas, sub_goals = datacache.cached(("strategy at a glance",), strategy_at_a_glance)
    user = request.user
    # The user's own lists are kept per user and the permissions they depend on, until the data changes.
    may_view = can_view_initiatives(user)
    roles = (user.pk, may_view, user.has_perm(DECIDE_PERMISSION))
    tasks = datacache.cached(("tasks", *roles), partial(steering.tasks_for, user))
    # The same honest headline as the goal page, for those who may read the goal.
    goal_year = None
    if user.has_perm("indicators.view_goaldefinition"):
        goal_year = datacache.cached(("goal headline", get_language()), latest_headline, keep_none=True)
    mine = datacache.cached(("my initiatives", *roles), partial(steering.my_initiatives, user))
    today = timezone.localdate()
    follow_up_due, follow_up_due_count = [], 0
    if may_view:
        follow_up_due, follow_up_due_count = datacache.cached(
            ("follow-up due", user.pk, today),
            partial(followup_queries.due_for, user, today, shown=steering.TASKS_SHOWN),
        )
    return render(
        request,
        "home.html",
        {
            "focus_areas": focus_areas,
            "sub_goals": sub_goals,
            "can_view_initiatives": may_view,
            "tasks": tasks,
            "goal_year": goal_year,
            "mine": mine,
            "follow_up_due": follow_up_due,
            "follow_up_due_count": follow_up_due_count,
            "today": today,
        },
    )


def focusarea_detail(request, slug):
    """Every logged-in user: a focus area's description; with the reading permission, also its initiatives,
    a page at a time."""
    area = get_object_or_404(FocusArea, slug=slug)
    context = {"area": area}
    if can_view_initiatives(request.user):
        context["page"], context["query"] = paginate(request, initiative_queries.versions_for_focus_area(area))
    return render(request, "focusarea_detail.html", context)


@login_not_required
@require_GET
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers, 503 when not.

    Cheap on purpose: no login, no session, no template, one trivial query.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.error("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the lockout page, without the username in its address (which
    would end up in logs and browser history)."""
    return redirect("locked_out")


@post_only(lambda request: reverse("home"))
def logout(request):
    """Every logged-in user: log out by POST (the menu button); a GET, e.g. a bookmark, goes to the overview."""
    return sso_views.log_out(request) or _log_out(request)


_log_out = auth_views.LogoutView.as_view()
