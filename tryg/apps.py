from django.apps import AppConfig


class TrygConfig(AppConfig):
    name = "tryg"
    verbose_name = "Tryg i Aarhus"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tryg.middleware import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="tryg.stamp_session")
