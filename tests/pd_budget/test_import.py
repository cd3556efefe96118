"""The providers workbook: every bad row refused with sheet, row and column, nothing written."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from organisations.models import Provider
from pd_budget.models import Agreement, Site, SiteFTE
from pd_budget.services import compute_allocation
from pd_budget.services.workbook import export_workbook
from portal.importing import import_workbook
from portal.permissions import SYSTEM
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Provider.objects.values_list("name", "jurisdiction_id", "umbrella__acronym")),
        sorted(Site.objects.values_list("provider__name", "name", "city", "centre_type", "is_head_office")),
        sorted(SiteFTE.objects.values_list("site__name", "fiscal_year", "language_fte", "settlement_fte")),
        sorted(Agreement.objects.values_list("number", "provider__name", "fiscal_year", "stream", "amount")),
    )


def test_good_workbook_imports_everything(seeded, policy_2018):
    result = import_workbook(workbook_bytes())
    assert result.ok, result.problems
    assert {k: (c.created, c.updated, c.unchanged) for k, c in result.counts.items()} == {
        "providers": (2, 0, 0),
        "sites": (4, 0, 0),  # one per row of the sheet: a row's FTEs are part of its site row
        "agreements": (3, 0, 0),
    }
    lakeside = Provider.objects.get(name="Lakeside Newcomer Hub")
    assert lakeside.umbrella.acronym == "SAISIA"
    assert SiteFTE.objects.get(site__name="Regina office", fiscal_year=2019).language_fte == Decimal("2.50")
    assert Agreement.objects.get(number="CA-SK-002").amount == Decimal("80000.50")
    # 3 urban FTEs and 1 small-centre FTE: the 2,775.00
    assert compute_allocation(lakeside, 2018).conference == Decimal("2775.00")
    tundra = Provider.objects.get(name="Tundra Services")
    assert compute_allocation(tundra, 2018).conference == Decimal("3000.00")


def test_importing_twice_changes_nothing(seeded):
    import_workbook(workbook_bytes())
    before = snapshot()
    result = import_workbook(workbook_bytes())
    assert result.ok and result.changes == 0
    assert snapshot() == before


def test_dry_run_counts_but_writes_nothing(seeded):
    result = import_workbook(workbook_bytes(), dry_run=True)
    assert result.ok and result.counts["providers"].created == 2
    assert not result.applied
    assert Provider.objects.count() == 0


def _with(sheet: str, index: int, column: int, value):
    sheets = good_sheets()
    sheets[sheet][index][column] = value
    return sheets


BAD_ROWS = [
    # (sheets, expected sheet, row, column, words in the message)
    (_with("sites", 0, 0, "Nobody Inc."), "sites", 2, "provider", "Unknown provider"),
    (_with("agreements", 2, 0, "Nobody Inc."), "agreements", 4, "provider", "Unknown provider"),
    (_with("providers", 0, 1, "XX"), "providers", 2, "jurisdiction", "not a jurisdiction code"),
    (_with("sites", 1, 3, "Sask"), "sites", 3, "jurisdiction", "not a jurisdiction code"),
    (_with("sites", 1, 4, "rural"), "sites", 3, "centre_type", "is not one of: urban, small, north"),
    (_with("sites", 2, 6, -1), "sites", 4, "language_fte", "negative"),
    (_with("sites", 2, 7, "two"), "sites", 4, "settlement_fte", "not a number"),
    (_with("sites", 0, 6, None), "sites", 2, "language_fte", "Enter a number"),
    (_with("sites", 0, 5, "2018-20"), "sites", 2, "fiscal_year", "not a fiscal year"),
    (_with("agreements", 0, 4, "lots"), "agreements", 2, "amount", "not a number"),
    (_with("agreements", 0, 4, -10), "agreements", 2, "amount", "negative"),
    (_with("agreements", 0, 3, "housing"), "agreements", 2, "stream", "is not one of"),
    (_with("agreements", 1, 1, "CA-SK-001"), "agreements", 3, "number", "appears twice"),
    (
        {**good_sheets(), "providers": [*good_sheets()["providers"], ["Tundra Services", "NU", ""]]},
        "providers",
        4,
        "name",
        "appears twice",
    ),
    (_with("providers", 0, 2, "NOPE"), "providers", 2, "umbrella", "Unknown umbrella"),
    (_with("sites", 2, 2, "Saskatoon"), "sites", 4, "site", "described differently"),
    (_with("sites", 2, 5, 2018), "sites", 4, "fiscal_year", "two rows for 2018-19"),
    (_with("sites", 1, 6, 0.125), "sites", 3, "language_fte", "At most 2 decimals"),
    (_with("sites", 1, 6, 1e30), "sites", 3, "language_fte", "Too large"),
    (_with("agreements", 0, 4, "1e40"), "agreements", 2, "amount", "Too large"),
    (_with("agreements", 0, 4, True), "agreements", 2, "amount", "not a number"),
    (_with("sites", 0, 5, None), "sites", 2, "fiscal_year", "not a fiscal year"),
    (_with("agreements", 0, 1, None), "agreements", 2, "number", "required"),
]


@pytest.mark.parametrize(("sheets", "sheet", "row", "column", "words"), BAD_ROWS)
def test_each_kind_of_bad_row_imports_nothing(seeded, sheets, sheet, row, column, words):
    result = import_workbook(workbook_bytes(sheets))
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [(sheet, row, column)], result.problems
    assert words in result.problems[0].message
    assert f"sheet “{sheet}”, row {row}, column “{column}”" in str(result.problems[0])
    assert snapshot() == ([], [], [], [])


def test_every_problem_is_reported_at_once(seeded):
    sheets = good_sheets()
    sheets["providers"][0][1] = "XX"
    sheets["sites"][1][4] = "rural"
    sheets["sites"][2][6] = -2
    sheets["agreements"][2][4] = "n/a"
    result = import_workbook(workbook_bytes(sheets))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("providers", 2, "jurisdiction"),
        ("sites", 3, "centre_type"),
        ("sites", 4, "language_fte"),
        ("agreements", 4, "amount"),
    ]
    assert Provider.objects.count() == 0


def test_missing_sheet_and_missing_column(seeded):
    sheets = good_sheets()
    del sheets["agreements"]
    result = import_workbook(workbook_bytes(sheets, headers={"sites": ["provider", "site", "city"]}))
    problems = {(p.sheet, p.column): p.message for p in result.problems}
    assert "The workbook has no sheet named “agreements”." in problems[("agreements", "")]
    assert problems[("sites", "centre_type")] == "The column is missing."
    assert Provider.objects.count() == 0


def test_formulas_are_refused(seeded):
    sheets = good_sheets()
    sheets["agreements"][0][4] = "=100*1200"
    result = import_workbook(workbook_bytes(sheets))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("agreements", 2, "amount")]
    assert "Formulas are not accepted" in result.problems[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"name,jurisdiction\nA,AB\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "not an Excel workbook"),  # an old .xls
        (b"PK\x03\x04 truncated zip", "not an Excel workbook"),
    ],
)
def test_files_that_are_not_workbooks(seeded, data, message):
    result = import_workbook(data)
    assert len(result.problems) == 1 and message in result.problems[0].message


def test_a_zip_that_is_not_a_workbook(seeded):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    result = import_workbook(buffer.getvalue())
    assert "not an Excel workbook" in result.problems[0].message


def test_existing_rows_are_updated_and_head_office_moves(seeded):
    import_workbook(workbook_bytes())
    sheets = good_sheets()
    for row in sheets["sites"]:
        row.append("yes" if row[1] == "Moose Jaw office" else "no")
    sheets["agreements"][0][4] = 125000
    result = import_workbook(
        workbook_bytes(sheets, headers={"sites": [*good_headers_sites(), "head_office"]})
    )
    assert result.ok, result.problems
    assert result.counts["agreements"].updated == 1
    assert (
        Site.objects.get(is_head_office=True, provider__name="Lakeside Newcomer Hub").name
        == "Moose Jaw office"
    )


def good_headers_sites():
    from tests.pd_budget.workbooks import HEADERS

    return HEADERS["sites"]


def test_round_trip_export_then_import_changes_nothing(seeded):
    import_workbook(workbook_bytes())
    Provider.objects.create(name='=HYPERLINK("http://example.org")', jurisdiction_id="AB")
    before = snapshot()
    output = io.BytesIO()
    export_workbook(output, user=SYSTEM)
    data = output.getvalue()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:3] == ["providers", "sites", "agreements"]  # other apps may add sheets
    cell = workbook["providers"]["A2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"  # inert text, not a formula
    result = import_workbook(data)
    assert result.ok, result.problems
    assert result.changes == 0
    assert snapshot() == before


def test_import_command_refuses_with_every_problem(seeded, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes(_with("sites", 1, 4, "rural")))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_workbook", str(path))
    assert "sheet “sites”, row 3, column “centre_type”" in capsys.readouterr().err
    assert Provider.objects.count() == 0


def test_import_and_export_commands(seeded, tmp_path, capsys):
    path = tmp_path / "good.xlsx"
    path.write_bytes(workbook_bytes())
    call_command("import_workbook", str(path))
    assert "providers: 2 created" in capsys.readouterr().out
    out = tmp_path / "export.xlsx"
    call_command("export_workbook", str(out))
    call_command("import_workbook", str(out))
    assert "providers: 0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_allocation_command_prints_json(seeded, capsys):
    import_workbook(workbook_bytes())
    call_command("pd_allocation", "2018-19", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "Lakeside Newcomer Hub": {
            "conference": "2775.00",
            "language": "450.00",
            "settlement": "300.00",
            "total": "3525.00",
        },
        "Tundra Services": {
            "conference": "3000.00",
            "language": "0.00",
            "settlement": "0.00",
            "total": "3000.00",
        },
    }


def test_allocation_command_without_policy(seeded):
    with pytest.raises(CommandError, match="There is no PD policy for 2030-31"):
        call_command("pd_allocation", "2030", "--json")
    with pytest.raises(CommandError, match="not a fiscal year"):
        call_command("pd_allocation", "last year")


def test_import_command_dry_run_prints_the_row_level_diff_and_the_allocation_impact(seeded, tmp_path, capsys):
    import_workbook(workbook_bytes())
    sheets = good_sheets()
    sheets["sites"][1][7] = "2.5"
    path = tmp_path / "ftes.xlsx"
    path.write_bytes(workbook_bytes(sheets))
    call_command("import_workbook", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "sites: 0 created, 1 updated, 3 unchanged" in out
    assert (
        "  row 3 updated: Lakeside Newcomer Hub · Moose Jaw office · 2018-19: settlement_fte 1.00 -> 2.50"
        in out
    )
    assert "allocation Lakeside Newcomer Hub 2018-19: $3,525.00 -> $4,036.36" in out
    assert "dry run: nothing was written." in out
    assert SiteFTE.objects.get(site__name="Moose Jaw office", fiscal_year=2018).settlement_fte == 1


def test_provider_names_are_stored_plain_and_look_alikes_are_refused_at_their_row(seeded):
    """Issue 14: invisible characters are dropped (the row updates the provider it names), and a
    name that only reads the same (a Cyrillic « а », another letter case) is refused at its cell."""
    from organisations.models import Provider
    from pd_budget.services.workbook import import_providers_workbook
    from portal.permissions import SYSTEM
    from tests.pd_budget.workbooks import good_sheets, workbook_bytes

    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    providers = Provider.objects.count()
    sheets = good_sheets()
    sheets["providers"][0][0] = "Lake\u200bside Newcomer Hub"  # zero-width space
    result = import_providers_workbook(workbook_bytes(sheets), user=SYSTEM)
    assert result.applied and Provider.objects.count() == providers

    for lookalike in ("L\u0430keside Newcomer Hub", "LAKESIDE NEWCOMER HUB"):  # Cyrillic а; case
        sheets = good_sheets()
        sheets["providers"][0][0] = lookalike
        result = import_providers_workbook(workbook_bytes(sheets), user=SYSTEM)
        [problem] = [p for p in result.problems if p.column == "name"]
        assert (problem.sheet, problem.row) == ("providers", 2)
        assert "looks the same as “Lakeside Newcomer Hub”" in problem.message
        assert not result.applied and Provider.objects.count() == providers
