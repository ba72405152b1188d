"""Number formatting for the goal page: Danish decimal comma and a real minus sign, as the chart labels."""

from decimal import Decimal

from django import template

from indicators.verdict import format_decimal

register = template.Library()


def _places(value: Decimal) -> int:
    """As many decimals as the value has (1 to 3), so 86 reads 86,0 and 53,25 keeps both."""
    exponent = value.normalize().as_tuple().exponent
    return min(3, max(1, -exponent)) if isinstance(exponent, int) else 1


@register.filter
def dk_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, _places(value))


@register.filter
def signed(value: Decimal | None) -> str:
    """A difference with its sign spelled out: +1,7, −1,0 or 0,0."""
    if value is None:
        return ""
    text = format_decimal(value, _places(value))
    return f"+{text}" if value > 0 and text.strip("0,") else text
