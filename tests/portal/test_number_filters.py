"""Figures in the page's language with a sensible precision (issue 17): the Gini coefficient, FTEs
and shares as the analysis pages and the PD pages show them."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.templatetags.portal_tags import fte, number, percent


@pytest.mark.parametrize(
    ("language", "value", "places", "shown"),
    [
        ("en", "0.247391", 4, "0.2474"),
        ("fr", "0.247391", 4, "0,2474"),
        ("fr", Decimal("1400.00"), None, "1\u00a0400,00"),
        ("en", "1400", None, "1,400"),
        ("fr", "", 4, ""),
    ],
)
def test_number(language, value, places, shown):
    with translation.override(language):
        assert number(value, places) == shown


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("fr", Decimal("1400.00"), "1\u00a0400"),
        ("en", Decimal("1400.00"), "1,400"),
        ("fr", "14.50", "14,5"),
        ("en", "2.255", "2.26"),
        ("en", "0", "0"),
    ],
)
def test_fte(language, value, shown):
    with translation.override(language):
        assert fte(value) == shown


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [("fr", "0.25", "25\u00a0%"), ("en", "0.3333", "33.3%"), ("en", "1", "100%")],
)
def test_percent(language, value, shown):
    with translation.override(language):
        assert percent(value) == shown
