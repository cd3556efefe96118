"""Cross-jurisdiction consistency: a fixture built to have outliers, the robust rule hand-computed,
the page (chart data, table, drill-down, headlines) and its Excel export."""

import io
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.urls import reverse

from pd_budget.consistency import Spread, spread
from pd_budget.services.consistency import consistency
from tests.factories import ProviderFactory
from tests.pd_budget.factories import AgreementFactory, PolicyYearFactory, add_site

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_robust_rule_hand_computed():
    s = spread([D("9800"), D("10000"), D("10200"), D("10500"), D("60000")])
    # median 10,200; deviations 400, 200, 0, 300, 49,800 -> MAD 300
    assert (s.median, s.mad, s.count) == (D("10200"), D("300"), 5)
    assert s.is_outlier(D("60000")) and not s.is_outlier(D("9800"))
    assert s.is_outlier(D("11101")) and not s.is_outlier(D("11100"))  # exactly 3 MADs is not "more than"
    assert s.deviations(D("60000")) == D("166")
    assert not Spread(D("1"), D("0"), 3).is_outlier(D("5"))  # too few to compare
    assert Spread(D("1"), D("0"), 4).is_outlier(D("5"))  # most equal: any other value stands out


@pytest.fixture
def agreements(seeded):
    """Five providers with one language FTE each: four urban Alberta ones near 10,000 $ of language
    agreements, one Nunavut provider at 60,000 $ (split over two agreements): an outlier."""
    PolicyYearFactory(fiscal_year=2018)
    for n, amount in enumerate(("9800", "10000", "10200", "10500")):
        provider = ProviderFactory(name=f"Alberta {n}", jurisdiction_id="AB")
        add_site(provider, "urban", language="1", head_office=True)
        AgreementFactory(
            provider=provider, fiscal_year=2018, stream="language", amount=D(amount), number=f"AB-{n}"
        )
    north = ProviderFactory(name="Far North Society", jurisdiction_id="NU")
    add_site(north, "north", language="1", head_office=True, jurisdiction_id="NU")
    AgreementFactory(provider=north, fiscal_year=2018, stream="language", amount=D("40000"), number="NU-1")
    AgreementFactory(provider=north, fiscal_year=2018, stream="language", amount=D("20000"), number="NU-2")
    AgreementFactory(provider=north, fiscal_year=2018, stream="settlement", amount=D("1"), number="NU-S")
    return north


def test_the_fixture_flags_its_outlier(agreements):
    comparison = consistency(2018, stream="language")
    assert [u.provider for u in comparison.outliers] == ["Far North Society"]
    north = comparison.outliers[0]
    assert (north.amount, north.agreements, north.amount_per_fte) == (D("60000.00"), 2, D("60000"))
    assert north.amount_outlier
    # PD allocation per FTE: 2,850 $ for the four urban ones, 3,150 $ (3,000 + 150) in the North.
    assert north.allocation_per_fte == D("3150.00") and north.allocation_outlier
    assert [(j["code"], j["amount_median"]) for j in comparison.jurisdictions] == [
        ("AB", D("10100")),
        ("NU", D("60000")),
    ]


def test_the_page_chart_table_drill_down_and_headlines(agreements, client_for, staff_user):
    client = client_for(staff_user)
    page = client.get(reverse("pd_budget:consistency") + "?year=2018&stream=language")
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert page.context["chart"] == {
        "labels": ["AB", "NU"],
        "amount": ["10100.00", "60000.00"],
        "allocation": ["2850.00", "3150.00"],
    }
    assert 'id="chart-consistency"' in html and 'id="by-jurisdiction"' in html
    assert "1 of 5 providers' language agreements are outliers" in html
    assert "ranges from $10,100.00 (AB) to $60,000.00 (NU)" in html
    drill = client.get(
        reverse("pd_budget:consistency") + "?year=2018&stream=language&jurisdiction=NU&outliers=on"
    )
    rows = list(drill.context["page_obj"])
    assert [u.provider for u in rows] == ["Far North Society"]
    assert "NU-1 ($40,000.00), NU-2 ($20,000.00)" in drill.content.decode()
    with_french = client.get("/fr/pd/consistency/?year=2018&stream=language")
    assert "60\u00a0000,00\u00a0$" in with_french.content.decode()


def test_the_export(agreements, client_for, staff_user):
    response = client_for(staff_user).get(
        reverse("report-download", kwargs={"key": "pd-consistency"})
        + "?year=2018&stream=language&export=xlsx"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(book["Agreements"].iter_rows(values_only=True))
    north = next(r for r in rows if r[0] == "Far North Society")
    assert (north[6], north[8], north[10], north[14]) == (60000, 60000, "Yes", "Yes")
    assert sum(1 for r in rows[1:] if r[10] == "Yes") == 1


def test_provider_staff_cannot_see_it(agreements, client_for, provider_a_user):
    assert client_for(provider_a_user).get(reverse("pd_budget:consistency")).status_code == 403
