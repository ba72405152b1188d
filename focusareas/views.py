"""Focus-area pages that belong to this app alone; the detail page with initiatives is in tryg.views."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from focusareas.forms import FocusAreaForm
from focusareas.models import FocusArea


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


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("focusareas.change_focusarea", raise_exception=True)
def focusarea_retire(request, slug):
    """Administrators retire a focus area; it stays visible in history."""
    area = get_object_or_404(FocusArea, slug=slug)
    if request.method != "POST":  # a reload or a bookmark: back to the focus area, not a dead end
        return redirect(area)
    area.retire()
    messages.success(request, _("The focus area “%(name)s” is retired.") % {"name": area.name})
    return redirect(area)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("focusareas.change_focusarea", raise_exception=True)
def focusarea_reinstate(request, slug):
    """Administrators take a retired focus area into use again."""
    area = get_object_or_404(FocusArea, slug=slug)
    if request.method != "POST":
        return redirect(area)
    area.reinstate()
    messages.success(request, _("The focus area “%(name)s” is in use again.") % {"name": area.name})
    return redirect(area)
