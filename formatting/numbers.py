"""The one number formatter of Tryg: Danish decimal comma, dot between thousands, and the decimals as typed.

A value stored as 62.500 (the column keeps three decimals) reads "62,5", and 70.000 reads "70", so numbers look as
the user typed them. Pages get a real minus sign; spreadsheets get `plain` text that Danish Excel reads as a number.
"""

from decimal import ROUND_HALF_UP, Decimal

MINUS_SIGN = "\u2212"


def format_number(
    value: Decimal | int | float | None,
    places: int | None = None,
    *,
    min_places: int = 0,
    signed: bool = False,
    plain: bool = False,
) -> str:
    """The value in Danish, or "" for none.

    `places` rounds (half up, as Danmarks Statistik does) to exactly that many decimals; without it the value keeps
    its own decimals but at least `min_places`. `signed` spells out "+" before a positive value; `plain` (for CSV)
    leaves out the thousands dots and uses an ASCII minus.
    """
    if value is None or isinstance(value, bool):
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return ""
    if places is None:
        exponent = number.normalize().as_tuple().exponent
        places = max(min_places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # a tiny negative that rounds to zero reads "0", not "-0"
    text = format(abs(number), "f" if plain else ",f").translate(str.maketrans(",.", ".,"))
    if number < 0:
        return ("-" if plain else MINUS_SIGN) + text
    return f"+{text}" if signed and number > 0 else text


def format_amount(value: Decimal | int | None) -> str:
    """An amount without its unit: "250.000" for whole kroner, "250.000,50" with øre, "" for none."""
    if value is None:
        return ""
    has_oere = Decimal(value) % 1 != 0
    return format_number(value, 2 if has_oere else 0)


def format_kroner(value: Decimal | int | None) -> str:
    """An amount: "250.000 kr." for whole kroner, "250.000,50 kr." with øre, "" for none."""
    return f"{format_amount(value)} kr." if value is not None else ""
