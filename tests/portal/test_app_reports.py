"""Each app's report opens in Excel with the right sheets, headers, types and row counts."""

import datetime
import io

import openpyxl
import pytest

from learning_events.models import Evaluation, LearningEvent
from portal.exports import MONEY_FORMATS

pytestmark = pytest.mark.django_db


def workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_learning_events_report_has_seed_dates_and_ranges(client_for, staff_user, seeded):
    book = workbook(client_for(staff_user), "/en/reports/learning-events/download/?export=xlsx")
    ws = book["Learning events"]
    header = [c.value for c in ws[1]]
    assert header[:7] == [
        "Short name",
        "Event",
        "Working group",
        "Series",
        "Date (as written)",
        "Earliest day",
        "Latest day",
    ]
    assert ws.max_row - 1 == LearningEvent.objects.count()
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    fall = next(r for r in rows.values() if r[4].value == "fall 2018")
    # Excel cells carry no time zone: openpyxl reads a date cell back as a naive datetime.
    assert fall[5].value.date() == datetime.date(2018, 9, 23)
    assert fall[6].value.date() == datetime.date(2018, 12, 20)
    assert fall[5].is_date


def test_learning_events_report_follows_filters_and_language(client_for, staff_user, seeded):
    book = workbook(client_for(staff_user), "/fr/reports/learning-events/download/?export=xlsx&year=2019")
    ws = book["Activités d'apprentissage"]
    labels = {r[4].value for r in ws.iter_rows(min_row=2)}
    assert "2019" in labels and "mars 2018" not in labels


def test_evaluations_report_shows_status_and_counts(client_for, staff_user, provider_b_user, seeded):
    book = workbook(client_for(staff_user), "/en/reports/evaluations/download/?export=xlsx")
    ws = book["Evaluations"]
    assert ws.max_row - 1 == Evaluation.objects.count() == 4
    statuses = {r[0].value: r[4].value for r in ws.iter_rows(min_row=2)}
    assert statuses["Language assessment"] == "Draft received"
    book = workbook(client_for(provider_b_user), "/en/reports/evaluations/download/?export=xlsx")
    assert all((r[8].value or 0) == 0 for r in book["Evaluations"].iter_rows(min_row=2))


def test_list_pages_link_to_their_report_with_the_same_filters(client_for, staff_user, seeded):
    client = client_for(staff_user)
    body = client.get("/en/groups/?stage=early").content.decode()
    assert "/en/reports/groups-roster/download/?stage=early&amp;export=xlsx" in body
    body = client.get("/en/events/list/?year=2019").content.decode()  # the table view of the calendar
    assert "/en/reports/learning-events/download/?year=2019&amp;export=csv" in body
    assert (
        "/en/reports/evaluations/download/?export=xlsx" in client.get("/en/events/reports/").content.decode()
    )


# --- The equity analysis: never a silently empty file; labels in the user's language; numbers -------
def _equity_world(aggregate=True, newer_open_cycle=True):
    import io as _io

    from django.core.management import call_command

    from surveys.models import SurveyCycle
    from tests.surveys.factories import build_hand_computed_fixture

    build_hand_computed_fixture()
    if aggregate:
        call_command("aggregate_pd_survey", "2018", stdout=_io.StringIO())
    if newer_open_cycle:
        # The latest survey is open and has no figures yet: the default must not pick it.
        SurveyCycle.objects.create(
            fiscal_year=2019,
            opens_on=datetime.date(2019, 4, 1),
            closes_on=datetime.date(2019, 6, 30),
            status="open",
        )


def _sheets(book):
    return {ws.title: ws for ws in book.worksheets}


def test_equity_default_is_the_latest_aggregated_survey_with_labels_and_number_cells(client_for, staff_user):
    _equity_world()
    client = client_for(staff_user)
    page = client.get("/en/reports/pd-equity-analysis/").content.decode()
    assert "Latest aggregated survey (2018-19)" in page and "2019-20 (not aggregated yet)" in page
    assert "Nothing to export" not in page
    sheets = _sheets(workbook(client, "/en/reports/pd-equity-analysis/download/?export=xlsx"))
    per_fte = {r[0].value: r for r in sheets["Per FTE"].iter_rows(min_row=2)}
    assert {"Alpha", "Delta", "Echo", "Golf"} <= set(per_fte)  # 2018's figures, not the empty 2019 survey
    echo = per_fte["Echo"]
    assert [c.value for c in echo[1:3]] == ["Northwest Territories", "North"]
    assert echo[3].value == 300 and echo[3].data_type == "n" and echo[3].number_format == MONEY_FORMATS["en"]
    assert echo[5].value == 200 and echo[5].data_type == "n"
    assert per_fte["Delta"][2].value == "Large urban centre"
    summary = {r[0].value: r[1] for r in sheets["Summary"].iter_rows(min_row=2)}
    assert summary["Fiscal year"].value == "2018-19"  # the default says which survey it took
    assert (
        summary["Regional median per FTE"].value == 750
        and summary["Regional median per FTE"].data_type == "n"
    )
    assert summary["Median per FTE, Small centre"].value == 450
    assert summary["Median per FTE, Large urban centre"].number_format == MONEY_FORMATS["en"]
    assert summary["Median per FTE, Manitoba"].value == 2000
    assert summary["Gini coefficient"].value == pytest.approx(0.366)
    assert summary["Gini coefficient"].number_format == "0.000"
    assert not any(str(k).endswith((", urban", ", small", ", north", ", MB")) for k in summary)


def test_equity_in_french_has_french_labels_and_french_money(client_for, staff_user):
    _equity_world()
    client = client_for(staff_user)
    sheets = _sheets(workbook(client, "/fr/reports/pd-equity-analysis/download/?export=xlsx"))
    assert list(sheets) == ["À propos de cette exportation", "Par ETP", "Sommaire"]
    per_fte = sheets["Par ETP"]
    rows = {r[0].value: r for r in per_fte.iter_rows(min_row=2)}
    assert rows["Echo"][1].value == "Territoires du Nord-Ouest" and rows["Echo"][2].value == "Nord"
    assert rows["Delta"][2].value == "Grand centre urbain"
    assert rows["Echo"][3].number_format == MONEY_FORMATS["fr"]
    summary = sheets["Sommaire"]
    labels = {r[0].value: r[1] for r in summary.iter_rows(min_row=2)}
    assert labels["Médiane par ETP, Petit centre"].value == 450
    assert all(c.data_type == "n" for label, c in labels.items() if label.startswith("Médiane") and c.value)
    body = b"".join(client.get("/fr/reports/pd-equity-analysis/download/?export=csv").streaming_content)
    text = body.decode("utf-8-sig")
    assert "Territoires du Nord-Ouest,Nord,300.00,1.50,200.00" in text
    assert "urban" not in text and ",north," not in text


def test_equity_with_nothing_aggregated_says_so_and_sends_no_file(
    client_for, staff_user, django_capture_on_commit_callbacks
):
    from portal.models import ExportJob

    _equity_world(aggregate=False)
    client = client_for(staff_user)
    page = client.get("/en/reports/pd-equity-analysis/").content.decode()
    assert "No PD survey has been aggregated yet" in page and "Latest aggregated survey (none yet)" in page
    for file_format in ("xlsx", "csv"):
        response = client.get(f"/en/reports/pd-equity-analysis/download/?export={file_format}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "No PD survey has been aggregated yet" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/reports/pd-equity-analysis/download/", {"export": "xlsx"}, follow=True)
    assert "No PD survey has been aggregated yet" in response.content.decode()
    assert not ExportJob.objects.exists()
    french = client.get("/fr/reports/pd-equity-analysis/download/?export=xlsx").content.decode()
    assert (
        "Rien à exporter" in french
        and "a encore été agrégé\u00a0: il n&#x27;y a donc aucun chiffre" in french
    )


def test_equity_for_a_survey_not_yet_aggregated_says_so(client_for, staff_user):
    _equity_world()
    response = client_for(staff_user).get(
        "/en/reports/pd-equity-analysis/download/?export=xlsx&fiscal_year=2019"
    )
    assert response["Content-Type"].startswith("text/html")
    assert "The 2019-20 PD survey has not been aggregated yet" in response.content.decode()


def test_a_queued_equity_job_with_nothing_to_export_fails_with_the_reason(staff_user):
    from portal.models import ExportJob
    from portal.reports import run_export_job

    _equity_world(aggregate=False)
    job = ExportJob.objects.create(
        user=staff_user, report="pd-equity-analysis", file_format="xlsx", language="en"
    )
    run_export_job(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "No PD survey has been aggregated yet" in job.error
    assert not job.file


# --- Every report, both languages: labels not codes, numbers as number cells, one number format -----
def _choice_codes() -> set[str]:
    """Every stored choice value of the project's models and every jurisdiction code: never shown."""
    from django.apps import apps

    from organisations.models import Jurisdiction

    codes = set(Jurisdiction.objects.values_list("code", flat=True))
    for model in apps.get_models():
        if model._meta.app_label in {"portal", "groups", "learning_events", "pd_budget", "surveys"}:
            for field in model._meta.fields:
                codes |= {str(value) for value, _ in (field.flatchoices or []) if value not in ("", None)}
    return codes


@pytest.fixture
def demo_world(seeded, settings, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_report_shows_labels_and_typed_numbers(client_for, staff_user, demo_world, language):
    from django.utils import translation

    from portal.exports import DATE, DATETIME, MONEY, MONEY_FORMATS, NUMBER_KINDS, TEXT, Cell
    from portal.reports import REPORTS

    codes = _choice_codes()
    client = client_for(staff_user)
    problems = []
    for key, report in sorted(REPORTS.items()):
        with translation.override(language):
            built = report.build(user=staff_user, filters={})
            kinds = {str(sheet.name): [c.kind for c in sheet.columns] for sheet in built}
            # Short names are slugs people type in addresses ("north" is a group's), not codes.
            slugs = {
                str(sheet.name): [c.header == translation.gettext("Short name") for c in sheet.columns]
                for sheet in built
            }
            cell_kinds = {  # a Cell overrides its column's kind (the equity summary)
                (str(sheet.name), n, col): value.kind
                for sheet in built
                for n, row in enumerate(sheet.rows, start=2)
                for col, value in enumerate(row)
                if isinstance(value, Cell)
            }
        book = workbook(client, f"/{language}/reports/{key}/download/?export=xlsx")
        rows_seen = 0
        for ws in book.worksheets[1:]:
            for row in ws.iter_rows(min_row=2):
                rows_seen += 1
                for col, cell in enumerate(row):
                    kind = cell_kinds.get((ws.title, cell.row, col), kinds[ws.title][col])
                    where = f"{key} {ws.title}!{cell.coordinate} ({language})"
                    if cell.value is None:
                        continue
                    if kind in NUMBER_KINDS and cell.data_type != "n":
                        problems.append(f"{where}: number written as text {cell.value!r}")
                    if kind == MONEY and cell.number_format != MONEY_FORMATS[language]:
                        problems.append(f"{where}: money format {cell.number_format!r}")
                    if kind in (DATE, DATETIME) and not cell.is_date:
                        problems.append(f"{where}: date written as {cell.value!r}")
                    if kind == TEXT and str(cell.value) in codes and not slugs[ws.title][col]:
                        problems.append(f"{where}: code {cell.value!r} instead of its label")
        assert rows_seen, f"{key} exported no rows: the test would not see anything"
    assert problems == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_report_csv_writes_plain_numbers_and_iso_dates(client_for, staff_user, demo_world, language):
    import csv
    import re

    from django.utils import translation

    from portal.exports import DATE, NUMBER_KINDS
    from portal.reports import REPORTS

    client = client_for(staff_user)
    problems = []
    for key, report in sorted(REPORTS.items()):
        with translation.override(language):
            columns = report.build(user=staff_user, filters={})[0].columns
        response = client.get(f"/{language}/reports/{key}/download/?export=csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            for column, value in zip(columns, row, strict=True):
                if not value:
                    continue
                if column.kind in NUMBER_KINDS and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                    problems.append(f"{key} {column.header} ({language}): {value!r}")
                if column.kind == DATE and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    problems.append(f"{key} {column.header} ({language}): {value!r}")
    assert problems == []
