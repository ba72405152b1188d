"""Saving the report's written sections as the initiative document is saved: never a silent overwrite. Each form
carries the text it started from; a section a colleague changed meanwhile is not saved but shown with both texts,
and every saved change is kept (who, when, before → after)."""

from django.db import transaction
from django.utils.translation import gettext as _

from followup.models import SectionChange, StatusReport
from followup.permissions import SECTIONS


@transaction.atomic
def save(report: StatusReport, texts: dict[str, str], started_from: dict[str, str], *, by) -> dict[str, str]:
    """Save the sections whose stored text is still the one the writer started from; return the others (section →
    the colleague's text now stored). Nothing is saved when any section conflicts: the writer chooses first."""
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    changed, conflicts = {}, {}
    for name, text in texts.items():
        stored = getattr(report, name)
        if text == stored:
            continue
        if started_from.get(name, "") != stored:
            conflicts[name] = stored
        else:
            changed[name] = (stored, text)
    if conflicts:
        return conflicts
    for name, (before, after) in changed.items():
        SectionChange.objects.create(report=report, section=name, before=before, after=after, by=by)
        setattr(report, name, after)
    if changed:
        report.save(update_fields=list(changed))
    return {}


def history(report: StatusReport) -> list[SectionChange]:
    if report.pk is None:
        return []
    changes = list(SectionChange.objects.filter(report=report).select_related("by"))
    for change in changes:
        change.label = _section_label(change.section)
    return changes


def missing(report: StatusReport, *, today) -> list[str]:
    """What a report still lacks before it should be final (empty when its year has ended and all is written)."""
    lacks = []
    if report.year >= today.year:
        lacks.append(
            _("The year %(year)s has not ended: figures and follow-up may still arrive.") % {"year": report.year}
        )
    for name in SECTIONS:
        if not getattr(report, name).strip():
            lacks.append(_("Not written yet: %(section)s.") % {"section": _section_label(name)})
    return lacks


def _section_label(name: str) -> str:
    """The section's name as the form shows it (its model field's verbose name)."""
    field = StatusReport._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))
