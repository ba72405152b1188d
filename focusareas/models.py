from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FocusAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)

    def retired(self):
        return self.filter(retired_at__isnull=False)


class FocusArea(models.Model):
    """A theme of the strategy under which initiatives sit; retired ones stay for history, never deleted."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("A focus area with this name already exists.")},
    )
    slug = models.SlugField(
        _("short name in the address"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("Another focus area already uses this address.")},
    )
    description = models.TextField(_("description"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("focusarea", args=[self.slug])

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def retire(self) -> None:
        if self.retired_at is None:
            self.retired_at = timezone.now()
            self.save(update_fields=["retired_at"])

    def reinstate(self) -> None:
        if self.retired_at is not None:
            self.retired_at = None
            self.save(update_fields=["retired_at"])
