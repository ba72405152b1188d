from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.TextChoices):
    MUNICIPALITY = "kommune", "Aarhus Kommune"
    POLICE = "politi", "Østjyllands Politi"


class User(AbstractUser):
    """A person who uses Tryg, working for the municipality or the police."""

    organisation = models.CharField(
        _("organisation"), max_length=20, choices=Organisation.choices, default=Organisation.MUNICIPALITY
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        """The user's roles (group names), for the header; cached per request by the ORM prefetch."""
        return [group.name for group in self.groups.all()]
