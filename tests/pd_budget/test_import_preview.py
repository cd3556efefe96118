"""What an import will change, row by row, and whose allocation moves (issue 13), before writing."""

from decimal import Decimal

import pytest

from organisations.models import Provider
from pd_budget.models import AllocationFlag, PDRequest, SiteFTE
from pd_budget.services import compute_allocation
from pd_budget.services.workbook import import_providers_workbook
from portal.permissions import SYSTEM
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = pytest.mark.django_db


def _changes(result, sheet):
    return {row["key"]: (row["outcome"], row["changes"]) for row in result.counts[sheet].rows}


def _fte_sheets(*, regina_2018=(3, 0), moose_jaw=(0, 1)):
    sheets = good_sheets()
    sheets["sites"][0][6:8] = list(regina_2018)
    sheets["sites"][1][6:8] = list(moose_jaw)
    return sheets


def test_a_first_import_lists_every_row_as_new_with_its_values(seeded):
    result = import_providers_workbook(workbook_bytes(), dry_run=True, user=SYSTEM)
    assert result.ok, result.problems
    sites = _changes(result, "sites")
    assert list(sites) == [
        "Lakeside Newcomer Hub · Regina office · 2018-19",
        "Lakeside Newcomer Hub · Moose Jaw office · 2018-19",
        "Lakeside Newcomer Hub · Regina office · 2019-20",
        "Tundra Services · Iqaluit",
    ]
    outcome, changes = sites["Lakeside Newcomer Hub · Regina office · 2019-20"]
    # The site itself came with the first row; this row adds its 2019-20 FTEs (none before: 0).
    assert outcome == "created"
    assert changes == [
        {"field": "language_fte", "kind": "fte", "before": "0.00", "after": "2.50"},
        {"field": "settlement_fte", "kind": "fte", "before": "0.00", "after": "1.00"},
    ]
    providers = _changes(result, "providers")
    assert providers["Lakeside Newcomer Hub"][1] == [
        {"field": "jurisdiction", "kind": "code", "before": None, "after": "SK"},
        {"field": "umbrella", "kind": "code", "before": None, "after": "SAISIA"},
    ]
    assert Provider.objects.count() == 0  # a preview writes nothing


@pytest.mark.parametrize("sheet", ["providers", "sites", "agreements"])
def test_counts_match_the_rows_of_each_sheet(seeded, sheet):
    result = import_providers_workbook(workbook_bytes(), dry_run=True, user=SYSTEM)
    assert result.counts[sheet].total == len(good_sheets()[sheet])
    # and again when everything is already there: every row counted once, as unchanged
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    again = import_providers_workbook(workbook_bytes(), dry_run=True, user=SYSTEM)
    counts = again.counts[sheet]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, len(good_sheets()[sheet]))
    assert counts.rows == []


def test_a_twenty_row_sites_sheet_says_twenty(seeded):
    sheets = good_sheets()
    sheets["sites"] = [
        ["Lakeside Newcomer Hub", f"Site {n}", "Regina", "SK", "urban", 2018, 1, 1] for n in range(20)
    ]
    result = import_providers_workbook(workbook_bytes(sheets), dry_run=True, user=SYSTEM)
    assert result.ok, result.problems
    assert (result.counts["sites"].created, result.counts["sites"].total) == (20, 20)
    assert len(result.counts["sites"].rows) == 20


def test_a_changed_fte_shows_before_and_after_and_the_allocation_impact(seeded):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    lakeside = Provider.objects.get(name="Lakeside Newcomer Hub")
    assert compute_allocation(lakeside, 2018).total == Decimal("3525.00")  # 2,775 + 3 x 150 + 1 x 300
    result = import_providers_workbook(
        workbook_bytes(_fte_sheets(moose_jaw=(0, "2.5"))), dry_run=True, user=SYSTEM
    )
    assert result.ok, result.problems
    counts = result.counts["sites"]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 3)
    assert _changes(result, "sites") == {
        "Lakeside Newcomer Hub · Moose Jaw office · 2018-19": (
            "updated",
            [{"field": "settlement_fte", "kind": "fte", "before": "1.00", "after": "2.50"}],
        )
    }
    # Hand-computed: conference (3 x 2,700 + 2.5 x 3,000) / 5.5 = 2,836.36; 3 x 150; 2.5 x 300.
    assert result.impact == [
        {
            "provider": "Lakeside Newcomer Hub",
            "year": 2018,
            "before": "3525.00",
            "after": "4036.36",
            "lines": {
                "conference": ["2775.00", "2836.36"],
                "language": ["450.00", "450.00"],
                "settlement": ["300.00", "750.00"],
            },
            "over": [],
        }
    ]
    # nothing was written by the preview
    assert SiteFTE.objects.get(site__name="Moose Jaw office", fiscal_year=2018).settlement_fte == 1
    assert compute_allocation(lakeside, 2018).total == Decimal("3525.00")


def test_the_preview_warns_where_bookings_would_exceed_the_new_allocation(seeded):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    lakeside = Provider.objects.get(name="Lakeside Newcomer Hub")
    PDRequest.objects.create(
        provider=lakeside,
        fiscal_year=2018,
        category="settlement",
        amount=Decimal("300.00"),
        status="approved",
    )
    result = import_providers_workbook(
        workbook_bytes(_fte_sheets(moose_jaw=(0, "0.5"))), dry_run=True, user=SYSTEM
    )
    [impact] = result.impact
    # (3 x 2,700 + 0.5 x 3,000) / 3.5 = 2,742.86 + 3 x 150 + 0.5 x 300 = 3,342.86
    assert (impact["before"], impact["after"]) == ("3525.00", "3342.86")
    assert impact["over"] == [{"category": "settlement", "allocated": "150.00", "booked": "300.00"}]


def test_an_applied_import_that_leaves_bookings_above_the_allocation_flags_it_for_staff(seeded):
    """Issue 14: no change, the workbook import included, leaves bookings above the allocation silently."""
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    lakeside = Provider.objects.get(name="Lakeside Newcomer Hub")
    PDRequest.objects.create(
        provider=lakeside,
        fiscal_year=2018,
        category="settlement",
        amount=Decimal("300.00"),
        status="approved",
    )
    sheets = _fte_sheets(moose_jaw=(0, "0.5"))
    import_providers_workbook(workbook_bytes(sheets), dry_run=True, user=SYSTEM)
    assert not AllocationFlag.objects.exists()  # a preview flags nothing
    import_providers_workbook(workbook_bytes(sheets), user=SYSTEM)
    [flag] = AllocationFlag.objects.filter(provider=lakeside, fiscal_year=2018, resolved_at__isnull=True)
    assert flag.source == "import"
    # Putting the FTEs back covers the bookings again: the flag is resolved.
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    assert not AllocationFlag.objects.filter(provider=lakeside, resolved_at__isnull=True).exists()


def test_unchanged_allocations_are_not_listed(seeded):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    sheets = good_sheets()
    sheets["agreements"][0][4] = 125000  # an agreement's amount does not move the base allocation
    result = import_providers_workbook(workbook_bytes(sheets), dry_run=True, user=SYSTEM)
    assert result.impact == []
    assert _changes(result, "agreements") == {
        "CA-SK-001 · Lakeside Newcomer Hub": (
            "updated",
            [{"field": "amount", "kind": "money", "before": "120000.00", "after": "125000.00"}],
        )
    }


def test_a_confirmed_import_returns_the_same_changes_it_wrote(seeded):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    sheets = _fte_sheets(regina_2018=("4.5", 0))
    preview = import_providers_workbook(workbook_bytes(sheets), dry_run=True, user=SYSTEM)
    applied = import_providers_workbook(workbook_bytes(sheets), user=SYSTEM)
    assert applied.applied and applied.impact == preview.impact
    assert applied.counts["sites"].rows == preview.counts["sites"].rows
    assert SiteFTE.objects.get(site__name="Regina office", fiscal_year=2018).language_fte == Decimal("4.50")
