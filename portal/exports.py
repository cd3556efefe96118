"""Workbooks a person is glad to receive, written in constant memory.

A report is a list of `Sheet`s: columns (header, kind, width) and an iterator of rows. `write_xlsx`
streams them with XlsxWriter in constant-memory mode (rows go to disk as they come: memory stays
flat however many rows there are), freezes the header row, turns filters on, sets widths and
formats numbers, money and dates as such, and adds a sheet saying what was exported, when, by whom
and with which filters. `write_csv` writes one sheet as CSV. Text is always written as text, and
in CSV a cell that begins like a formula gets a leading apostrophe, so no spreadsheet runs it.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import tablib
import xlsxwriter
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from tablib.formats._xlsx import XLSXFormat

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A leading apostrophe is doubled too, so that `restore` is the exact inverse of `neutralise`.
_ESCAPED_PREFIXES = (*FORMULA_PREFIXES, "'")
# A signed number as either language writes it ("-250.00", "-1 250,00"): no letters, no operator
# after the sign, so a spreadsheet can only read it as the number it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,\u00a0\u202f ]*\Z")
TEXT, INTEGER, DECIMAL, MONEY, DATE, DATETIME, PERCENT, BOOLEAN, RATIO = (
    "text",
    "integer",
    "decimal",
    "money",
    "date",
    "datetime",
    "percent",
    "boolean",
    "ratio",
)
NUMBER_KINDS = (MONEY, DECIMAL, INTEGER, PERCENT, RATIO)
# Excel's own Canadian-dollar formats, tagged with their locale (what Excel writes when one picks
# "$ English (Canada)" or "$ French (Canada)"): $3,000.00 in English, 3 000,00 $ in French (the
# separators follow the reader's Excel; the tag places the symbol and its no-break space).
MONEY_FORMATS = {
    "en": "[$$-1009]#,##0.00;-[$$-1009]#,##0.00",
    "fr": "#,##0.00\u00a0[$$-C0C];-#,##0.00\u00a0[$$-C0C]",
}


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: int | None = None


@dataclass(frozen=True)
class Cell:
    """A value whose kind differs from its column's (a summary sheet's money beside a ratio)."""

    value: Any
    kind: str


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: Iterable[tuple] = ()
    # Called with the number of rows written so far, every `progress_every` rows.
    on_progress: Callable[[int], None] | None = None
    progress_every: int = 5000


@dataclass
class ExportInfo:
    title: str
    user: str
    filters: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    exported_at: datetime.datetime = field(default_factory=timezone.now)


def neutralise(value: str) -> str:
    """Text that a spreadsheet would read as a formula, made inert with a leading apostrophe.

    A plain signed number ("-250.00") stays as it is: it is a number, not a formula.
    """
    if value.startswith(_ESCAPED_PREFIXES) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` was given: the apostrophe it added comes off, nothing else changes."""
    if value.startswith("'") and value[1:].startswith(_ESCAPED_PREFIXES):
        return value[1:]
    return value


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(name))[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def write_xlsx(target: str | IO[bytes], sheets: list[Sheet], info: ExportInfo) -> dict[str, int]:
    """Write the sheets and an "About this export" sheet; returns the row count of each sheet."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    formats = {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#26374A", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top"}
        ),
        MONEY: workbook.add_format({"num_format": MONEY_FORMATS.get(info.language[:2], MONEY_FORMATS["en"])}),
        DECIMAL: workbook.add_format({"num_format": "#,##0.00"}),
        RATIO: workbook.add_format({"num_format": "0.000"}),
        INTEGER: workbook.add_format({"num_format": "0"}),
        DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        PERCENT: workbook.add_format({"num_format": "0.0%"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        # Excel's own mark for "this is text" (as typing '=... does): editing the cell keeps it text.
        "quoted": workbook.add_format({"quote_prefix": True}),
    }
    used: set[str] = set()
    about_name = _sheet_name(_("About this export"), used)
    counts: dict[str, int] = {}
    # Constant-memory mode writes rows in order, sheet by sheet; the about sheet comes first in the
    # tab order but is written last, once the row counts are known.
    about = workbook.add_worksheet(about_name)
    for sheet in sheets:
        ws = workbook.add_worksheet(_sheet_name(sheet.name, used))
        for col, column in enumerate(sheet.columns):
            width = column.width or max(10, min(60, len(str(column.header)) + 4))
            ws.set_column(col, col, width)
            ws.write_string(0, col, str(column.header), formats["header"])
        ws.freeze_panes(1, 0)
        row_index = 0
        for row_index, row in enumerate(sheet.rows, start=1):
            for col, (column, value) in enumerate(zip(sheet.columns, row, strict=False)):
                _write_cell(ws, row_index, col, column.kind, value, formats)
            if sheet.on_progress and row_index % sheet.progress_every == 0:
                sheet.on_progress(row_index)
        ws.autofilter(0, 0, max(row_index, 1), max(len(sheet.columns) - 1, 0))
        counts[sheet.name] = row_index
        if sheet.on_progress:
            sheet.on_progress(row_index)
    _write_about(about, info, counts, formats)
    workbook.close()
    return counts


def _write_cell(ws, row: int, col: int, kind: str, value: Any, formats: dict) -> None:
    if isinstance(value, Cell):
        kind, value = value.kind, value.value
    if value is None or value == "":
        ws.write_blank(row, col, None)
    elif kind in NUMBER_KINDS and isinstance(value, int | float | decimal.Decimal):
        ws.write_number(row, col, float(value), formats[kind])
    elif kind == DATETIME and isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        ws.write_datetime(row, col, value, formats[DATETIME])
    elif kind == DATE and isinstance(value, datetime.date):
        ws.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), formats[DATE])
    elif kind == BOOLEAN:
        ws.write_string(row, col, _("Yes") if value else _("No"))
    else:
        # Always a string cell: whatever it looks like, Excel shows it and never runs it.
        text = str(value)
        if text.startswith(FORMULA_PREFIXES):
            ws.write_string(row, col, text, formats["quoted"])
        else:
            ws.write_string(row, col, text)


def _write_about(ws, info: ExportInfo, counts: dict[str, int], formats: dict) -> None:
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 70)
    languages = dict(settings.LANGUAGES)
    rows = [
        (_("Report"), info.title),
        (_("Exported on"), timezone.localtime(info.exported_at).strftime("%Y-%m-%d %H:%M %Z")),
        (_("Exported by"), info.user),
        (_("Language"), str(languages.get(info.language[:2], info.language))),
    ]
    rows += [(_("Filter: %(name)s") % {"name": k}, v) for k, v in info.filters.items()] or [
        (_("Filters"), _("none: every row you may see"))
    ]
    rows += [(_("Rows in sheet %(name)s") % {"name": name}, n) for name, n in counts.items()]
    ws.write_string(0, 0, _("About this export"), formats["header"])
    ws.write_string(0, 1, "", formats["header"])
    for i, (label, value) in enumerate(rows, start=1):
        ws.write_string(i, 0, str(label))
        if isinstance(value, int):
            ws.write_number(i, 1, value, formats[INTEGER])
        else:
            ws.write_string(i, 1, str(value), formats["wrap"])


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(sheet: Sheet, *, french: bool = False) -> Iterator[str]:
    """The sheet as CSV lines (with a byte-order mark so Excel reads UTF-8), one row at a time.

    `french=True` is the CSV a French Excel opens in columns: `;` between fields and a decimal
    comma (2775,00), dates unchanged (2019-03-31); the default is the CSV programs read (2775.00)."""
    writer = csv.writer(_Echo(), delimiter=";" if french else ",")
    yield "\ufeff" + writer.writerow([str(c.header) for c in sheet.columns])
    for row in sheet.rows:
        yield writer.writerow(
            [_csv_value(c.kind, v, french=french) for c, v in zip(sheet.columns, row, strict=False)]
        )


def _csv_value(kind: str, value: Any, *, french: bool = False) -> str:
    """Numbers and dates as a program reads them in either language (2775.00, 2019-03-31); with
    `french`, numbers take a decimal comma (2775,00) and no thousands separator."""
    if french and isinstance(value, Cell):
        kind, value = value.kind, value.value
    if french and isinstance(value, decimal.Decimal | float) and not isinstance(value, bool):
        text = format(value, "f") if isinstance(value, decimal.Decimal) else repr(value)
        return text.replace(".", ",")
    if isinstance(value, Cell):
        kind, value = value.kind, value.value
    if value is None:
        return ""
    if kind == BOOLEAN:
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # never "1E+3"
    if isinstance(value, datetime.date | int | float):
        return str(value)
    return neutralise(str(value))


# --- The Django admin's import-export formats --------------------------------------------------
# django-import-export's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only drops a leading "=" (the
# value changes and no longer imports back), ignores "+", "-", "@", and turns every number into
# text. These formats apply the portal's rule above instead.
def _map_text(dataset: tablib.Dataset, convert: Callable[[str], str]) -> tablib.Dataset:
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([convert(v) if isinstance(v, str) else v for v in row])
    return copy


class _InertTextFormat:
    """CSV or TSV: formula-looking text gets its apostrophe on export and loses it on import."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_text(dataset, neutralise), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _map_text(super().create_dataset(in_stream, **kwargs), restore)


class SafeCSV(_InertTextFormat, base_formats.CSV):
    pass


class SafeTSV(_InertTextFormat, base_formats.TSV):
    pass


class _InertXLSXSheet(XLSXFormat):
    """tablib's sheet writer, then every text cell stored as text with Excel's text prefix.

    openpyxl stores a string that begins with "=" as a formula; here it stays a string cell, and
    text that begins like a formula carries `quotePrefix`, as when a person types '=... in Excel,
    so editing the cell does not turn it into a formula either. The value itself is unchanged.
    """

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    if cell.data_type == "f":
                        cell.data_type = "s"
                    if cell.value.startswith(FORMULA_PREFIXES):
                        cell.quotePrefix = True


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        """The first sheet, as the library reads it, except that a date cell is a date.

        openpyxl reads every date cell as a datetime, so an exported date came back as a change;
        a cell whose number format has no time of day is read as the date it shows.
        """
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.rows
        dataset = tablib.Dataset()
        dataset.headers = [cell.value for cell in next(rows)]
        ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        for row in rows:
            values = [_cell_value(cell) for cell in row]
            if not (ignore_blanks and all(v is None for v in values)):
                dataset.append(values)
        book.close()
        return dataset

    def export_data(self, dataset, **kwargs):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.utils.exceptions import IllegalCharacterError

        try:
            return _InertXLSXSheet.export_set(dataset, **kwargs)
        except IllegalCharacterError:
            # Control characters cannot be stored in xlsx at all: shown as U+FFFD rather than a 500.
            return _InertXLSXSheet.export_set(
                _map_text(dataset, lambda v: ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", v)),
                **kwargs,
            )


def _cell_value(cell) -> Any:
    value = cell.value
    if isinstance(value, datetime.datetime) and not re.search(r"[hs]", cell.number_format.lower()):
        return value.date()
    return value


# The admin hands binary formats native values (numbers, dates) only when the format's exact class is
# listed here; SafeXLSX is such a format, so a money cell stays a number cell.
if SafeXLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(SafeXLSX)

ADMIN_FORMATS = [SafeCSV, SafeXLSX, SafeTSV, base_formats.JSON]
