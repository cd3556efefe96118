"""Each app's report opens in Excel with the right sheets, headers, types and row counts."""

import datetime
import io

import openpyxl
import pytest

from learning_events.models import Evaluation, LearningEvent

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
    assert fall[5].value == datetime.datetime(2018, 9, 23) and fall[6].value == datetime.datetime(
        2018, 12, 20
    )
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
    body = client.get("/en/events/?year=2019").content.decode()
    assert "/en/reports/learning-events/download/?year=2019&amp;export=csv" in body
    assert (
        "/en/reports/evaluations/download/?export=xlsx" in client.get("/en/events/reports/").content.decode()
    )
