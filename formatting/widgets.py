"""The form input for numbers: a stored value is shown as the user typed it, through formatting.numbers.

Django shows a localized Decimal with all the decimals of its column ("62,500" for 62,5 in a three-decimal column);
this widget shows "62,5", and "70" for 70. What the user typed in a bound form is shown unchanged.
"""

from decimal import Decimal

from django import forms

from formatting.numbers import format_amount, format_number


class NumberInput(forms.TextInput):
    """A text input (so the decimal comma and thousands dots are accepted) showing numbers as typed; `amount`
    shows kroner with two decimals where there are øre ("250.000,50")."""

    def __init__(self, attrs=None, *, amount: bool = False):
        super().__init__({"inputmode": "decimal", **(attrs or {})})
        self.amount = amount

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_amount(value) if self.amount else format_number(value)
        return super().format_value(value)
