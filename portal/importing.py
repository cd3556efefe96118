"""Workbook import: a small registry of sheets, validated all first, then written all or nothing.

Each app registers the sheets it understands:

    register_sheet("pd_templates", columns=[...], clean_row=..., apply=..., depends_on=["providers"])

`clean_row(row, ctx)` reads one row through the `Row` helpers (each records a problem with
sheet, row and column instead of raising, so every problem of the workbook is reported) and
returns the cleaned value, or None. `apply(cleaned_rows, ctx)` writes them and returns a
`SheetCounts`. Sheets are validated and applied in dependency order; `ctx.seen` lets a sheet
know the keys earlier sheets brought (a provider named in `providers` exists for `sites`).
"""

import io
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.fiscal import parse_fiscal_year

from . import xlsx_guard

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, where it is: sheet, row (as Excel numbers it), column."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [_("sheet “%(sheet)s”") % {"sheet": self.sheet}] if self.sheet else []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else str(self.message)


@dataclass
class SheetCounts:
    """One sheet's outcome, one count per row of the sheet; `rows` lists the rows that change
    something, each with its changes (field, kind, before, after) for the preview and the history."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[dict] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def record(self, *, row: int | None, key: str, outcome: str, changes: list[dict]) -> None:
        """Count one row of the sheet and keep what it changes (nothing kept when unchanged)."""
        self.count(outcome)
        if outcome != "unchanged":
            self.rows.append({"row": row, "key": key, "outcome": outcome, "changes": changes})

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rows": self.rows,
        }


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[str, ...]
    optional_columns: tuple[str, ...]
    clean_row: Callable[["Row", "ImportContext"], Any]
    apply: Callable[[list, "ImportContext"], SheetCounts]
    depends_on: tuple[str, ...]
    required: bool
    export_rows: Callable[[], Iterable[list]] | None
    title: Any


_SHEETS: dict[str, SheetSpec] = {}


def register_sheet(
    name: str,
    *,
    columns: Iterable[str],
    clean_row: Callable,
    apply: Callable,
    depends_on: Iterable[str] = (),
    optional_columns: Iterable[str] = (),
    required: bool = False,
    export_rows: Callable[[], Iterable[list]] | None = None,
    title=None,
) -> None:
    """Teach the import (and the export) one sheet. Registering the same name again replaces it."""
    _SHEETS[name] = SheetSpec(
        name=name,
        columns=tuple(columns),
        optional_columns=tuple(optional_columns),
        clean_row=clean_row,
        apply=apply,
        depends_on=tuple(depends_on),
        required=required,
        export_rows=export_rows,
        title=title or name,
    )


def registered_sheets() -> list[SheetSpec]:
    """The sheets in dependency order (a sheet after those it depends on)."""
    ordered: list[SheetSpec] = []
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name not in _SHEETS:
            return
        if name in path:
            raise ImproperlyConfiguredSheets(f"circular sheet dependency: {' -> '.join((*path, name))}")
        for dependency in _SHEETS[name].depends_on:
            visit(dependency, (*path, name))
        done.add(name)
        ordered.append(_SHEETS[name])

    for name in _SHEETS:
        visit(name, ())
    return ordered


class ImproperlyConfiguredSheets(RuntimeError):
    pass


class ImportContext:
    """What a workbook's sheets share while it is read: problems, keys seen, caches, the user."""

    def __init__(self, *, user=None) -> None:
        self.user = user
        self.problems: list[Problem] = []
        self.seen: dict[str, set] = {}
        self.cache: dict[str, Any] = {}

    def problem(self, sheet: str, row: int | None, column: str, message) -> None:
        self.problems.append(Problem(sheet, row, column, str(message)))

    def cached(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


_YES = {"yes", "y", "oui", "o", "true", "1", "x"}
_NO = {"no", "n", "non", "false", "0", ""}


class Row:
    """One data row: typed readers that record a problem (and return None) instead of raising."""

    def __init__(self, sheet: str, number: int, values: dict[str, Any], ctx: ImportContext) -> None:
        self.sheet, self.number, self.values, self.ctx = sheet, number, values, ctx
        self.ok = True
        self.reported: set[str] = set()

    def error(self, column: str, message) -> None:
        """Record a problem in `column`; one per cell (a formula is not also "a missing number")."""
        self.ok = False
        if column in self.reported:
            return
        self.reported.add(column)
        self.ctx.problem(self.sheet, self.number, column, message)

    def raw(self, column: str) -> Any:
        value = self.values.get(column)
        return value.strip() if isinstance(value, str) else value

    def is_blank(self, column: str) -> bool:
        return self.raw(column) in (None, "")

    def text(self, column: str, *, required: bool = True, max_length: int = 200) -> str:
        value = self.raw(column)
        if value in (None, ""):
            if required:
                self.error(column, _("This value is required."))
            return ""
        text = str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if len(text) > max_length:
            self.error(column, _("At most %(n)s characters.") % {"n": max_length})
        return text

    def decimal(
        self,
        column: str,
        *,
        places: int = 2,
        minimum: Decimal | None = Decimal("0"),
        maximum: Decimal = Decimal("9999999999.99"),
    ) -> Decimal | None:
        value = self.raw(column)
        if value in (None, ""):
            self.error(column, _("Enter a number."))
            return None
        if isinstance(value, bool):
            self.error(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        try:
            number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace("$", ""))
        except InvalidOperation:
            self.error(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if not number.is_finite():
            self.error(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if minimum is not None and number < minimum:
            self.error(column, _("Must not be negative.") if minimum == 0 else _("Too small."))
            return None
        if number > maximum:
            self.error(column, _("Too large: at most %(maximum)s.") % {"maximum": maximum})
            return None
        quantum = Decimal(1).scaleb(-places)
        if number != number.quantize(quantum):
            self.error(column, _("At most %(places)s decimals.") % {"places": places})
            return None
        return number.quantize(quantum)

    def fiscal_year(self, column: str = "fiscal_year") -> int | None:
        value = self.raw(column)
        try:
            return parse_fiscal_year(value)
        except ValueError:
            self.error(
                column, _("“%(value)s” is not a fiscal year: write 2018 or 2018-19.") % {"value": value or ""}
            )
            return None

    def choice(self, column: str, choices: Iterable[str]) -> str | None:
        value = str(self.raw(column) or "").lower()
        allowed = list(choices)
        if value not in allowed:
            self.error(
                column,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": self.raw(column) or "", "allowed": ", ".join(allowed)},
            )
            return None
        return value

    def yes_no(self, column: str) -> bool | None:
        value = self.raw(column)
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        self.error(column, _("Write yes or no."))
        return None


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    applied: bool = False
    # What the caller's `measure` hook found (the workbook service: the allocations that change).
    impact: Any = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())


MAX_ROWS = 100_000
FILE_PROBLEM = gettext_lazy(
    "This file is not an Excel workbook (.xlsx). Save it from Excel as .xlsx and try again."
)


def read_workbook(data: bytes, ctx: ImportContext) -> dict[str, list[Row]] | None:
    """Read every registered sheet's rows; file-level problems go to ctx and give None."""
    from openpyxl import load_workbook

    if not data:
        ctx.problem("", None, "", _("The file is empty."))
        return None
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        ctx.problem("", None, "", FILE_PROBLEM)
        return None
    # Sizes, declared dimensions and shared strings are checked before openpyxl sees the file.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unsafe = xlsx_guard.check_package(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        logger.info("unreadable zip in a workbook upload", exc_info=True)
        ctx.problem("", None, "", FILE_PROBLEM)
        return None
    if unsafe:
        for message in unsafe:
            ctx.problem("", None, "", message)
        return None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable package is the same problem for the user
        logger.info("unreadable workbook upload", exc_info=True)
        ctx.problem("", None, "", FILE_PROBLEM)
        return None
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        sheets: dict[str, list[Row]] = {}
        for spec in registered_sheets():
            if spec.name not in names:
                if spec.required:
                    ctx.problem(
                        spec.name,
                        None,
                        "",
                        _("The workbook has no sheet named “%(sheet)s”.") % {"sheet": spec.name},
                    )
                continue
            sheets[spec.name] = _read_sheet(workbook[names[spec.name]], spec, ctx)
        return sheets
    except Exception:  # noqa: BLE001 - a corrupt part inside a valid package
        logger.warning("workbook could not be read", exc_info=True)
        ctx.problem("", None, "", FILE_PROBLEM)
        return None
    finally:
        workbook.close()


def _read_sheet(worksheet, spec: SheetSpec, ctx: ImportContext) -> list[Row]:
    limits = xlsx_guard.Limits.from_settings()
    max_rows = min(MAX_ROWS, limits.rows)
    # Never wider than the limit, whatever the sheet declares (openpyxl pads rows to the width).
    rows = worksheet.iter_rows(max_col=limits.columns)
    header_cells = next(rows, None)
    headers = [str(c.value).strip().lower() if c.value is not None else "" for c in header_cells or ()]
    missing = [column for column in spec.columns if column not in headers]
    for column in missing:
        ctx.problem(spec.name, 1, column, _("The column is missing."))
    if missing:
        return []
    known = set(spec.columns) | set(spec.optional_columns)
    result: list[Row] = []
    for number, cells in enumerate(rows, start=2):
        if number - 1 > max_rows:
            ctx.problem(spec.name, number, "", _("Too many rows: at most %(n)s.") % {"n": max_rows})
            break
        values: dict[str, Any] = {}
        formulas: list[str] = []
        for header, cell in zip(headers, cells, strict=False):
            if header not in known:
                continue
            if getattr(cell, "data_type", None) == "f":
                formulas.append(header)
                continue
            values[header] = cell.value
        blank = all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values.values())
        if blank and not formulas:
            continue
        row = Row(spec.name, number, values, ctx)
        for header in formulas:
            row.error(header, _("Formulas are not accepted: enter the value itself."))
        result.append(row)
    return result


def import_workbook(
    data: bytes,
    *,
    user=None,
    dry_run: bool = False,
    measure: Callable[[dict[str, list]], Callable[[], Any]] | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> ImportResult:
    """Validate the whole workbook, then write it all or nothing. `dry_run`: the preview's changes.

    `measure(cleaned)` runs in the transaction before the writes and returns a function run after
    them (still inside, before a dry run rolls back): the result's `impact`. `on_progress(percent,
    step)` is told how far the import is (the background job's progress bar).
    """
    progress = on_progress or (lambda percent, step: None)
    ctx = ImportContext(user=user)
    progress(5, "reading")
    sheets = read_workbook(data, ctx)
    result = ImportResult(problems=ctx.problems)
    if sheets is None:
        return result
    cleaned: dict[str, list] = {}
    specs = registered_sheets()
    for index, spec in enumerate(specs):
        if spec.name not in sheets:
            continue
        progress(20 + 40 * index // max(len(specs), 1), f"checking {spec.name}")
        cleaned[spec.name] = []
        for row in sheets[spec.name]:
            value = spec.clean_row(row, ctx)  # also for rows already in error: report every problem
            if row.ok and value is not None:
                cleaned[spec.name].append(value)
    if ctx.problems:
        return result
    progress(60, "comparing")  # the rest happens in one transaction: a heartbeat there would wait
    try:
        with transaction.atomic():
            after = measure(cleaned) if measure is not None else None
            for spec in specs:
                if spec.name in cleaned:
                    result.counts[spec.name] = spec.apply(cleaned[spec.name], ctx)
            if after is not None:
                result.impact = after()
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        for message in exc.messages:
            ctx.problem("", None, "", message)
        result.counts, result.impact = {}, None
        return result
    except IntegrityError:
        ctx.problem(
            "", None, "", _("The workbook contradicts data already in the portal; nothing was imported.")
        )
        result.counts, result.impact = {}, None
        return result
    result.applied = not dry_run
    return result
