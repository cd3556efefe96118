"""Fuzzy dates: the days each precision can mean, and how the seed writes them in both languages."""

import datetime

import pytest

from learning_events.dates import Precision, date_range, format_date, format_period

D = datetime.date


@pytest.mark.parametrize(
    ("precision", "anchors", "start", "end"),
    [
        (Precision.DAY, {"on_date": D(2017, 8, 23)}, D(2017, 8, 23), D(2017, 8, 23)),
        (Precision.MONTH, {"year": 2018, "month": 3}, D(2018, 3, 1), D(2018, 3, 31)),
        (Precision.MONTH, {"year": 2020, "month": 2}, D(2020, 2, 1), D(2020, 2, 29)),
        (Precision.MONTH, {"year": 2019, "month": 2}, D(2019, 2, 1), D(2019, 2, 28)),
        (Precision.MONTH, {"year": 2018, "month": 12}, D(2018, 12, 1), D(2018, 12, 31)),
        (Precision.SEASON, {"year": 2018, "season": "fall"}, D(2018, 9, 23), D(2018, 12, 20)),
        (Precision.SEASON, {"year": 2019, "season": "spring"}, D(2019, 3, 20), D(2019, 6, 20)),
        (Precision.SEASON, {"year": 2019, "season": "summer"}, D(2019, 6, 21), D(2019, 9, 22)),
        (Precision.SEASON, {"year": 2019, "season": "winter"}, D(2018, 12, 21), D(2019, 3, 19)),
        (Precision.FISCAL_YEAR, {"year": 2018}, D(2018, 4, 1), D(2019, 3, 31)),
        (Precision.YEAR, {"year": 2019}, D(2019, 1, 1), D(2019, 12, 31)),
        (Precision.UNDATED, {}, None, None),
    ],
)
def test_date_range(precision, anchors, start, end):
    assert date_range(precision, **anchors) == (start, end)


@pytest.mark.parametrize(
    ("precision", "anchors"),
    [
        (Precision.DAY, {}),
        (Precision.MONTH, {"year": 2018}),
        (Precision.MONTH, {"year": 2018, "month": 13}),
        (Precision.SEASON, {"year": 2018}),
        (Precision.SEASON, {"year": 2018, "season": "monsoon"}),
        (Precision.YEAR, {}),
        (Precision.FISCAL_YEAR, {}),
        ("fortnight", {"year": 2018}),
    ],
)
def test_date_range_refuses_missing_anchors(precision, anchors):
    with pytest.raises(ValueError):
        date_range(precision, **anchors)


@pytest.mark.parametrize(
    ("precision", "anchors", "english", "french"),
    [
        (Precision.DAY, {"on_date": D(2017, 8, 23)}, "23 August 2017", "23 août 2017"),
        (Precision.DAY, {"on_date": D(2017, 8, 1)}, "1 August 2017", "1er août 2017"),
        (Precision.MONTH, {"year": 2018, "month": 3}, "March 2018", "mars 2018"),
        (Precision.MONTH, {"year": 2017, "month": 2}, "February 2017", "février 2017"),
        (Precision.MONTH, {"year": 2017, "month": 12}, "December 2017", "décembre 2017"),
        (Precision.SEASON, {"year": 2018, "season": "fall"}, "fall 2018", "automne 2018"),
        (Precision.SEASON, {"year": 2019, "season": "summer"}, "summer 2019", "été 2019"),
        (Precision.SEASON, {"year": 2019, "season": "winter"}, "winter 2019", "hiver 2019"),
        (Precision.SEASON, {"year": 2019, "season": "spring"}, "spring 2019", "printemps 2019"),
        (Precision.FISCAL_YEAR, {"year": 2018}, "2018-19", "2018-19"),
        (Precision.FISCAL_YEAR, {"year": 2099}, "2099-00", "2099-00"),
        (Precision.YEAR, {"year": 2019}, "2019", "2019"),
        (Precision.UNDATED, {}, "", ""),
    ],
)
def test_format_date_in_both_languages(precision, anchors, english, french):
    assert format_date(precision, language="en", **anchors) == english
    assert format_date(precision, language="fr", **anchors) == french
    assert format_date(precision, language="fr-ca", **anchors) == french


def test_format_period():
    assert format_period(D(2017, 11, 1), D(2018, 3, 31), language="en") == "November 2017 to March 2018"
    assert format_period(D(2017, 11, 1), D(2018, 3, 31), language="fr") == "novembre 2017 à mars 2018"
    assert format_period(D(2018, 3, 1), D(2018, 3, 31), language="fr") == "mars 2018"
