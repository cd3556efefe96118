"""Build providers workbooks in memory for the import tests."""

import io

from openpyxl import Workbook

HEADERS = {
    "providers": ["name", "jurisdiction", "umbrella"],
    "sites": [
        "provider",
        "site",
        "city",
        "jurisdiction",
        "centre_type",
        "fiscal_year",
        "language_fte",
        "settlement_fte",
    ],
    "agreements": ["provider", "number", "fiscal_year", "stream", "amount"],
}


def good_sheets() -> dict[str, list[list]]:
    return {
        "providers": [
            ["Lakeside Newcomer Hub", "SK", "SAISIA"],
            ["Tundra Services", "NU", ""],
        ],
        "sites": [
            ["Lakeside Newcomer Hub", "Regina office", "Regina", "SK", "urban", 2018, 3, 0],
            ["Lakeside Newcomer Hub", "Moose Jaw office", "Moose Jaw", "SK", "small", "2018-19", 0, 1],
            ["Lakeside Newcomer Hub", "Regina office", "Regina", "SK", "urban", "2019", 2.5, 1],
            ["Tundra Services", "Iqaluit", "Iqaluit", "NU", "north", None, None, None],
        ],
        "agreements": [
            ["Lakeside Newcomer Hub", "CA-SK-001", 2018, "language", 120000],
            ["Lakeside Newcomer Hub", "CA-SK-002", "2018-19", "settlement", "80000.50"],
            ["Tundra Services", "CA-NU-001", 2018, "settlement", 50000],
        ],
    }


def workbook_bytes(sheets: dict[str, list[list]] | None = None, headers: dict | None = None) -> bytes:
    sheets = good_sheets() if sheets is None else sheets
    headers = {**HEADERS, **(headers or {})}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(headers.get(name, []))
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
