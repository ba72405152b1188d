"""The web import of the safety index: upload → preview → confirm, and the import log with revert."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import uploads
from indicators.forms import UploadForm
from indicators.importing import (
    SOURCE_INDEX,
    ImportRefused,
    PlanChanged,
    RevertError,
    import_file,
    plan_fingerprint,
    revert_import,
)
from indicators.models import ImportBatch

SESSION_KEY = "indicators_import"
# The preview lists every error up to this many; the rest are counted (the command line prints them all).
MAX_ERRORS_SHOWN = 500


@permission_required("indicators.add_importbatch", raise_exception=True)
def import_upload(request):
    """Administrators upload an index file; nothing is written until they confirm the preview."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        digest = uploads.store(request.user.pk, upload.read())
        request.session[SESSION_KEY] = {
            "sha256": digest, "file_name": upload.name[:255], "source": form.cleaned_data["source"] or SOURCE_INDEX
        }
        return redirect("indicators:import_preview")
    return render(request, "indicators/import_upload.html", {"form": form})


@permission_required("indicators.add_importbatch", raise_exception=True)
def import_preview(request):
    """Administrators see what the uploaded file would do: new, changed and unchanged values, or its errors."""
    pending = _pending(request)
    if pending is None:
        return redirect("indicators:import_upload")
    create_areas = request.GET.getlist("opret")
    return _render_preview(request, pending, create_areas)


@require_POST
@permission_required("indicators.add_importbatch", raise_exception=True)
def import_confirm(request):
    """Administrators confirm the previewed file; it is validated again and imported all or nothing."""
    pending = _pending(request)
    if pending is None or request.POST.get("sha256") != pending[2]:
        messages.error(request, _("The uploaded file is no longer waiting for confirmation. Please upload it again."))
        return redirect("indicators:import_upload")
    data, file_name, digest, source = pending
    create_areas = request.POST.getlist("opret")
    try:
        outcome = import_file(
            data, file_name, by=request.user, create_areas=create_areas, previewed=request.POST.get("plan", ""),
            source=source,
        )
    except ImportRefused:
        # The data changed since the preview (or the areas chosen did); show the file's problems again.
        return _render_preview(request, pending, create_areas)
    except PlanChanged:
        # Someone changed the stored values after this preview: import only what the administrator has seen.
        messages.warning(
            request,
            _(
                "The stored values have changed since the preview (another import?), so nothing was saved. "
                "Check the updated preview and confirm again."
            ),
        )
        return _render_preview(request, pending, create_areas)
    uploads.discard(request.user.pk, digest)
    del request.session[SESSION_KEY]
    plan = outcome.plan
    if outcome.batch is None:
        messages.info(
            request,
            _("Nothing changed: all %(count)s values in “%(file)s” were already stored.")
            % {"count": plan.unchanged, "file": file_name},
        )
    else:
        messages.success(
            request,
            _("“%(file)s” was imported: %(created)s new, %(updated)s changed and %(unchanged)s unchanged values.")
            % {"file": file_name, "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
        )
    return redirect("indicators:import_log")


@permission_required("indicators.view_importbatch", raise_exception=True)
def import_log(request):
    """Administrators see every import: who, when, which file, and what it changed."""
    batches = ImportBatch.objects.select_related("imported_by", "reverted_by")
    page = Paginator(batches, 50).get_page(request.GET.get("side"))
    return render(request, "indicators/import_log.html", {"page": page})


@require_POST
@permission_required(
    ["indicators.add_importbatch", "indicators.change_indexvalue", "indicators.add_indexvalue"],
    raise_exception=True,
)
def import_revert(request, pk):
    """Administrators revert an import: the values it replaced come back, the values it added go."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        count = revert_import(batch, by=request.user)
    except RevertError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, _("The import “%(file)s” was reverted (%(count)s values).") % {"file": batch.file_name,
                                                                                  "count": count}
        )
    return redirect("indicators:import_log")


def _pending(request):
    """The file this user uploaded and has not confirmed yet, as (bytes, file name, digest, source), or None."""
    pending = request.session.get(SESSION_KEY) or {}
    digest = pending.get("sha256", "")
    data = uploads.load(request.user.pk, digest)
    if data is None:
        return None
    return data, pending.get("file_name", ""), digest, pending.get("source", SOURCE_INDEX)


def _render_preview(request, pending, create_areas):
    data, file_name, digest, source = pending
    try:
        plan = import_file(data, file_name, dry_run=True, create_areas=create_areas, source=source).plan
    except ImportRefused as e:
        plan = e.plan
    return render(
        request,
        "indicators/import_preview.html",
        {
            "plan": plan,
            "plan_fingerprint": plan_fingerprint(plan),
            "file_name": file_name,
            "sha256": digest,
            "create_areas": create_areas,
            "errors_shown": plan.errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(plan.errors) - MAX_ERRORS_SHOWN),
        },
    )
