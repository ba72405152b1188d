"""Figures Tryg derives from published ones: the rest of a police district without one of its municipalities.

The Ministry of Justice compares each municipality with the rest of its police district. Tryg holds the district's
and the municipality's shares with their respondent counts, so the rest follows by weighting each share by its
respondents: rest = (share_district × n_district − share_municipality × n_municipality) / (n_district − n_municipality),
with n_district − n_municipality respondents. No confidence interval is derived; the verdict rule then uses the
significance test on the respondent counts.
"""

from __future__ import annotations

from decimal import Decimal

from goal.verdict import Observation

__all__ = ["rest_of_district"]


def rest_of_district(district: Observation | None, member: Observation | None) -> Observation | None:
    """The rest of the district without `member`, or None when either lacks a value or respondents."""
    if district is None or member is None:
        return None
    if not district.respondents or not member.respondents or district.respondents <= member.respondents:
        return None
    rest_n = district.respondents - member.respondents
    total = district.value * district.respondents - member.value * member.respondents
    value = (total / Decimal(rest_n)).quantize(Decimal("0.001"))
    return Observation(value, None, None, rest_n)
