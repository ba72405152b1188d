"""Focus-area pages that belong to this app alone; the detail page with initiatives is in tryg.views."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from focusareas.forms import FocusAreaForm
from focusareas.models import FocusArea
from pages.actions import post_only


def focusarea_list(request):
    """Every logged-in user: active focus areas, then retired ones."""
    areas = FocusArea.objects.all()
    return render(
        request,
        "focusareas/focusarea_list.html",
        {"active": [a for a in areas if not a.is_retired], "retired": [a for a in areas if a.is_retired]},
    )


@permission_required("focusareas.add_focusarea", raise_exception=True)
def focusarea_create(request):
    """Administrators add a focus area."""
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area = form.save()
        messages.success(request, _("The focus area “%(name)s” was created.") % {"name": area.name})
        return redirect(area)
    return render(request, "focusareas/focusarea_form.html", {"form": form})


@permission_required("focusareas.change_focusarea", raise_exception=True)
def focusarea_edit(request, slug):
    """Administrators edit a focus area's name, description and order."""
    area = get_object_or_404(FocusArea, slug=slug)
    form = FocusAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        area = form.save()
        messages.success(request, _("The focus area “%(name)s” was saved.") % {"name": area.name})
        return redirect(area)
    return render(request, "focusareas/focusarea_form.html", {"form": form, "area": area})


def _area_page(request, slug) -> str:
    """Where a GET on an action goes (a reload or a bookmark): the focus area, not a dead end."""
    return reverse("focusarea", args=[slug])


@permission_required("focusareas.change_focusarea", raise_exception=True)
@post_only(_area_page)
def focusarea_retire(request, slug):
    """Administrators retire a focus area; it stays visible in history."""
    area = get_object_or_404(FocusArea, slug=slug)
    area.retire()
    messages.success(request, _("The focus area “%(name)s” is retired.") % {"name": area.name})
    return redirect(area)


@permission_required("focusareas.change_focusarea", raise_exception=True)
@post_only(_area_page)
def focusarea_reinstate(request, slug):
    """Administrators take a retired focus area into use again."""
    area = get_object_or_404(FocusArea, slug=slug)
    area.reinstate()
    messages.success(request, _("The focus area “%(name)s” is in use again.") % {"name": area.name})
    return redirect(area)
