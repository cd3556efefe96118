"""The PD allocations report opens in openpyxl with its sheets, headers, money and row counts."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pd_budget.models import PDRequest
from portal.reports import REPORTS, clean_filters, write_export
from tests.factories import ProviderFactory
from tests.pd_budget.factories import add_site

pytestmark = pytest.mark.django_db


def test_allocations_report(seeded, provider_a, staff_user, provider_a_user, tmp_path):
    add_site(provider_a, "urban", language="3", head_office=True)
    add_site(provider_a, "small", settlement="1")
    other = ProviderFactory(name="=cmd|' /C calc'!A0", jurisdiction_id="SK")
    add_site(other, "north", language=None, head_office=True)
    PDRequest.objects.create(
        provider=provider_a, fiscal_year=2018, category="conference", amount=Decimal("775"), status="approved"
    )
    report = REPORTS["pd-allocations"]
    filters = clean_filters(report, {"year": "2018"})
    target = tmp_path / "pd.xlsx"
    write_export(report, user=staff_user, filters=filters, file_format="xlsx", target=target)
    workbook = load_workbook(target)
    sheet = workbook["PD allocations"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Provider", "Jurisdiction", "Umbrella organisation", "Fiscal year", "Conferences")
    data = {row[0]: row for row in rows[1:]}
    assert len(data) == 2
    a = data["Provider A Settlement Society"]
    assert a[3] == "2018-19"
    assert a[4] == 2775 and a[7] == 3525  # conference and total allocation, as numbers
    assert a[8] == 775 and a[10] == 2000  # approved, remaining for conferences
    assert sheet.cell(row=2, column=5).data_type == "n"
    assert data["=cmd|' /C calc'!A0"][4] == 3000  # written as text, never as a formula
    assert workbook["PD requests"].max_row == 2  # header + the one request
    assert REPORTS["pd-allocations"].count(user=staff_user, filters=filters) == 2


def test_allocations_report_is_for_staff(provider_a_user, staff_user):
    report = REPORTS["pd-allocations"]
    assert staff_user.has_perm(report.permission)
    assert not provider_a_user.has_perm(report.permission)
