"""The pd_templates and pd_needs sheets of import_workbook: paper years, all or nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest

from portal.importing import import_workbook
from surveys.models import PDNeed, PDTemplate, SurveyCycle
from tests.surveys.factories import ThemeFactory

pytestmark = pytest.mark.django_db

BASE = {
    "providers": [("name", "jurisdiction", "umbrella")],
    "sites": [
        (
            "provider",
            "site",
            "city",
            "jurisdiction",
            "centre_type",
            "fiscal_year",
            "language_fte",
            "settlement_fte",
        )
    ],
    "agreements": [("provider", "number", "fiscal_year", "stream", "amount")],
}
TEMPLATES = [("provider", "fiscal_year", "current_pd_funding", "can_identify_needs", "can_cost_needs")]
NEEDS = [("provider", "fiscal_year", "theme", "people", "estimated_cost", "delivery", "scope")]


def workbook(templates, needs) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in {**BASE, "pd_templates": TEMPLATES + templates, "pd_needs": NEEDS + needs}.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_paper_templates_and_needs_are_imported_once(provider_a, provider_b):
    ThemeFactory(code="case-management", name_en="Case management", name_fr="Gestion des cas")
    data = workbook(
        [
            (provider_a.name, "2016-17", 1200, "yes", "non"),
            (provider_b.name, 2016, "800.50", "oui", "no"),
        ],
        [
            (provider_a.name, "2016-17", "Gestion des cas", 4, 900, "in_person", "regional"),
            (provider_a.name, "2016", "Trauma-informed practice", 2, None, "online", "local"),
            (provider_b.name, 2016, "case-management", 3, "", "either", "provincial"),
        ],
    )
    result = import_workbook(data)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.counts["pd_templates"].created, result.counts["pd_needs"].created) == (2, 3)
    cycle = SurveyCycle.objects.get(fiscal_year=2016)
    assert cycle.status == "closed"
    a = PDTemplate.objects.get(provider=provider_a, cycle=cycle)
    assert (a.status, a.current_pd_funding, a.can_identify_needs, a.can_cost_needs) == (
        "submitted",
        Decimal("1200.00"),
        True,
        False,
    )
    needs = list(a.needs.order_by("pk"))
    assert [n.theme_label for n in needs] == ["Case management", "Trauma-informed practice"]
    assert needs[1].estimated_cost is None  # empty: unknown
    again = import_workbook(data)
    assert again.ok and again.changes == 0  # a second import changes nothing
    assert PDNeed.objects.count() == 3


def test_one_bad_cell_imports_nothing_and_says_where(provider_a):
    data = workbook(
        [(provider_a.name, 2016, 1200, "maybe", "no"), ("Nobody", 2016, 5, "yes", "yes")],
        [(provider_a.name, 2016, "Theme", -1, "abc", "by_mail", "national")],
    )
    result = import_workbook(data)
    assert not result.ok
    where = {(p.sheet, p.row, p.column) for p in result.problems}
    assert ("pd_templates", 2, "can_identify_needs") in where
    assert ("pd_templates", 3, "provider") in where
    assert {("pd_needs", 2, c) for c in ("people", "estimated_cost", "delivery", "scope")} <= where
    assert not PDTemplate.objects.exists() and not SurveyCycle.objects.exists()


def test_needs_need_a_template(provider_a):
    result = import_workbook(workbook([], [(provider_a.name, 2015, "Theme", 1, 10, "online", "local")]))
    assert [(p.sheet, p.column) for p in result.problems] == [("pd_needs", "provider")]
