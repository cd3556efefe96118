"""The equity rule (`surveys/equity.py`) on hand-computed cases: medians, the Gini coefficient, the
Lorenz curve, the four flags and their thresholds."""

from decimal import Decimal

import pytest

from surveys import equity

D = Decimal


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([D(3)], D(3)), ([D(1), D(3)], D(2)), ([D(5), D(1), D(3)], D(3))],
)
def test_median(values, expected):
    assert equity.median(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([D(0), D(0)], D("0")),  # nobody has anything: equal
        ([D(1), D(1), D(1)], D("0")),
        # pairs |1-2| + |1-3| + |2-3| = 4, both ways 8; 8 / (2 x 3^2 x mean 2) = 0.2222
        ([D(3), D(1), D(2)], D("0.2222")),
        ([D(0), D(0), D(0), D(1)], D("0.7500")),  # one provider of four has everything: (n-1)/n
    ],
)
def test_gini_on_hand_computed_cases(values, expected):
    result = equity.gini(values)
    assert (equity.ratio(result) if result is not None else None) == expected


def test_lorenz_points_run_from_zero_to_one():
    assert equity.lorenz([D(3), D(1)]) == [(D(0), D(0)), (D("0.5"), D("0.25")), (D(1), D(1))]


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        (D("49.99"), equity.UNDER_FUNDED),
        (D("50"), None),  # exactly half the median is not below it
        (D("200"), None),  # exactly twice is not above it
        (D("200.01"), equity.OVER_FUNDED),
    ],
)
def test_funding_flags_at_the_thresholds(value, flag):
    flags = equity.funding_flags({"P": value}, regional_median=D(100), under=D("0.5"), over=D("2"))
    assert flags == ([("P", flag)] if flag else [])


def test_no_median_no_funding_flag():
    assert equity.funding_flags({"P": D(1)}, regional_median=None, under=D("0.5"), over=D("2")) == []


@pytest.mark.parametrize(
    ("small_north", "urban", "flagged"),
    [([D(80)], [D(100)], True), ([D(100)], [D(100)], False), ([], [D(100)], False), ([D(80)], [], False)],
)
def test_small_north_below_urban(small_north, urban, flagged):
    flags = equity.equity_flags(
        {}, small_north=small_north, urban=urban, needs_support=[], under=D(1), over=D(1)
    )
    assert flags == ([{"provider": None, "kind": equity.SMALL_NORTH_BELOW_URBAN}] if flagged else [])


def test_the_four_flags_in_order():
    # median of 40, 100, 100, 250 = 100: below 50 is under-funded, above 200 over-funded
    flags = equity.equity_flags(
        {"Alpha": D(40), "Bravo": D(100), "Charlie": D(100), "Delta": D(250)},
        small_north=[D(80)],
        urban=[D(100)],
        needs_support=["Zulu", "Bravo"],
        under=D("0.5"),
        over=D("2"),
    )
    assert [(f["kind"], f["provider"]) for f in flags] == [
        (equity.UNDER_FUNDED, "Alpha"),
        (equity.OVER_FUNDED, "Delta"),
        (equity.SMALL_NORTH_BELOW_URBAN, None),
        (equity.NEEDS_SUPPORT, "Bravo"),
        (equity.NEEDS_SUPPORT, "Zulu"),
    ]
    assert [k for k in equity.FLAG_KINDS] == [
        "under-funded",
        "over-funded",
        "small-north-below-urban",
        "needs-support",
    ]


def test_the_thresholds_default_to_half_and_twice_the_median_and_are_settings(settings):
    del settings.PD_EQUITY_UNDER_FACTOR
    del settings.PD_EQUITY_OVER_FACTOR
    assert (equity.under_factor(), equity.over_factor()) == (D("0.5"), D("2"))
    settings.PD_EQUITY_UNDER_FACTOR = D("0.7")
    settings.PD_EQUITY_OVER_FACTOR = "3"
    assert (equity.under_factor(), equity.over_factor()) == (D("0.7"), D("3"))
