"""Every Django-admin export keeps formula-looking text inert, keeps numbers numbers, and imports back.

Every text field of every row of every exported model holds a formula (`=HYPERLINK(...)`); each admin's
own export path (`get_export_data`, what the Export button runs) writes every format it offers; no
xlsx cell is a formula and no CSV/TSV cell begins like one; the same files import back unchanged.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import RequestFactory
from import_export.admin import ExportMixin

from organisations.models import Provider
from pd_budget.models import Agreement
from pd_budget.resources import AgreementResource
from portal.exports import FORMULA_PREFIXES, SafeCSV, SafeTSV, SafeXLSX, neutralise, restore
from tests.portal.test_admin_resources import EXPORT_ONLY as RESOURCE_EXPORT_ONLY
from tests.portal.test_admin_resources import project_admins

pytestmark = pytest.mark.django_db

# Importing these would bypass the rule that guards them (the list and reasons: test_admin_resources).
EXPORT_ONLY = set(RESOURCE_EXPORT_ONLY)
# Only numbers, dates and years: nothing a person types as text.
NO_TEXT = {"PolicyYear", "SurveyCycle", "FTEDeclarationLine", "Respondent", "Response"}
HOSTILE_PREFIX = '=HYPERLINK("http://evil","x'


def exporting_admins():
    return [
        (model, model_admin)
        for model, model_admin in project_admins()
        if isinstance(model_admin, ExportMixin)
    ]


def rows_the_demo_lacks(admin_user) -> None:
    """One record of each exported kind the demo data does not hold (written by services at run time)."""
    from pd_budget.models import AllocationFlag, FTEDeclaration, FTEDeclarationLine
    from surveys.models import ConfirmedOutlier, PDTemplate

    provider = Provider.objects.filter(sites__isnull=False).order_by("pk").first()
    declaration = FTEDeclaration.objects.create(
        provider=provider, fiscal_year=2019, declared_by=admin_user, reason="Two new counsellors"
    )
    FTEDeclarationLine.objects.create(
        declaration=declaration, site=provider.sites.first(), language_fte=Decimal("1.50"), settlement_fte=2
    )
    AllocationFlag.objects.create(
        provider=provider, fiscal_year=2019, source="staff", detail="Over by $120.00"
    )
    # An invitation of provider staff (accounts) and a series' cancelled occurrence (the calendar).
    from accounts.models import Invitation
    from learning_events.models import EventSeries, SeriesException

    Invitation.objects.create(
        email="new.staff@example.org",
        provider=provider,
        token_hash="0" * 64,
        invited_by=admin_user,
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    series = EventSeries.objects.order_by("pk").first()
    SeriesException.objects.create(
        series=series, original_date=datetime.date(2019, 1, 16), kind="cancelled", note="Holiday"
    )
    template = PDTemplate.objects.order_by("pk").first()
    ConfirmedOutlier.objects.create(
        template=template,
        key="need:1:cost",
        rule="ratio",
        field="cost",
        value=Decimal("90000.00"),
        factor=Decimal("3.00"),
        label="Conference travel",
        confirmed_at=datetime.datetime(2019, 5, 1, tzinfo=datetime.UTC),
    )


def hostile_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.primary_key
        and f.name != "password"
    ]


def is_hostile(text: str) -> bool:
    return text.startswith((HOSTILE_PREFIX, "=1+"))


@pytest.fixture
def hostile(seeded, settings, admin_user):
    """The demo data with every free-text field of every row holding a formula unique to its row."""
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    rows_the_demo_lacks(admin_user)
    for model, _ in exporting_admins():
        pk = Cast("pk", models.CharField())
        changes = {}
        for field in hostile_fields(model):
            long_enough = field.max_length is None or field.max_length >= len(HOSTILE_PREFIX) + 8
            # Unique per row (slugs, names and acronyms are unique); short fields get a short formula.
            changes[field.name] = (
                Concat(models.Value(HOSTILE_PREFIX), pk, models.Value('")'))
                if long_enough
                else Concat(models.Value("=1+"), pk)
            )
        if changes:
            model.objects.update(**changes)
    request = RequestFactory().get("/en/admin/")
    request.user = admin_user
    return request


def admin_export(model, model_admin, request, file_format):
    return model_admin.get_export_data(file_format, request, model.objects.all(), encoding="utf-8")


def test_the_admin_offers_only_formats_that_keep_formulas_inert(admin_user):
    for model, model_admin in exporting_admins():
        offered = set(model_admin.get_export_formats())
        assert offered <= {SafeCSV, SafeXLSX, SafeTSV, *[f for f in offered if f().get_extension() == "json"]}
        assert {SafeCSV, SafeXLSX} <= offered, model.__name__


def test_every_admin_xlsx_export_writes_formulas_as_text(hostile):
    problems, without_hostile_text = {}, []
    for model, model_admin in exporting_admins():
        data = admin_export(model, model_admin, hostile, SafeXLSX())
        ws = openpyxl.load_workbook(io.BytesIO(data)).active
        seen = 0
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    problems.setdefault(model.__name__, []).append(f"{cell.coordinate} is a formula")
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    if cell.data_type != "s" or not cell.quotePrefix:
                        problems.setdefault(model.__name__, []).append(f"{cell.coordinate} not text")
                    seen += is_hostile(cell.value)
        assert ws.max_row > 1, model.__name__
        if not seen and model.__name__ not in NO_TEXT:
            without_hostile_text.append(model.__name__)
    assert problems == {}
    assert without_hostile_text == []  # the test reached every resource's text


@pytest.mark.parametrize(("file_format", "delimiter"), [(SafeCSV, ","), (SafeTSV, "\t")])
def test_every_admin_csv_and_tsv_export_escapes_formulas(hostile, file_format, delimiter):
    problems, without_hostile_text = {}, []
    for model, model_admin in exporting_admins():
        data = admin_export(model, model_admin, hostile, file_format(encoding="utf-8"))
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        seen = 0
        for row in rows[1:]:
            for value in row:
                if value.startswith(FORMULA_PREFIXES) and value.strip("+-0123456789.,"):
                    problems.setdefault(model.__name__, []).append(value)
                seen += value.startswith("'") and is_hostile(value[1:])
        if not seen and model.__name__ not in NO_TEXT:
            without_hostile_text.append(model.__name__)
    assert problems == {}
    assert without_hostile_text == []


@pytest.mark.parametrize("file_format", [SafeCSV, SafeXLSX, SafeTSV])
def test_what_the_admin_exports_imports_back_unchanged(hostile, file_format):
    problems = {}
    for model, model_admin in exporting_admins():
        if model.__name__ in EXPORT_ONLY:
            continue
        data = admin_export(model, model_admin, hostile, file_format(encoding="utf-8"))
        reader = file_format(encoding="utf-8")
        dataset = reader.create_dataset(data if reader.is_binary() else data.decode("utf-8"))
        resource_class = model_admin.get_import_resource_classes(hostile)[0]
        result = resource_class().import_data(dataset, dry_run=True, raise_errors=False)
        errors = [str(e.error) for e in result.base_errors] + [
            f"row {n}: {err.error}" for n, errs in result.row_errors() for err in errs
        ]
        errors += [f"row {r.number}: {r.validation_error}" for r in result.invalid_rows]
        changed = sum(result.totals.get(kind, 0) for kind in ("new", "update", "delete"))
        if errors or changed:
            problems[model.__name__] = {"errors": errors[:3], "changed": changed, "rows": len(dataset)}
    assert problems == {}


def test_negative_money_stays_a_number_in_xlsx_and_csv(seeded):
    provider = Provider.objects.order_by("pk").first()
    refund = Agreement(provider=provider, number="=1+1", fiscal_year=2018, stream="settlement")
    refund.amount = Decimal("-250.00")
    resource = AgreementResource()
    book = openpyxl.load_workbook(
        io.BytesIO(SafeXLSX().export_data(resource.export(queryset=[refund], force_native_type=True)))
    )
    cells = {c.value: n for n, c in enumerate(book.active[1])}
    row = book.active[2]
    assert row[cells["amount"]].data_type == "n" and row[cells["amount"]].value == -250
    assert row[cells["number"]].value == "=1+1" and row[cells["number"]].data_type == "s"
    text = SafeCSV().export_data(resource.export(queryset=[refund]))
    values = dict(zip(*list(csv.reader(io.StringIO(text))), strict=True))
    assert values["amount"] == "-250.00"  # read by a spreadsheet as the number it is
    assert values["number"] == "'=1+1"


@pytest.mark.parametrize(
    ("written", "in_csv"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # an apostrophe of its own survives the round trip
        ("-250.00", "-250.00"),
        ("-1 250,00", "-1 250,00"),
        ("+15", "+15"),
        ("Prairie Newcomer Services", "Prairie Newcomer Services"),
        ("l'Ouest", "l'Ouest"),
    ],
)
def test_neutralise_and_restore_are_inverse(written, in_csv):
    assert neutralise(written) == in_csv
    assert restore(in_csv) == written


def test_xlsx_keeps_dates_and_control_characters_do_not_break_the_export():
    dataset = tablib.Dataset(headers=["name", "on"])
    dataset.append(["bell\x07", datetime.date(2019, 3, 31)])
    ws = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    assert ws["A2"].value == "bell\N{REPLACEMENT CHARACTER}" and ws["B2"].is_date


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_admin_export_button_downloads_inert_formulas(client_for, admin_user, hostile, extension):
    """The admin's own Export page, as an administrator uses it, for committee seats (free text)."""
    from groups.models import CommitteeMember

    model_admin = admin.site._registry[CommitteeMember]
    formats = model_admin.get_export_formats()
    index = next(i for i, f in enumerate(formats) if f().get_extension() == extension)
    resource = model_admin.get_export_resource_classes(hostile)[0]
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().fields}
    client = client_for(admin_user)
    response = client.post(
        "/en/admin/groups/committeemember/export/", {"format": index, "resource": 0, **fields}
    )
    assert response.status_code == 200, response.content[:300]
    if extension == "xlsx":
        ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = [row[2] for row in ws.iter_rows(min_row=2)]
        assert names and all(is_hostile(c.value) and c.data_type == "s" and c.quotePrefix for c in names)
    else:
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows and all(r["person_name_en"].startswith("'" + HOSTILE_PREFIX) for r in rows)
