from django.apps import AppConfig


class DataCacheConfig(AppConfig):
    name = "datacache"
    verbose_name = "Data cache"  # not shown to users: it has nothing in the admin

    def ready(self) -> None:
        from datacache import signals

        signals.connect(self)  # every save and delete of the strategy's data bumps the version
