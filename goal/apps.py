from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalConfig(AppConfig):
    """The goal's rules (verdict, count trend, derived figures, areas), its pages and charts, on top of the index."""

    name = "goal"
    verbose_name = _("The goal")
