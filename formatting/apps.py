from django.apps import AppConfig


class FormattingConfig(AppConfig):
    """The bottom layer every app may use for numbers and spreadsheets; it imports no other app."""

    name = "formatting"
    verbose_name = "Formatting"
