"""The meeting-compliance rule: a committee must hold a minimum number of meetings per fiscal year
(April 1 - March 31), and is behind when it has held fewer than that minimum pro rata of the whole
months elapsed.

Where the rule comes from: the seed document's terms of reference of the PD committees, the
provincial PD advisory committees and the regional PD committee ("at least four meetings a year",
"minimum de quatre réunions par an"): `PD_MINIMUM_MEETINGS`, which `groups.seed` writes into each
PD committee's `min_meetings_per_year`. Other committees have no minimum (0) unless staff set one.
The pro-rata reading (expected so far = minimum x whole months elapsed / 12, rounded down) is the
portal's, so a committee is flagged during the year, not only after it.

Pure: no database; `groups.selectors` counts the meetings held and calls `compute_compliance`.
"""

import datetime
from dataclasses import dataclass

from portal.fiscal import fiscal_year_bounds

#: "At least four meetings a year": both kinds of PD committee, per their terms of reference.
PD_MINIMUM_MEETINGS = 4


@dataclass(frozen=True)
class Compliance:
    fiscal_year: int
    held: int
    minimum: int
    expected: int
    year_over: bool

    @property
    def behind(self) -> bool:
        return self.held < self.expected

    @property
    def missing(self) -> int:
        return max(self.expected - self.held, 0)


def full_months_elapsed(*, fiscal_year: int, today: datetime.date) -> int:
    """Whole months of the fiscal year (April 1 - March 31) completed before `today`, from 0 to 12."""
    start, end = fiscal_year_bounds(fiscal_year)
    if today < start:
        return 0
    if today > end:
        return 12
    return (today.year - start.year) * 12 + today.month - start.month


def compute_compliance(*, held: int, minimum: int, fiscal_year: int, today: datetime.date) -> Compliance:
    """A committee is behind when it has held fewer meetings than expected so far.

    Expected so far = minimum x whole months elapsed / 12, rounded down: a committee that must meet
    four times a year (PD advisory committees, per the seed) should have met once by July 1, twice by
    October 1, three times by January 1, and four times once the fiscal year is over (April 1).
    A future year expects nothing; a committee with no minimum is never behind.
    """
    months = full_months_elapsed(fiscal_year=fiscal_year, today=today)
    expected = minimum * months // 12
    return Compliance(
        fiscal_year=fiscal_year, held=held, minimum=minimum, expected=expected, year_over=months == 12
    )
