"""Pages that combine apps: each calls the apps' query functions and never reaches into their internals."""

from django.shortcuts import get_object_or_404, render

from focusareas.models import FocusArea
from indicators.models import SubGoal


def home(request):
    """Every logged-in user: the strategy at a glance, starting with the focus areas."""
    return render(
        request,
        "home.html",
        {
            "focus_areas": FocusArea.objects.active(),
            "sub_goals": SubGoal.objects.all(),
        },
    )


def focusarea_detail(request, slug):
    """Every logged-in user: a focus area's description and its initiatives."""
    area = get_object_or_404(FocusArea, slug=slug)
    return render(request, "focusareas/focusarea_detail.html", {"area": area})
