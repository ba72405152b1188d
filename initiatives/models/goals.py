"""A version's effect goals, and the end evaluation written when the initiative is completed."""

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Written
from indicators.models import SubGoal
from initiatives.models.documents import InitiativeVersion


class EffectGoal(models.Model):
    """What an initiative should change, and how that will be followed up (quantitatively or qualitatively)."""

    class Kind(models.TextChoices):
        QUANTITATIVE = "kvantitativ", _("Quantitative")
        QUALITATIVE = "kvalitativ", _("Qualitative")

    class Frequency(models.IntegerChoices):
        """Months between two follow-ups."""

        QUARTERLY = 3, _("Quarterly")
        HALF_YEARLY = 6, _("Half-yearly")
        YEARLY = 12, _("Yearly")

    version = models.ForeignKey(
        InitiativeVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="effect_goals"
    )
    description = models.TextField(_("effect goal"))
    kind = models.CharField(_("kind of follow-up"), max_length=20, choices=Kind.choices)
    sub_goal = models.ForeignKey(
        SubGoal, verbose_name=_("sub-goal it evidences"), on_delete=models.PROTECT, related_name="+"
    )
    metric = models.CharField(_("metric"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=3, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    method = models.TextField(
        _("method"),
        blank=True,
        help_text=_("For qualitative follow-up: interviews, observation, survey …"),
    )
    # The goal across versions: a new version's copy keeps it, so follow-up records belong to the goal.
    lineage = models.UUIDField(_("goal identity"), default=uuid.uuid4, editable=False, db_index=True)
    frequency = models.PositiveSmallIntegerField(
        _("follow-up frequency"),
        choices=Frequency.choices,
        default=Frequency.YEARLY,
        help_text=_("How often the goal is followed up; it sets the next due date."),
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.10"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "How far behind the straight line from baseline to target still counts as on track, as a "
            "share of the distance (0.10 = 10 %)."
        ),
    )
    change_reason = models.TextField(
        _("reason for a changed baseline or target"),
        blank=True,
        help_text=_("Required when a new version changes the baseline or the target of an approved goal."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("effect goal")
        verbose_name_plural = _("effect goals")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_quantitative(self) -> bool:
        return self.kind == self.Kind.QUANTITATIVE


class EndEvaluation(Written):
    """What came of an initiative, written when it is completed: required by the workflow's complete action."""

    class Recommendation(models.TextChoices):
        CONTINUE = "fortsaet", _("Continue")
        ADJUST = "juster", _("Adjust")
        STOP = "stop", _("Stop")

    version = models.OneToOneField(
        InitiativeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="end_evaluation",
    )
    worked = models.TextField(_("what worked"))
    did_not_work = models.TextField(_("what did not work"))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)

    class Meta:
        verbose_name = _("end evaluation")
        verbose_name_plural = _("end evaluations")

    def __str__(self) -> str:
        return str(self.version)
