"""The web import of the safety index: upload → preview → confirm, and the import log with revert."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from indicators import uploads
from indicators.forms import UploadForm
from indicators.layout import COLUMN_LABELS, LAYOUT_LABELS
from indicators.models import ImportBatch, Measure
from indicators.planning import plan_fingerprint
from indicators.writing import (
    SOURCE_INDEX,
    ImportOptions,
    ImportRefused,
    NeedsConfirmation,
    PlanChanged,
    RevertError,
    collector_paused,
    import_file,
    revert_import,
    revert_summary,
)
from pages.actions import post_only

SESSION_KEY = "indicators_import"
# The preview lists every error up to this many; the rest are counted (the command line prints them all).
MAX_ERRORS_SHOWN = 500
# The form value of "ignore this column" in the preview (the engine's column_map says "").
IGNORE_COLUMN = "ignorer"


@permission_required("indicators.add_importbatch", raise_exception=True)
def import_upload(request):
    """Administrators upload an index file; nothing is written until they confirm the preview."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        digest = uploads.store(request.user.pk, upload.read())
        request.session[SESSION_KEY] = {
            "sha256": digest,
            "file_name": upload.name[:255],
            "source": form.cleaned_data["source"] or SOURCE_INDEX,
        }
        return redirect("indicators:import_preview")
    return render(request, "indicators/import_upload.html", {"form": form})


@permission_required("indicators.add_importbatch", raise_exception=True)
def import_preview(request):
    """Administrators see what the uploaded file would do: new, changed and unchanged values, or its errors."""
    pending = _pending(request)
    if pending is None:
        return redirect("indicators:import_upload")
    data, file_name, digest, source = pending
    return _render_preview(request, data, file_name, digest, _options(request.GET, source))


@post_only(lambda request: reverse("indicators:import_preview"))
@permission_required("indicators.add_importbatch", raise_exception=True)
def import_confirm(request):
    """Administrators confirm the previewed file; it is validated again and imported all or nothing."""
    pending = _pending(request)
    if pending is None or request.POST.get("sha256") != pending[2]:
        messages.error(request, _("The uploaded file is no longer waiting for confirmation. Please upload it again."))
        return redirect("indicators:import_upload")
    data, file_name, digest, source = pending
    options = _options(request.POST, source)
    try:
        outcome = import_file(data, file_name, by=request.user, options=options, previewed=request.POST.get("plan", ""))
    except ImportRefused:
        # The data changed since the preview (or the areas chosen did); show the file's problems again.
        return _render_preview(request, data, file_name, digest, options)
    except NeedsConfirmation:
        messages.error(
            request,
            _(
                "Some values are flagged as implausible. Check them, tick the box that confirms "
                "them, and import again, or correct the file."
            ),
        )
        return _render_preview(request, data, file_name, digest, options)
    except PlanChanged:
        # Someone changed the stored values after this preview: import only what the administrator has seen.
        messages.warning(
            request,
            _(
                "The stored values have changed since the preview (another import?), so nothing was saved. "
                "Check the updated preview and confirm again."
            ),
        )
        return _render_preview(request, data, file_name, digest, options)
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


REVERT_PERMISSIONS = ["indicators.add_importbatch", "indicators.change_indexvalue", "indicators.add_indexvalue"]


@permission_required(REVERT_PERMISSIONS, raise_exception=True)
def import_revert_confirm(request, pk):
    """Administrators see what reverting an import would restore before they confirm it."""
    batch = get_object_or_404(ImportBatch.objects.select_related("imported_by"), pk=pk)
    return render(request, "indicators/import_revert.html", {"batch": batch, "summary": revert_summary(batch)})


@post_only(lambda request, pk: reverse("indicators:import_revert_confirm", args=[pk]))
@permission_required(REVERT_PERMISSIONS, raise_exception=True)
def import_revert(request, pk):
    """Administrators revert an import: the values it replaced come back, the values it added go."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        count = revert_import(batch, by=request.user)
    except RevertError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("The import “%(file)s” was reverted (%(count)s values).") % {"file": batch.file_name, "count": count},
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


def _options(params, source: str) -> ImportOptions:
    """The administrator's choices for reading the file, from the upload (its kind) and the preview's form (GET)
    or the confirm (POST)."""
    column_map = {}
    for name, key in params.items():
        # An unanswered choice ("") stays unknown, so the preview keeps asking; "ignorer" is the explicit answer.
        if name.startswith("kolonne_") and name[8:].isdigit() and (key in COLUMN_LABELS or key == IGNORE_COLUMN):
            column_map[int(name[8:])] = "" if key == IGNORE_COLUMN else key
    year = params.get("aar", "")
    return ImportOptions(
        source=source,
        layout=params.get("layout") if params.get("layout") in LAYOUT_LABELS else None,
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        measure=params.get("maaling") or None,
        column_map=column_map,
        create_areas=frozenset(params.getlist("opret")),
        confirm_flagged=params.get("bekraeft") == "1",
    )


def _choice(key: str | None) -> str:
    """The form value of a column's choice: a known column's key, "ignorer", or "" while undecided."""
    if key is None:
        return ""
    return key or IGNORE_COLUMN


def _render_preview(request, data, file_name, digest, options: ImportOptions):
    # The page shows every planned row: the plan's objects live until it is rendered (see collector_paused).
    with collector_paused():
        return _preview_page(request, data, file_name, digest, options)


def _preview_page(request, data, file_name, digest, options: ImportOptions):
    try:
        plan = import_file(data, file_name, dry_run=True, options=options).plan
    except ImportRefused as e:
        plan = e.plan
    return render(
        request,
        "indicators/import_preview.html",
        {
            "plan": plan,
            "table": plan.table,
            "plan_fingerprint": plan_fingerprint(plan),
            "file_name": file_name,
            "sha256": digest,
            "options": options,
            # Unknown areas, and those already chosen for creation so that the choice can be undone.
            "area_choices": [*plan.unknown_areas, *(a for a in plan.new_areas if a.name in options.create_areas)],
            "layouts": LAYOUT_LABELS.items(),
            "measures": Measure.objects.order_by("code"),
            "column_choices": COLUMN_LABELS.items(),
            "ignore_column": IGNORE_COLUMN,
            # Every column the administrator must decide about or has decided about, with the current choice.
            "column_decisions": sorted(
                (
                    (column, _choice(options.column_map.get(column.index)))
                    for column in [*plan.table.unknown, *plan.table.chosen]
                ),
                key=lambda decision: decision[0].index,
            ),
            "chosen_columns": [(index, _choice(key)) for index, key in options.column_map.items()],
            "errors_shown": plan.errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(plan.errors) - MAX_ERRORS_SHOWN),
        },
    )
