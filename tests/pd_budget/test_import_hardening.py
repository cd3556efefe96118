"""Hostile workbooks are refused before parsing, quickly and in little memory (issue 14)."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest

from organisations.models import Provider
from portal.importing import import_workbook
from portal.xlsx_guard import column_number
from tests.pd_budget.hostile_workbooks import _rewrite, huge_dimension_workbook, shared_strings_bomb
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = pytest.mark.django_db


def _measure(data: bytes):
    """(result, seconds, peak Python memory in MB) of a dry-run import of `data`."""
    started = time.monotonic()
    result = import_workbook(data, dry_run=True)
    seconds = time.monotonic() - started
    tracemalloc.start()
    try:
        import_workbook(data, dry_run=True)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def test_the_huge_dimension_workbook_is_small_and_refused_at_once(seeded):
    data = huge_dimension_workbook()
    assert len(data) < 8 * 1024  # the 6.5 KB file
    result, seconds, peak = _measure(data)
    assert seconds < 2 and peak < 20, (seconds, peak)
    messages = [p.message for p in result.problems]
    assert any(
        "Sheet “sites” declares 1,048,576 rows and 16,384 columns; at most 20,000 rows and 50 columns" in m
        for m in messages
    ), messages
    assert Provider.objects.count() == 0


def test_the_shared_strings_bomb_is_refused_at_once(seeded):
    data = shared_strings_bomb()
    assert len(data) < 200 * 1024  # the 130 KB file; it inflates to about 50 MB
    result, seconds, peak = _measure(data)
    assert seconds < 2 and peak < 20, (seconds, peak)
    assert len(result.problems) == 1
    assert "The workbook's texts are too large once uncompressed" in result.problems[0].message


def test_too_many_shared_strings_are_counted_while_streaming(seeded, settings):
    settings.PD_IMPORT_MAX_SHARED_STRINGS_BYTES = 10**9  # let the part through: the count refuses it
    result, seconds, peak = _measure(shared_strings_bomb())
    assert seconds < 2 and peak < 20, (seconds, peak)
    assert "too many different texts (200,0" in result.problems[0].message or (
        "too many different texts" in result.problems[0].message
    )
    assert "at most 200,000" in result.problems[0].message


def test_a_part_that_inflates_past_the_total_limit_is_refused(seeded, settings):
    settings.PD_IMPORT_MAX_UNCOMPRESSED_BYTES = 10_000
    result = import_workbook(workbook_bytes(), dry_run=True)
    assert "too large once uncompressed" in result.problems[0].message


def test_limits_are_settings(seeded, settings):
    settings.PD_IMPORT_MAX_ROWS = 2
    result = import_workbook(workbook_bytes(), dry_run=True)
    assert any("Sheet “sites” declares 5 rows" in p.message for p in result.problems), result.problems


def test_a_sheet_without_dimension_and_a_far_row_stops_at_the_row_limit(seeded, settings):
    settings.PD_IMPORT_MAX_ROWS = 1000

    def change(name, body):
        if name == "xl/worksheets/sheet2.xml":
            body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", body)
            far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            body = body.replace(b"</sheetData>", far + b"</sheetData>")
        return body

    started = time.monotonic()
    result = import_workbook(_rewrite(workbook_bytes(), change), dry_run=True)
    assert time.monotonic() - started < 2
    assert [(p.sheet, p.message) for p in result.problems] == [("sites", "Too many rows: at most 1000.")]


def test_a_french_page_gets_the_refusal_in_french(seeded):
    from django.utils import translation

    with translation.override("fr"):
        result = import_workbook(huge_dimension_workbook(), dry_run=True)
    assert "La feuille «\u00a0sites\u00a0» déclare 1" in result.problems[1].message


def test_a_good_workbook_with_hundreds_of_rows_passes_the_checks(seeded):
    sheets = good_sheets()
    sheets["providers"] += [[f"Provider {n}", "AB", ""] for n in range(500)]
    result = import_workbook(workbook_bytes(sheets), dry_run=True)
    assert result.ok, result.problems[:3]
    assert result.counts["providers"].created == 502


@pytest.mark.parametrize(("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("AX", 50), ("XFD", 16384)])
def test_column_numbers(letters, number):
    assert column_number(letters) == number


def test_the_bomb_files_are_real_zip_workbooks():
    for data in (huge_dimension_workbook(), shared_strings_bomb()):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert "xl/workbook.xml" in names and "xl/worksheets/sheet2.xml" in names
