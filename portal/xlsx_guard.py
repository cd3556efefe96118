"""Checks an .xlsx package before any parser opens it: a small file must not cost a large one.

An .xlsx is a zip of XML parts. A few kilobytes can declare a sheet of 1,048,576 x 16,384 cells
(openpyxl then pads every row to the declared width) or hold a shared-strings part that inflates to
hundreds of megabytes (openpyxl loads it whole). So before parsing we read only the zip's central
directory (sizes as declared: `zipfile` stops at the declared size and fails the CRC past it), the
first bytes of each worksheet (its `<dimension>`), and count the shared strings while streaming,
stopping at the limit. The limits are settings (`PD_IMPORT_*`).
"""

import html
import re
import zipfile
from dataclasses import dataclass
from posixpath import dirname, join, normpath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"
)
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_ATTR = re.compile(rb"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")
_HEAD_BYTES = 64 * 1024
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    part_bytes: int
    total_bytes: int
    parts: int
    shared_strings: int
    shared_strings_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=getattr(settings, "PD_IMPORT_MAX_ROWS", 20_000),
            columns=getattr(settings, "PD_IMPORT_MAX_COLUMNS", 50),
            part_bytes=getattr(settings, "PD_IMPORT_MAX_PART_BYTES", 64 * 1024 * 1024),
            total_bytes=getattr(settings, "PD_IMPORT_MAX_UNCOMPRESSED_BYTES", 128 * 1024 * 1024),
            parts=getattr(settings, "PD_IMPORT_MAX_PARTS", 1000),
            shared_strings=getattr(settings, "PD_IMPORT_MAX_SHARED_STRINGS", 200_000),
            shared_strings_bytes=getattr(settings, "PD_IMPORT_MAX_SHARED_STRINGS_BYTES", 16 * 1024 * 1024),
        )


def column_number(letters: str) -> int:
    """Excel's column letters as a number: A -> 1, Z -> 26, AA -> 27, XFD -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - 64)
    return number


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def check_package(archive: zipfile.ZipFile, *, limits: Limits | None = None) -> list[str]:
    """The problems that make the package unsafe to parse (translated), or an empty list."""
    limits = limits or Limits.from_settings()
    infos = archive.infolist()
    if len(infos) > limits.parts:
        return [
            _("The workbook holds too many parts (%(count)s); at most %(limit)s.")
            % {"count": _n(len(infos)), "limit": _n(limits.parts)}
        ]
    total = sum(info.file_size for info in infos)
    if total > limits.total_bytes:
        return [
            _("The workbook is too large once uncompressed (%(size)s); at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.total_bytes)}
        ]
    for info in infos:
        if info.file_size > limits.part_bytes:
            return [
                _(
                    "A part of the workbook is too large once uncompressed (%(name)s, %(size)s); "
                    "at most %(limit)s."
                )
                % {
                    "name": info.filename[:100],
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(limits.part_bytes),
                }
            ]
    problems: list[str] = []
    names = _sheet_names(archive)
    for info in infos:
        lower = info.filename.lower()
        if lower.endswith("sharedstrings.xml"):
            problems += _check_shared_strings(archive, info, limits)
        elif lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
            problems += _check_worksheet(archive, info, limits, names.get(info.filename, info.filename))
    return problems


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = _HEAD_BYTES) -> bytes:
    with archive.open(info) as part:
        return part.read(size)


def _check_worksheet(archive, info, limits: Limits, sheet: str) -> list[str]:
    head = _head(archive, info)
    if _DOCTYPE.search(head):
        return [
            _("Sheet “%(sheet)s” contains a document type declaration; save it again from Excel.")
            % {"sheet": sheet}
        ]
    match = _DIMENSION.search(head)
    if match is None:
        return []  # no declaration: the reader's own row and column caps apply
    first_col, first_row, last_col, last_row = match.groups()
    rows = max(int(first_row), int(last_row or first_row))
    columns = max(column_number(first_col.decode()), column_number((last_col or first_col).decode()))
    if rows > limits.rows + 1 or columns > limits.columns:  # + 1: the header row
        return [
            _(
                "Sheet “%(sheet)s” declares %(rows)s rows and %(columns)s columns; at most "
                "%(max_rows)s rows and %(max_columns)s columns are accepted. Delete the empty rows "
                "and columns after your data, save, and try again."
            )
            % {
                "sheet": sheet,
                "rows": _n(rows),
                "columns": _n(columns),
                "max_rows": _n(limits.rows),
                "max_columns": _n(limits.columns),
            }
        ]
    return []


def _check_shared_strings(archive, info, limits: Limits) -> list[str]:
    too_many = _("The workbook holds too many different texts (%(count)s or more); at most %(limit)s.")
    if info.file_size > limits.shared_strings_bytes:
        return [
            _("The workbook's texts are too large once uncompressed (%(size)s); at most %(limit)s.")
            % {"size": filesizeformat(info.file_size), "limit": filesizeformat(limits.shared_strings_bytes)}
        ]
    count, tail, first = 0, b"", True
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            if first and _DOCTYPE.search(data[:_HEAD_BYTES]):
                return [
                    _("The workbook's texts contain a document type declaration; save it again from Excel.")
                ]
            first = False
            # A tag cut at the chunk's end is counted with the next chunk (the tail keeps it whole).
            cut = max(0, len(data) - 8)
            count += len(_SHARED_STRING.findall(data, 0, cut))
            tail = data[cut:]
            if count > limits.shared_strings:
                return [too_many % {"count": _n(count), "limit": _n(limits.shared_strings)}]
    count += len(_SHARED_STRING.findall(tail))
    if count > limits.shared_strings:
        return [too_many % {"count": _n(count), "limit": _n(limits.shared_strings)}]
    return []


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it (for messages); {} when unsure."""
    try:
        workbook = _head(archive, archive.getinfo("xl/workbook.xml"), 1024 * 1024)
        rels = _head(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), 1024 * 1024)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return {}
    targets: dict[str, str] = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        if b"Id" in attrs and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else normpath(join(dirname("xl/workbook.xml"), target))
            )
            targets[attrs[b"Id"].decode("utf-8", "replace")] = path
    names: dict[str, str] = {}
    for tag in _SHEET.findall(workbook):
        attrs = {key.split(b":")[-1]: value for key, value in _ATTR.findall(tag)}
        rid = attrs.get(b"id", b"").decode("utf-8", "replace")
        if rid in targets and b"name" in attrs:
            names[targets[rid]] = html.unescape(attrs[b"name"].decode("utf-8", "replace"))[:100]
    return names
