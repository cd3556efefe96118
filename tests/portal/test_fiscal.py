import datetime

import pytest

from portal.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of, parse_fiscal_year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (2018, 2018),
        ("2018", 2018),
        ("2018-19", 2018),
        ("2018-2019", 2018),
        (" 2019-20 ", 2019),
        (2018.0, 2018),
        ("1999-00", 1999),
    ],
)
def test_parse_fiscal_year(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", None, "18-19", "2018-20", "next year", True, 2018.5, "3000"])
def test_parse_fiscal_year_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_fiscal_year(text)


def test_fiscal_year_runs_april_to_march():
    assert fiscal_year_label(2018) == "2018-19"
    assert fiscal_year_label(1999) == "1999-00"
    assert fiscal_year_of(datetime.date(2019, 3, 31)) == 2018
    assert fiscal_year_of(datetime.date(2019, 4, 1)) == 2019
    assert fiscal_year_bounds(2018) == (datetime.date(2018, 4, 1), datetime.date(2019, 3, 31))
