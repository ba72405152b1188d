from django.apps import AppConfig


class TrygConfig(AppConfig):
    name = "tryg"
    verbose_name = "Tryg i Aarhus"
