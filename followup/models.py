"""Follow-up of initiatives: records on effect goals, learning notes, reminders sent, and the yearly status report.

Records belong to the goal, not to a version: `goal` is the effect goal's lineage (a UUID every copy of the goal
in a later version keeps), so a new version of the initiative carries its goals' history with it. Records are
corrected, never deleted: a correction is a new record that names the one it replaces.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Written
from audit.models import AppendOnly
from focusareas.models import FocusArea
from initiatives.models import Initiative


class PrivateStorage(FileSystemStorage):
    """Attachments live under PRIVATE_MEDIA_ROOT, which no URL serves; a view checks the role and streams them.

    The folder is read from the settings on every use, so it is never frozen into a migration."""

    def __init__(self):
        # Readable by the app's own user only, not by everyone on the server.
        super().__init__(base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def deconstruct(self):
        return ("followup.models.PrivateStorage", (), {})


private_storage = PrivateStorage()


class RecordQuerySet(models.QuerySet):
    def current(self):
        """Records no later correction replaces."""
        return self.filter(corrected_by__isnull=True)


class FollowUpRecord(models.Model):
    """One follow-up on an effect goal: a number (quantitative goals) or an observation (qualitative)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    goal = models.UUIDField(_("effect goal"), db_index=True)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True, blank=True)
    observation = models.TextField(_("observation"), blank=True)
    attachment = models.FileField(_("attached file"), storage=private_storage, upload_to="opfoelgning/%Y/", blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    comment = models.TextField(_("comment"))
    source = models.CharField(_("source or method"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up record")
        verbose_name_plural = _("follow-up records")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(observation=""),
                name="record_value_or_observation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value if self.value is not None else self.observation[:40]}"


class ReminderSent(models.Model):
    """A reminder mail that went out, so the daily command sends each one once."""

    class Kind(models.TextChoices):
        DUE = "forfalden", _("due")
        OVERDUE = "30-dage", _("30 days overdue")

    goal = models.UUIDField(_("effect goal"))
    due_date = models.DateField(_("due date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["goal", "due_date", "kind"], name="one_reminder_per_due")]

    def __str__(self) -> str:
        return f"{self.goal} {self.due_date} {self.kind}"


class LearningNote(Written):
    """What the strategy learned from an initiative, dated."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what did we learn?"))

    class Meta:
        verbose_name = _("learning note")
        verbose_name_plural = _("learning notes")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class StatusReport(models.Model):
    """The yearly status report for the whole strategy (no focus area) or one focus area.

    Three sections are written by people; everything else is computed from the data until the steering group
    marks the report final, when the computed content is stored in `snapshot` and served from there.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_assessment = models.TextField(_("the police's professional assessment"), blank=True)
    municipality_assessment = models.TextField(_("the municipality's assessment (SSP)"), blank=True)
    conclusion = models.TextField(_("the steering group's conclusion"), blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked final by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("marked final"), null=True, blank=True)
    snapshot = models.JSONField(_("content when marked final"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        # The SSP writer role (accounts.roles) holds it; an administrator as such does not.
        permissions = [("write_ssp_assessment", "May write the municipality's (SSP) assessment")]
        constraints = [
            models.UniqueConstraint(fields=["year", "focus_area"], name="one_report_per_year_and_area"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(focus_area__isnull=True), name="one_strategy_report_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.focus_area or ''}".strip()

    @property
    def is_final(self) -> bool:
        return self.snapshot is not None


class SectionChange(AppendOnly):
    """One saved change of a report's written section: who, when, before → after (the section's history)."""

    report = models.ForeignKey(
        StatusReport, verbose_name=_("status report"), on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField(_("section"), max_length=40)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change of a report section")
        verbose_name_plural = _("changes of report sections")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.section} {self.at:%Y-%m-%d %H:%M}"
