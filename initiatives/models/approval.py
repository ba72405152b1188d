"""The steering group's approval: the quorum rule, the decisions and the timeline (append-only)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from audit.models import AppendOnly
from indicators.models import SubGoal
from initiatives.models.documents import Initiative, InitiativeVersion


class ApprovalRule(models.Model):
    """The steering group's quorum: how many approvals from each organisation approve a version (one row)."""

    police_approvals_required = models.PositiveSmallIntegerField(
        _("approvals required from the police"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    municipality_approvals_required = models.PositiveSmallIntegerField(
        _("approvals required from the municipality"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rule")

    def __str__(self) -> str:
        return _("Approval: %(police)s from the police and %(municipality)s from the municipality") % {
            "police": self.police_approvals_required,
            "municipality": self.municipality_approvals_required,
        }

    def save(self, *args, **kwargs):
        self.pk = 1  # there is only ever one rule
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ApprovalRule":
        rule, _created = cls.objects.get_or_create(pk=1)
        return rule

    def required(self, organisation: str) -> int:
        if organisation == Organisation.POLICE:
            return self.police_approvals_required
        return self.municipality_approvals_required


class Decision(AppendOnly):
    """One steering-group member's decision on one submitted text of a version (append-only)."""

    class Outcome(models.TextChoices):
        APPROVE = "godkend", _("Approve")
        RETURN = "send_tilbage", _("Send back for revision")
        REJECT = "afvis", _("Reject")

    version = models.ForeignKey(
        InitiativeVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="decisions"
    )
    # A version returned and submitted again is a new text: the decisions on the old text no longer count.
    revision = models.PositiveIntegerField(_("revision decided on"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    justification = models.TextField(_("justification"))
    contributes_to_goal = models.BooleanField(_("contributes to the strategy's goal"), default=False)
    sub_goals = models.ManyToManyField(SubGoal, verbose_name=_("through the sub-goals"), blank=True, related_name="+")
    # The member's vote on publication, part of an approval; the version is published only if every approval of
    # its text says so (initiatives.workflow.publication), and a field is public only if every approval marks it.
    publish = models.BooleanField(_("publish on the public pages"), default=False)
    publish_contacts = models.BooleanField(_("show the contact persons publicly"), default=False)
    publish_budget = models.BooleanField(_("show the budget publicly"), default=False)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "revision", "member"], name="one_decision_per_member_and_text"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_outcome_display()} ({self.version})"


class Event(AppendOnly):
    """One entry of an initiative's timeline: who did what to which version, when, and the state it led to."""

    class Action(models.TextChoices):
        SUBMITTED = "indsendt", _("submitted")
        APPROVED = "godkendte", _("approved")
        RETURNED = "sendte_tilbage", _("sent back for revision")
        REJECTED = "afviste", _("rejected")
        REVISION_STARTED = "ny_version", _("started a new version")
        COMPLETED = "afsluttede", _("completed the initiative")
        WITHDRAWN = "trak_tilbage", _("withdrew the submission of")
        ABANDONED = "opgav", _("abandoned")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="events"
    )
    version = models.ForeignKey(
        InitiativeVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=InitiativeVersion.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=InitiativeVersion.State.choices)
    justification = models.TextField(_("justification"), blank=True)
    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="event"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} ({self.version})"

    @property
    def changed_state(self) -> bool:
        return self.from_state != self.to_state
