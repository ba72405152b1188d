"""Confirming or declining a held change to a user (accounts/changes.py): another administrator, or for a police user
a police member of the steering group; everyone else gets 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import changes
from accounts.models import PendingChange


@require_POST
def settle_change(request, pk: int, outcome: str):
    """POST only, by a permitted second person (`changes.confirm_refusal`); back to the steering-group page."""
    change = get_object_or_404(PendingChange, pk=pk)
    refusal = changes.confirm_refusal(request.user, change)
    if refusal:
        raise PermissionDenied(refusal)
    changes.settle(change, by=request.user, confirm=outcome == "confirm", request=request)
    messages.success(request, _("The change was confirmed.") if outcome == "confirm" else _("The change was declined."))
    return redirect("initiatives:steering")
