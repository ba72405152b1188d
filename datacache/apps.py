from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataCacheConfig(AppConfig):
    name = "datacache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from datacache import signals  # noqa: F401  (every save and delete of the strategy's data bumps the version)
