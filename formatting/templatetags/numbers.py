"""The one template filter for numbers: `{% load numbers %}` then `{{ value|number }}`.

`{{ value|number }}` as typed, `{{ value|number:1 }}` with at least one decimal (86 reads 86,0),
`{{ value|number:"+1" }}` the same with its sign spelled out, `{{ value|number:"kr." }}` an amount in kroner.
Nothing (None) gives "", so `|default:"–"` works after it.
"""

from django import template

from formatting.numbers import format_kroner, format_number

register = template.Library()


@register.filter
def number(value, style="") -> str:
    style = str(style)
    if style == "kr.":
        return format_kroner(value)
    signed = style.startswith("+")
    digits = style.removeprefix("+")
    return format_number(value, min_places=int(digits) if digits.isdigit() else 0, signed=signed)
