"""The base PD allocation rule (`pd_budget/allocation_rule.py`), pure, on hand-computed cases and
properties (policy 2018-19: 2,700 / 3,000, 150, 300)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pd_budget.allocation_rule import Allocation, Rates, allocate

D = Decimal
RATES_2018 = Rates(
    conference={"urban": D("2700"), "small": D("3000"), "north": D("3000")},
    language_per_fte=D("150"),
    settlement_per_fte=D("300"),
)


@pytest.mark.parametrize(
    ("ftes", "head_office", "expected"),
    [
        # one urban site, 2 language + 1 settlement FTE: 2,700; 2 x 150; 1 x 300
        ({"urban": (D("2"), D("1"))}, None, ("2700.00", "300.00", "300.00", "3300.00")),
        # all in small centres: 3,000
        ({"small": (D("1"), D("0"))}, None, ("3000.00", "150.00", "0.00", "3150.00")),
        # all in the North
        ({"north": (D("0"), D("4"))}, "urban", ("3000.00", "0.00", "1200.00", "4200.00")),
        # the blend: 3 urban FTEs and 1 small-centre FTE: 0.75 x 2,700 + 0.25 x 3,000
        (
            {"urban": (D("3"), D("0")), "small": (D("0"), D("1"))},
            None,
            ("2775.00", "450.00", "300.00", "3525.00"),
        ),
        # the weight counts both streams: urban 1 + 1, north 0 + 2: half and half = 2,850
        (
            {"urban": (D("1"), D("1")), "north": (D("0"), D("2"))},
            None,
            ("2850.00", "150.00", "900.00", "3900.00"),
        ),
        # three types: 2 urban, 1 small, 1 north: 0.5 x 2,700 + 0.5 x 3,000 = 2,850
        (
            {"urban": (D("2"), D("0")), "small": (D("1"), D("0")), "north": (D("0"), D("1"))},
            None,
            ("2850.00", "450.00", "300.00", "3600.00"),
        ),
        # fractional FTEs: 2.5 language in urban, 0.5 settlement in small: weights 2.5/3 and 0.5/3
        # conference = (2.5 x 2,700 + 0.5 x 3,000) / 3 = 8,250 / 3 = 2,750.00
        (
            {"urban": (D("2.5"), D("0")), "small": (D("0"), D("0.5"))},
            None,
            ("2750.00", "375.00", "150.00", "3275.00"),
        ),
        # 1 urban, 5 small: (2,700 + 15,000) / 6 = 2,950.00
        (
            {"urban": (D("1"), D("0")), "small": (D("5"), D("0"))},
            None,
            ("2950.00", "900.00", "0.00", "3850.00"),
        ),
        # 0.7 urban, 0.3 north: (1,890 + 900) / 1 = 2,790.00
        (
            {"urban": (D("0.7"), D("0")), "north": (D("0.3"), D("0"))},
            None,
            ("2790.00", "150.00", "0.00", "2940.00"),
        ),
        # 1 urban, 6 small: (2,700 + 18,000) / 7 = 2,957.142857... -> 2,957.14
        (
            {"urban": (D("1"), D("0")), "small": (D("6"), D("0"))},
            None,
            ("2957.14", "1050.00", "0.00", "4007.14"),
        ),
        # 0.033 language FTE x 150 = 4.95
        ({"urban": (D("0.033"), D("0"))}, None, ("2700.00", "4.95", "0.00", "2704.95")),
        # 0.0033 x 150 = 0.495 -> 0.50 (half up, not banker's rounding)
        ({"urban": (D("0.0033"), D("0"))}, None, ("2700.00", "0.50", "0.00", "2700.50")),
        # no FTE: the head office's centre type
        ({}, "small", ("3000.00", "0.00", "0.00", "3000.00")),
        ({}, "urban", ("2700.00", "0.00", "0.00", "2700.00")),
        # FTE rows all zero count as no FTE
        ({"urban": (D("0"), D("0"))}, "north", ("3000.00", "0.00", "0.00", "3000.00")),
        # no FTE and no site at all: nothing to weigh
        ({}, None, ("0.00", "0.00", "0.00", "0.00")),
    ],
)
def test_allocate_on_hand_computed_cases(ftes, head_office, expected):
    result = allocate(RATES_2018, ftes=ftes, head_office_type=head_office)
    assert result.as_strings() == dict(
        zip(["conference", "language", "settlement", "total"], expected, strict=True)
    )


def test_allocation_values_are_decimals_with_cents():
    result = allocate(RATES_2018, ftes={"urban": (D("1"), D("1"))}, head_office_type=None)
    assert isinstance(result, Allocation)
    for value in (result.conference, result.language, result.settlement, result.total):
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2


TYPES = ["urban", "small", "north"]
fte_values = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)


@given(
    ftes=st.dictionaries(
        st.sampled_from(["urban", "small", "north"]), st.tuples(fte_values, fte_values), max_size=3
    ),
    head_office=st.sampled_from([None, "urban", "small", "north"]),
)
def test_allocation_properties(ftes, head_office):
    """The blend stays between the two conference amounts; per-FTE lines are exact; total adds up."""
    result = allocate(RATES_2018, ftes=ftes, head_office_type=head_office)
    language = sum((lang for lang, _s in ftes.values()), D("0"))
    settlement = sum((settl for _l, settl in ftes.values()), D("0"))
    assert result.language == (language * 150).quantize(D("0.01"))
    assert result.settlement == (settlement * 300).quantize(D("0.01"))
    assert result.total == result.conference + result.language + result.settlement
    if language + settlement > 0:
        assert D("2700.00") <= result.conference <= D("3000.00")
        urban = sum(ftes.get("urban", (D("0"), D("0"))))
        if urban == language + settlement:
            assert result.conference == D("2700.00")
        if urban == 0:
            assert result.conference == D("3000.00")
