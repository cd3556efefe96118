"""Workbooks: the right sheets, headers, types and counts; formula-looking text stays inert."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from portal.exports import (
    DATE,
    INTEGER,
    MONEY,
    MONEY_FORMATS,
    TEXT,
    Column,
    ExportInfo,
    Sheet,
    csv_lines,
    write_xlsx,
)
from portal.models import ExportJob

HOSTILE = ['=HYPERLINK("http://example.org","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]


def build(rows):
    return [
        Sheet(
            "Money",
            [Column("Name", TEXT), Column("Amount", MONEY), Column("People", INTEGER), Column("Due", DATE)],
            rows,
        )
    ]


def test_xlsx_types_frozen_header_filters_and_about_sheet():
    target = io.BytesIO()
    rows = [
        ("Prairie", Decimal("2775.00"), 3, datetime.date(2019, 3, 31)),
        ("North", Decimal("3000"), 0, None),
    ]
    counts = write_xlsx(
        target, build(rows), ExportInfo(title="Test", user="Staff", filters={"Year": "2018-19"})
    )
    assert counts == {"Money": 2}
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert book.sheetnames == ["About this export", "Money"]
    ws = book["Money"]
    assert [c.value for c in ws[1]] == ["Name", "Amount", "People", "Due"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    assert ws["B2"].value == 2775 and ws["B2"].number_format == MONEY_FORMATS["en"]  # $2,775.00
    assert ws["C2"].value == 3
    assert ws["D2"].value.date() == datetime.date(2019, 3, 31)  # a naive datetime: Excel has no zones
    about = {row[0].value: row[1].value for row in book["About this export"].iter_rows(min_row=2)}
    assert about["Report"] == "Test" and about["Exported by"] == "Staff"
    assert about["Filter: Year"] == "2018-19" and about["Rows in sheet Money"] == 2  # a number cell
    assert about["Language"] == "English"


def test_xlsx_money_follows_the_pages_language_and_csv_numbers_stay_plain():
    from django.utils import translation

    with translation.override("fr"):
        target = io.BytesIO()
        write_xlsx(
            target, build([("Nord", Decimal("-250.00"), 2, None)]), ExportInfo("T", "U", language="fr")
        )
        lines = "".join(csv_lines(build([("Nord", Decimal("-250.00"), 2, datetime.date(2019, 3, 31))])[0]))
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    cell = book["Money"]["B2"]
    assert (
        cell.value == -250 and cell.data_type == "n" and cell.number_format == MONEY_FORMATS["fr"]
    )  # 250,00 $
    about = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert about["Langue"] == "Français"
    # CSV is read by programs as well as people: the same plain numbers and ISO dates in both languages.
    assert list(csv.reader(io.StringIO(lines.lstrip("\ufeff"))))[1] == ["Nord", "-250.00", "2", "2019-03-31"]


def test_formula_looking_text_is_inert_in_xlsx_and_csv():
    target = io.BytesIO()
    write_xlsx(target, build([(text, None, None, None) for text in HOSTILE]), ExportInfo(title="T", user="U"))
    ws = openpyxl.load_workbook(io.BytesIO(target.getvalue()))["Money"]
    for row, text in enumerate(HOSTILE, start=2):
        assert ws.cell(row, 1).data_type == "s" and ws.cell(row, 1).quotePrefix
        assert ws.cell(row, 1).value == text
    lines = "".join(csv_lines(build([(text, None, None, None) for text in HOSTILE])[0]))
    cells = [row[0] for row in csv.reader(io.StringIO(lines.lstrip("\ufeff")))][1:]
    assert cells == ["'" + text for text in HOSTILE]


@pytest.mark.django_db
def test_groups_roster_download_in_both_languages(client_for, staff_user, seeded):
    client = client_for(staff_user)
    response = client.get("/en/reports/groups-roster/download/?export=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book["Groups"]
    assert ws["B1"].value == "Group" and ws.max_row == 40
    response = client.get("/fr/reports/groups-roster/download/?export=xlsx&stage=early")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book["Groupes"]
    assert ws["B1"].value == "Groupe"
    names = {row[1].value for row in ws.iter_rows(min_row=2)}
    assert "Liens dans la communauté" in names and "Gestion des cas" not in names
    about = {r[0].value: r[1].value for r in book["À propos de cette exportation"].iter_rows(min_row=2)}
    assert about["Filtre\u00a0: Étape"] == "À ses débuts"


@pytest.mark.django_db
def test_groups_roster_csv(client_for, staff_user, seeded):
    response = client_for(staff_user).get("/en/reports/groups-roster/download/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Short name,Group,Category")
    assert len(body.splitlines()) == 40


@pytest.mark.django_db
def test_bad_filters_and_unknown_reports_are_clear_errors(client_for, staff_user, seeded):
    client = client_for(staff_user)
    response = client.get("/en/reports/groups-roster/download/?export=xlsx&stage=bogus")
    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()
    assert client.get("/en/reports/no-such-report/").status_code == 404
    response = client.get("/en/reports/groups-roster/download/?export=exe")
    assert response.status_code == 302


@pytest.mark.django_db
def test_large_export_runs_as_a_job_kept_for_its_user(
    client_for, staff_user, admin_user, seeded, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    client = client_for(staff_user)
    response = client.get("/en/reports/groups-roster/download/?export=xlsx")
    assert "run in the background" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/reports/groups-roster/download/", {"export": "xlsx"})
    assert response.status_code == 302
    job = ExportJob.objects.get(user=staff_user)
    assert job.status == ExportJob.Status.DONE and job.rows_done == 39
    download = client.get(f"/en/reports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Groups"].max_row == 40
    assert "Download" in client.get("/en/reports/").content.decode()
    other = client_for(admin_user)
    assert other.get(f"/en/reports/jobs/{job.pk}/download/").status_code == 404
    assert other.get(f"/en/reports/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_groups_roster_lists_committee_members(client_for, staff_user, seeded, settings):
    from groups.models import Committee, CommitteeMember, WorkingGroup

    group = WorkingGroup.objects.get(slug="case-management")
    committee = Committee.objects.create(
        kind="steering", name_en="CM steering", name_fr="Comité CM", group=group
    )
    CommitteeMember.objects.create(
        committee=committee,
        person_name="=cmd|' /C calc'!A0",
        role="chair",
        organisation_name="Demo Org",
        jurisdiction_id="MB",
    )
    response = client_for(staff_user).get("/en/reports/groups-roster/download/?export=xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Committee members"]
    assert [c.value for c in ws[1]][:4] == ["Group", "Committee", "Kind", "Member"]
    assert ws.cell(2, 1).value == "Case management" and ws.cell(2, 4).value == "=cmd|' /C calc'!A0"
    assert ws.cell(2, 4).data_type == "s"


@pytest.mark.django_db
def test_a_finished_export_is_refused_once_its_owner_loses_the_right_to_the_report(
    client_for, seeded, settings, django_capture_on_commit_callbacks, provider_a
):
    """A staff member's PD allocations export, then the account becomes provider staff: no download."""
    from tests.factories import UserFactory

    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 0
    officer = UserFactory(username="moving-officer", role="staff")
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/reports/pd-allocations/download/", {"export": "csv"})
    job = ExportJob.objects.get(user=officer)
    assert job.status == ExportJob.Status.DONE
    url = f"/en/reports/jobs/{job.pk}/download/"
    assert client.get(url).status_code == 200
    officer.role, officer.provider = "provider", provider_a
    officer.save()
    response = client.get(url)
    assert response.status_code == 403
    assert b"pd-allocations" not in response.content and "Content-Disposition" not in response


def test_the_french_csv_opens_in_columns_in_french_excel():
    """`;` between fields, a decimal comma, a byte-order mark; text with `;` stays one field."""
    from decimal import Decimal

    sheet = Sheet(
        "Requests",
        [Column("Provider"), Column("Amount", MONEY), Column("On", DATE)],
        rows=[("Alpha; Beta", Decimal("2775.50"), datetime.date(2019, 3, 31))],
    )
    lines = list(csv_lines(sheet, french=True))
    assert lines[0] == "\ufeffProvider;Amount;On\r\n"
    assert lines[1] == '"Alpha; Beta";2775,50;2019-03-31\r\n'
    assert list(csv_lines(sheet))[1] == "Alpha; Beta,2775.50,2019-03-31\r\n"
