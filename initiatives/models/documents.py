"""An initiative and its versions, with the places, partners and sub-goal contributions a version names."""

from django.apps import apps
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from indicators.models import SubGoal


class LocalArea(models.Model):
    """A local area or housing area in Aarhus that initiatives can name as their geography (managed list)."""

    class Kind(models.TextChoices):
        LOCAL_AREA = "lokalomraade", _("local area")
        HOUSING_AREA = "boligomraade", _("housing area")

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("An area with this name already exists.")},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOCAL_AREA)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Areas no longer in use stay on the initiatives that name them."),
    )

    class Meta:
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation initiatives work with, e.g. TrygFonden or a fællesråd (managed list, users may add)."""

    name = models.CharField(
        _("name"),
        max_length=160,
        unique=True,
        error_messages={"unique": _("A partner with this name already exists.")},
    )
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Partners no longer in use are not offered on new documents."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for partners an administrator entered."),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    """The lasting identity of an initiative; its content lives in its versions."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # The version being worked on or, when no revision is under way, the newest one. Lists show this one.
    latest_version = models.OneToOneField(
        "InitiativeVersion",
        verbose_name=_("latest version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The valid approved document; it stays valid while a new version is written and decided on.
    approved_version = models.OneToOneField(
        "InitiativeVersion",
        verbose_name=_("approved version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-pk"]
        permissions = [("decide_initiative", "Can decide on initiatives as steering-group member")]

    def __str__(self) -> str:
        title = self.latest_version.title if self.latest_version_id else ""
        return f"{self.number} {title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def number(self) -> str:
        """The number people quote in meetings, e.g. “I-007”; the primary key, so it never changes."""
        return f"I-{self.pk:03d}"

    @property
    def working_version(self) -> "InitiativeVersion | None":
        """The version open for editing (draft or returned), if any."""
        version = self.latest_version
        return version if version is not None and version.is_editable else None


_UNDER_WAY = ["kladde", "indsendt", "tilbagesendt"]  # draft, submitted, returned: a new version is being worked on


def embargo_in_force(initiative: str = "initiative__", field: str = "embargo_until"):
    """The embargo that applies to an initiative, as an SQL expression (the one home of the rule).

    `initiative` is the lookup path from the queried model to the Initiative ("" on Initiative itself);
    `field` is "embargo_until" for the date or "embargo_reason" for its reason. The rule: the approved version's
    embargo while it is in force; while a new version is under way, the later of the approved and the new
    version's date. A draft can lengthen an embargo (it will apply once approved) but never shorten or lift it;
    only approval of a version does. Before anything is approved, the version being written is all there is.
    """
    approved, latest = f"{initiative}approved_version__", f"{initiative}latest_version__"
    later = Q(**{f"{approved}embargo_until__isnull": True}) | Q(
        **{f"{latest}embargo_until__gt": F(f"{approved}embargo_until")}
    )
    return Case(
        When(Q(**{f"{initiative}approved_version__isnull": True}), then=F(f"{latest}{field}")),
        When(
            Q(**{f"{latest}state__in": _UNDER_WAY, f"{latest}embargo_until__isnull": False}) & later,
            then=F(f"{latest}{field}"),
        ),
        default=F(f"{approved}{field}"),
    )


def in_force(version: str = "") -> Q:
    """The versions in force: each initiative's approved version while it is approved (not yet completed; a newer
    version being written changes nothing until it is approved). `version` is the path from the model queried to
    the version: "" on versions, "version__" on contributions and effect goals."""
    return Q(
        **{
            f"{version}state": InitiativeVersion.State.APPROVED,
            f"{version}initiative__approved_version": F(version[:-2] or "pk"),
        }
    )


class InitiativeVersionQuerySet(models.QuerySet):
    def current(self):
        """Only each initiative's latest version: one row per initiative, for lists and counts."""
        return self.filter(initiative__latest_version=F("pk"))

    def with_embargo(self):
        """Load the embargo in force for each row's initiative (`version.embargo_in_force`), not the row's own."""
        return self.annotate(
            applied_embargo_until=embargo_in_force(), applied_embargo_reason=embargo_in_force(field="embargo_reason")
        )

    def embargoed(self, on=None):
        on = on or timezone.localdate()
        return self.alias(_embargo=embargo_in_force()).filter(_embargo__gt=on)

    def not_embargoed(self, on=None):
        on = on or timezone.localdate()
        return self.alias(_embargo=embargo_in_force()).filter(Q(_embargo__isnull=True) | Q(_embargo__lte=on))

    def editors(self) -> dict[int, set[int]]:
        """Per version id, every user who wrote or edited its text: its author, its last editor and everyone in
        its history (document, sub-goal contributions, effect goals), in this version and in every version it
        was copied from, back to the first. Separation of duties rests on this; two queries for any number.
        """
        asked = self.order_by().filter(pk=OuterRef("pk"))
        lineage = (
            InitiativeVersion.objects.filter(initiative__in=self.order_by().values("initiative_id"))
            .annotate(asked=Exists(asked))
            .order_by()
            .values_list("pk", "copied_from_id", "author_id", "last_edited_by_id", "asked")
        )
        rows, ids = {}, []
        for pk, parent, author, editor, is_asked in lineage:
            rows[pk] = (parent, {author, editor} - {None})
            if is_asked:
                ids.append(pk)
        wrote = {pk: users for pk, (_parent, users) in rows.items()}
        who = ("history_user_id",)
        # Effect goals are defined on top of this module (initiatives/models/goals.py), so they are looked up.
        EffectGoal = apps.get_model("initiatives", "EffectGoal")
        history = (
            InitiativeVersion.history.filter(id__in=rows)
            .order_by()
            .values_list("id", *who)
            .union(Contribution.history.filter(version_id__in=rows).order_by().values_list("version_id", *who))
            .union(EffectGoal.history.filter(version_id__in=rows).order_by().values_list("version_id", *who))
        )
        for version_id, user_id in history:
            if user_id is not None:
                wrote[version_id].add(user_id)
        result = {}
        for pk in ids:
            users, current = set(), pk
            while current is not None:
                users |= wrote[current]
                current = rows[current][0]
            result[pk] = users
        return result


class InitiativeVersion(models.Model):
    """One version of an initiative document, from draft to approval; approved versions are never edited.

    Only the title is required to save: a draft is written over days, and what a complete document holds is
    checked when it is submitted (initiatives/completeness.py), so most fields may be empty here."""

    class State(models.TextChoices):
        DRAFT = "kladde", _("Draft")
        SUBMITTED = "indsendt", _("Submitted")
        APPROVED = "godkendt", _("Approved")
        RETURNED = "tilbagesendt", _("Returned for revision")
        REJECTED = "afvist", _("Rejected")
        COMPLETED = "afsluttet", _("Completed")
        ABANDONED = "opgivet", _("Abandoned")

    # The states in which the document's text may change; every other state freezes it.
    EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})

    class Basis(models.TextChoices):
        EVIDENCE = "evidens", _("Evidence of effect")
        DEVELOPMENT = "udvikling", _("Developing the safety work")

    class Responsibility(models.TextChoices):
        JOINT = "faelles", _("Joint (police and municipality)")
        POLICE = "politi", _("The police")
        MUNICIPALITY = "kommune", _("The municipality")

    class Origin(models.TextChoices):
        NEW = "ny", _("New initiative")
        EXISTING = "eksisterende", _("Existing initiative brought under the strategy")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False)

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("short summary"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences for lists and the agenda."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_focus_areas = models.ManyToManyField(
        FocusArea,
        verbose_name=_("other focus areas it touches"),
        blank=True,
        related_name="+",
    )

    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, blank=True)
    evidence_summary = models.TextField(
        _("earlier results"),
        blank=True,
        help_text=_("Which earlier result the initiative builds on, and what it showed."),
    )
    evidence_references = models.TextField(
        _("references"),
        blank=True,
        help_text=_("Where the result is documented: report, article or evaluation, with year and link."),
    )
    learning_question = models.TextField(
        _("learning question"),
        blank=True,
        help_text=_("What should the safety work learn from this initiative?"),
    )

    responsibility = models.CharField(_("responsibility"), max_length=20, choices=Responsibility.choices, blank=True)
    municipal_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person in the municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person in the police"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    target_group = models.TextField(_("target group"), blank=True)
    whole_municipality = models.BooleanField(_("the whole municipality"), default=False)
    local_areas = models.ManyToManyField(
        LocalArea,
        verbose_name=_("local areas and housing areas"),
        blank=True,
        related_name="+",
    )
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="+")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty if open-ended."))
    budget = models.DecimalField(
        _("budget (DKK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.NEW)

    embargo_until = models.DateField(
        _("not to be communicated before"),
        null=True,
        blank=True,
        help_text=_("Leave empty unless the initiative must not be communicated publicly before a date."),
    )
    embargo_reason = models.TextField(_("reason for the embargo"), blank=True)
    # Set by the approval (initiatives.workflow.decide), never by the document form: what the public pages show.
    # The embargo in force still wins: an embargoed initiative is not shown, whatever these say.
    published = models.BooleanField(_("published"), default=False, editable=False)
    public_contacts = models.BooleanField(_("contact persons public"), default=False, editable=False)
    public_budget = models.BooleanField(_("budget public"), default=False, editable=False)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The version this one was started as a copy of (the approved one); its writers count as this one's.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)
    # Optimistic locking: every save raises it by one, and a save based on an older value is refused.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(
        m2m_fields=[other_focus_areas, local_areas, partners],
        # The revision is recorded so that a save based on an older one can be merged with what came after.
        # Publication is part of the approval (its decisions record it), not of the document's text.
        excluded_fields=["updated_at", "created_at", "copied_from", "published", "public_contacts", "public_budget"],
    )
    objects = InitiativeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative version")
        verbose_name_plural = _("initiative versions")
        ordering = ["initiative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="one_version_number_per_initiative"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="version_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s (version %(number)s)") % {"title": self.title, "number": self.number}

    def get_absolute_url(self) -> str:
        # By id, so lists of versions need no query for their initiatives.
        return reverse("initiatives:detail", args=[self.initiative_id])

    def get_version_url(self) -> str:
        """This exact version, frozen as it was decided on (the initiative page shows the latest one)."""
        return reverse("initiatives:version", args=[self.initiative_id, self.number])

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def embargo_in_force(self):
        """The date before which the initiative must not be communicated (`embargo_in_force`), or None.

        Lists load it with `with_embargo()`; elsewhere it costs one query, once.
        """
        if not hasattr(self, "applied_embargo_until"):
            row = (
                InitiativeVersion.objects.filter(pk=self.pk)
                .with_embargo()
                .values_list("applied_embargo_until", "applied_embargo_reason")
                .first()
            )
            self.applied_embargo_until, self.applied_embargo_reason = row or (self.embargo_until, self.embargo_reason)
        return self.applied_embargo_until

    @property
    def embargo_reason_in_force(self) -> str:
        self.embargo_in_force  # noqa: B018  (loads both)
        return self.applied_embargo_reason or ""

    @property
    def is_embargoed(self) -> bool:
        until = self.embargo_in_force
        return until is not None and timezone.localdate() < until

    @property
    def involves_police(self) -> bool:
        return self.responsibility in {self.Responsibility.JOINT, self.Responsibility.POLICE}

    @property
    def involves_municipality(self) -> bool:
        return self.responsibility in {self.Responsibility.JOINT, self.Responsibility.MUNICIPALITY}

    @property
    def contacts(self) -> list:
        return [user for user in (self.municipal_contact, self.police_contact) if user is not None]


class Contribution(models.Model):
    """How one version of an initiative helps reach one of the strategy's sub-goals."""

    version = models.ForeignKey(
        InitiativeVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="contributions"
    )
    sub_goal = models.ForeignKey(SubGoal, verbose_name=_("sub-goal"), on_delete=models.PROTECT, related_name="+")
    how = models.TextField(_("how the initiative contributes"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution to a sub-goal")
        verbose_name_plural = _("contributions to sub-goals")
        ordering = ["version", "sub_goal__number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "sub_goal"], name="one_contribution_per_sub_goal"),
        ]

    def __str__(self) -> str:
        return str(self.sub_goal)
