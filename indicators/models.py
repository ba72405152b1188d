from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SubGoal(models.Model):
    """One of the strategy's three sub-goals (delmål), each tied to an element of the safety index."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return _("Sub-goal %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class Area(models.Model):
    """A place the safety survey reports on: the country, a police district, a municipality or a housing area."""

    class Kind(models.TextChoices):
        COUNTRY = "land", _("country")
        POLICE_DISTRICT = "politikreds", _("police district")
        MUNICIPALITY = "kommune", _("municipality")
        HOUSING_AREA = "boligområde", _("housing area")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The official four-digit code, e.g. 0751 for Aarhus."),
    )
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_("Other names the area goes by in the data, e.g. “Aarhus Kommune” or “Århus”."),
    )
    # A housing area lies in a municipality and a municipality in a police district: an area is compared with its
    # own city, and the rest of a district is the district without its own municipalities.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("lies in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The municipality a housing area lies in, or the police district a municipality lies in."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """One series in the index data, e.g. the share of citizens who feel safe."""

    class Unit(models.TextChoices):
        INDEX = "indeks", _("index points")
        PERCENT = "procent", _("percent")
        PER_1000 = "pr_1000", _("reports per 1,000 inhabitants")
        COUNT = "antal", _("count")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    sub_goal = models.ForeignKey(
        SubGoal,
        verbose_name=_("sub-goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        help_text=_("Empty for measures of the overall goal."),
    )
    tolerance = models.DecimalField(
        _("tolerance for “at level”"),
        max_digits=8,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Differences up to this size count as “at level” when no uncertainty is known."),
    )
    description = models.TextField(_("description and source"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sub_goal__number", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percent(self) -> bool:
        return self.unit == self.Unit.PERCENT

    @property
    def is_count(self) -> bool:
        """Counts (reports, inhabitants) are judged by their trend, not against other cities of other sizes."""
        return self.unit == self.Unit.COUNT


class SeriesBreak(models.Model):
    """A year from which a measure's figures are not directly comparable with earlier ones, or a year without any."""

    class Kind(models.TextChoices):
        METHOD = "metode", _("changed method (not comparable with earlier years)")
        NO_SURVEY = "ingen_maaling", _("no measurement this year")

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="breaks")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.METHOD)
    note = models.CharField(
        _("explanation"),
        max_length=300,
        help_text=_("Shown beside the chart and the table, e.g. “The survey moved to the Ministry of Justice.”"),
    )

    class Meta:
        verbose_name = _("series break")
        verbose_name_plural = _("series breaks")
        ordering = ["measure", "year"]
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="one_break_per_measure_year")]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.year}: {self.get_kind_display()}"


class ImportBatch(models.Model):
    """One import of an index file: who brought which file, and what it changed."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    updated_count = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reverted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class IndexValue(models.Model):
    """A measure's value for one area in one survey year, with its uncertainty where known."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="values")
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    ci_low = models.DecimalField(_("lower 95 % bound"), max_digits=12, decimal_places=3, null=True, blank=True)
    ci_high = models.DecimalField(_("upper 95 % bound"), max_digits=12, decimal_places=3, null=True, blank=True)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="values",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        ordering = ["year", "measure__code", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area", "measure"], name="one_value_per_year_area_measure"),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True) | Q(ci_high__isnull=True) | Q(ci_low__lte=F("ci_high")),
                name="ci_low_not_above_ci_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area} {self.measure.code}: {self.value}"


class GoalDefinition(models.Model):
    """The overall goal: the target area must be at or above the comparison areas on the headline measure."""

    target_area = models.ForeignKey(Area, verbose_name=_("target area"), on_delete=models.PROTECT, related_name="+")
    headline_measure = models.ForeignKey(
        Measure, verbose_name=_("headline measure"), on_delete=models.PROTECT, related_name="+"
    )
    second_headline_measure = models.ForeignKey(
        Measure,
        verbose_name=_("second headline measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Shown beside the headline and judged by the same rule, e.g. trust in the police."),
    )
    police_district = models.ForeignKey(
        Area,
        verbose_name=_("police district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "politikreds"},
        help_text=_("The target is also compared with the rest of this district, computed from the survey."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        default=2016,
        validators=[MinValueValidator(2000)],
        help_text=_("Trends are measured from this year (the strategy's baseline) and from the previous year."),
    )

    class Meta:
        verbose_name = _("goal definition")
        verbose_name_plural = _("goal definition")

    def __str__(self) -> str:
        return str(_("The overall goal for %(area)s") % {"area": self.target_area})

    @classmethod
    def current(cls) -> "GoalDefinition":
        return cls.objects.select_related("target_area", "headline_measure", "second_headline_measure").get()


class GoalComparison(models.Model):
    """A comparison area of the goal, in the order the goal page lists them."""

    goal = models.ForeignKey(GoalDefinition, on_delete=models.CASCADE, related_name="comparisons")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0, validators=[MaxValueValidator(1000)])

    class Meta:
        verbose_name = _("comparison area")
        verbose_name_plural = _("comparison areas")
        ordering = ["order", "area__name"]
        constraints = [models.UniqueConstraint(fields=["goal", "area"], name="one_comparison_per_area")]

    def __str__(self) -> str:
        return str(self.area)
