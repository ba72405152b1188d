"""The steering group's pages: the queue of versions awaiting a decision, the printable agenda and the
decision log. Every role reads them."""

import datetime
from functools import partial

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

import datacache
from accounts import changes
from initiatives import sections, steering
from initiatives.filters import DecisionFilter
from initiatives.models import ApprovalRule
from initiatives.pagination import paginate
from initiatives.permissions import (
    VIEW_PERMISSION,
)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def steering_group(request):
    """Every role: the queue of versions awaiting the steering group, a page at a time, with what each member
    still has to decide, and how many await the user's own decision."""
    rule = ApprovalRule.current()
    police, municipality = rule.police_approvals_required, rule.municipality_approvals_required
    quorum = _("A submitted version is approved when %(police)s and %(municipality)s have approved it.") % {
        "police": ngettext("%(count)s member from the police", "%(count)s members from the police", police)
        % {"count": police},
        "municipality": ngettext(
            "%(count)s member from the municipality", "%(count)s members from the municipality", municipality
        )
        % {"count": municipality},
    }
    # The queue is the same for everyone on a given day (the embargo marks change at midnight): kept rendered until
    # the data changes. What awaits the user's own decision is kept per user and permission.
    queue_html = datacache.cached(
        ("steering queue", request.get_full_path(), timezone.localdate(), get_language()),
        partial(_steering_queue, request, rule),
        by_address=True,
    )
    user = request.user
    mine = datacache.cached(
        ("awaiting count", user.pk, user.has_perm("initiatives.decide_initiative")),
        partial(steering.awaiting_count, user),
    )
    return render(
        request,
        "initiatives/steering_group.html",
        {
            "queue_html": queue_html,
            "mine": mine,
            "rule": rule,
            "quorum": quorum,
            "today": timezone.localdate(),
            "membership_changes": steering.membership_changes(),
            "pending_changes": [(change, changes.may_confirm(user, change)) for change in changes.pending_changes()],
            "two_person_rule": changes.two_person_rule(),
            "sections": sections.sections_for("steering", request),
        },
    )


def _steering_queue(request, rule) -> str:
    """The requested page of the queue, its items and their table, rendered."""
    page, query = paginate(request, steering.awaiting_decision())
    queue = steering.queue_items(page.object_list)
    context = {"page": page, "query": query, "queue": queue, "rule": rule, "today": timezone.localdate()}
    return render_to_string("initiatives/_queue.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def agenda(request):
    """Every role: a printable agenda for a steering-group meeting: what awaits a decision on that date, a page
    at a time."""
    raw = request.GET.get("dato", "").strip()
    meeting = timezone.localdate()
    error = None
    if raw:
        try:
            meeting = datetime.date.fromisoformat(raw[:10])
        except ValueError:
            error = _("“%(value)s” is not a date. Choose the meeting date in the date field (e.g. 2026-05-04).") % {
                "value": raw[:20]
            }
    context = {
        "meeting": meeting,
        "error": error,
        "raw": raw[:20],
        "today": timezone.localdate(),
        "rule": ApprovalRule.current(),
    }
    if error:
        return render(request, "initiatives/agenda.html", context, status=400)
    page, query = paginate(request, steering.awaiting_decision(until=meeting))
    context.update(page=page, query=query, items=steering.queue_items(page.object_list))
    context["sections"] = sections.sections_for("agenda", request, meeting=meeting)
    return render(request, "initiatives/agenda.html", context)


@permission_required(VIEW_PERMISSION, raise_exception=True)
def decision_log(request):
    """Every role: every decision of the steering group, filterable, newest first."""
    filterset = DecisionFilter(request.GET or None, queryset=steering.decision_log())
    page, query = paginate(request, filterset.qs)
    return render(request, "initiatives/decision_log.html", {"filter": filterset, "page": page, "query": query})
