from django.db import models


class DataVersion(models.Model):
    """One row: a random token that every write to the strategy's data replaces (see datacache/__init__.py).

    A token, not a counter: a rolled-back transaction would hand a counter's value out a second time, for other
    data; a token is never reused.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return self.token
