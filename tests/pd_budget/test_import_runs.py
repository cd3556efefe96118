"""The import as a background job, its preview page, the used link, the history and its file."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Provider
from pd_budget.models import Agreement, ImportRun, ImportStatus, SiteFTE
from pd_budget.services import imports
from pd_budget.services.workbook import import_providers_workbook
from portal.permissions import SYSTEM
from portal.uploads import XLSX_TYPE
from tests.factories import ProviderFactory
from tests.pd_budget.hostile_workbooks import huge_dimension_workbook, shared_strings_bomb
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(client_for, admin_user, seeded, django_capture_on_commit_callbacks):
    """`upload(data, name)`: the administrator's upload, its check run as the job; returns the run."""

    def send(data: bytes, name: str = "providers.xlsx", *, run_job: bool = True) -> ImportRun:
        file = io.BytesIO(data)
        file.name = name
        with django_capture_on_commit_callbacks(execute=run_job):
            response = client_for(admin_user).post(reverse("pd_budget:workbook-import"), {"file": file})
        assert response.status_code == 302, response.content.decode()[:2000]
        return ImportRun.objects.get(token=response["Location"].rstrip("/").rsplit("/", 1)[-1])

    return send


def _confirm(client, run, capture):
    with capture(execute=True):
        response = client.post(reverse("pd_budget:workbook-preview", args=[run.token]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def _changed_fte_workbook():
    sheets = good_sheets()
    sheets["sites"][1][7] = "2.5"  # Moose Jaw office, settlement FTEs 2018-19: 1 -> 2.5
    return workbook_bytes(sheets)


def test_the_upload_only_queues_a_check_and_the_page_polls(upload, client_for, admin_user):
    run = upload(workbook_bytes(), run_job=False)
    assert run.status == ImportStatus.QUEUED and run.diff == {}
    page = (
        client_for(admin_user).get(reverse("pd_budget:workbook-preview", args=[run.token])).content.decode()
    )
    status_url = reverse("pd_budget:workbook-status", args=[run.token])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "<script>" not in page  # the CSP forbids inline scripts
    assert "Waiting to be checked" in page
    assert "Confirm the import" not in page
    imports.run_workbook_import(run.pk)
    partial = client_for(admin_user).get(status_url).content.decode()
    assert "Confirm the import" in partial and "hx-get" not in partial  # done: the polling stops


def test_the_preview_page_shows_every_change_and_the_allocation_impact(
    upload, client_for, admin_user, django_capture_on_commit_callbacks
):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    run = upload(_changed_fte_workbook())
    assert run.status == ImportStatus.READY
    url = reverse("pd_budget:workbook-preview", args=[run.token])
    page = client_for(admin_user).get(url).content.decode()
    assert "Lakeside Newcomer Hub · Moose Jaw office · 2018-19" in page
    assert "settlement_fte</span>: 1.00 → 2.50" in page
    assert "0 new rows" in page and "1 changed" in page and "3 unchanged" in page
    assert "$3,525.00" in page and "$4,036.36" in page and "+$511.36" in page
    french = client_for(admin_user).get(url.replace("/en/", "/fr/", 1)).content.decode()
    assert "1,00 → 2,50" in french and "Allocations de base en PP qui changent" in french
    assert "3\u00a0525,00\u00a0$" in french and "4\u00a0036,36\u00a0$" in french
    assert SiteFTE.objects.get(site__name="Moose Jaw office", fiscal_year=2018).settlement_fte == 1


def test_confirming_imports_and_the_used_link_points_to_the_history(
    upload, client_for, admin_user, staff_user, django_capture_on_commit_callbacks
):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    run = upload(_changed_fte_workbook(), "FTEs 2018.xlsx")
    client = client_for(admin_user)
    run = _confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.APPLIED and run.applied_by == admin_user and run.applied_at
    assert SiteFTE.objects.get(site__name="Moose Jaw office", fiscal_year=2018).settlement_fte == 2.5
    page = client.get(reverse("pd_budget:workbook-preview", args=[run.token])).content.decode()
    detail_url = reverse("pd_budget:importrun-detail", args=[run.pk])
    assert "This import was already applied" in page and detail_url in page
    # A second confirmation (a double click, an old tab) imports nothing more.
    again = _confirm(client, run, django_capture_on_commit_callbacks)
    assert again.applied_at == run.applied_at
    assert imports.run_workbook_import(run.pk) == "skipped"
    # The history: who, when, which file, what changed.
    listing = client.get(reverse("pd_budget:importrun-list")).content.decode()
    assert "FTEs_2018.xlsx" in listing and admin_user.display_name in listing
    detail = client.get(detail_url).content.decode()
    assert "settlement_fte</span>: 1.00 → 2.50" in detail and "$4,036.36" in detail
    assert reverse("pd_budget:importrun-file", args=[run.pk]) in detail


def test_the_original_file_is_downloaded_by_admins_only_with_a_safe_name(
    upload, client_for, admin_user, staff_user, provider_a_user, django_capture_on_commit_callbacks
):
    data = workbook_bytes()
    run = upload(data, '../../minutes".pdf.exe')
    run = _confirm(client_for(admin_user), run, django_capture_on_commit_callbacks)
    url = reverse("pd_budget:importrun-file", args=[run.pk])
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="minutes_pdf_exe.xlsx"'
    assert "private/pd_imports/" in run.file.name and "minutes" not in run.file.name
    for user in (staff_user, provider_a_user):
        assert client_for(user).get(url).status_code in (403, 404)
        assert client_for(user).get(reverse("pd_budget:importrun-list")).status_code in (403, 404)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("providers.xlsx", "providers.xlsx"),
        ("C:\\Users\\me\\Sites 2018.XLSX", "Sites_2018.xlsx"),
        ("<script>.xlsx", "script.xlsx"),
        ("", "workbook.xlsx"),
        ("a" * 300 + ".xlsx", "a" * 95 + ".xlsx"),
        ("..", "workbook.xlsx"),
        ("$$$.xlsx", "workbook.xlsx"),
        ("...xlsx", "workbook.xlsx"),
        ("rapport d'été.xlsx", "rapport_dété.xlsx"),
    ],
)
def test_safe_file_names(name, safe):
    assert imports.safe_file_name(name) == safe


def test_the_import_refuses_when_the_portal_changed_since_the_preview(
    upload, client_for, admin_user, django_capture_on_commit_callbacks
):
    run = upload(workbook_bytes())
    assert run.status == ImportStatus.READY
    other = ProviderFactory(name="Someone Else")
    Agreement.objects.create(
        provider=other, number="CA-SK-001", fiscal_year=2018, stream="language", amount=1
    )
    run = _confirm(client_for(admin_user), run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.INVALID and run.applied_at is None
    assert any("belongs to Someone Else" in p[3] for p in run.problems)
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()  # all or nothing


@pytest.mark.parametrize("build", [huge_dimension_workbook, shared_strings_bomb])
def test_hostile_uploads_are_refused_by_the_job_with_a_message(upload, client_for, admin_user, build):
    import time

    started = time.monotonic()
    run = upload(build())
    assert time.monotonic() - started < 3  # upload, store and the job's refusal together
    assert run.status == ImportStatus.INVALID
    page = (
        client_for(admin_user).get(reverse("pd_budget:workbook-preview", args=[run.token])).content.decode()
    )
    assert "nothing was imported" in page
    assert "declares 1,048,576 rows" in page or "too large once uncompressed" in page


def test_a_confirmation_of_a_refused_workbook_is_refused(upload, client_for, admin_user):
    sheets = good_sheets()
    sheets["sites"][0][4] = "rural"
    run = upload(workbook_bytes(sheets))
    assert run.status == ImportStatus.INVALID
    response = client_for(admin_user).post(
        reverse("pd_budget:workbook-preview", args=[run.token]), follow=True
    )
    assert "This workbook cannot be imported" in response.content.decode()
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()


def test_the_sweep_resends_silent_runs_and_expires_old_previews(
    upload, client_for, admin_user, django_capture_on_commit_callbacks
):
    silent = upload(workbook_bytes(), run_job=False)
    long_ago = timezone.now() - timedelta(hours=1)
    ImportRun.objects.filter(pk=silent.pk).update(
        status=ImportStatus.CHECKING, heartbeat_at=long_ago, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.sweep_workbook_imports()["requeued"] == 1
    silent.refresh_from_db()
    assert silent.status == ImportStatus.READY and silent.attempts == 2
    # Too many attempts: failed, with the reason.
    ImportRun.objects.filter(pk=silent.pk).update(
        status=ImportStatus.CHECKING, heartbeat_at=long_ago, attempts=3
    )
    imports.sweep_workbook_imports()
    silent.refresh_from_db()
    assert silent.status == ImportStatus.FAILED and "Stopped after 3 attempts" in silent.error
    # A preview never confirmed for a day: its file is deleted and the link says so.
    old = upload(workbook_bytes())
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    path = old.file.path
    assert imports.sweep_workbook_imports()["expired"] == 1
    old.refresh_from_db()
    assert old.status == ImportStatus.EXPIRED and not old.file
    import os

    assert not os.path.exists(path)
    page = (
        client_for(admin_user).get(reverse("pd_budget:workbook-preview", args=[old.token])).content.decode()
    )
    assert "This preview has expired" in page


def test_a_user_who_lost_the_right_cannot_have_the_job_import(
    upload, admin_user, django_capture_on_commit_callbacks
):
    run = upload(workbook_bytes())
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.CONFIRMED, applied_by=admin_user)
    admin_user.role = "staff"
    admin_user.is_superuser = False
    admin_user.save()
    assert imports.run_workbook_import(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "no longer have permission" in run.error
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()


def test_an_import_whose_worker_died_is_taken_again_and_applied_once(
    upload, admin_user, django_capture_on_commit_callbacks
):
    run = upload(workbook_bytes())
    # The worker died inside the import's transaction: nothing written, the run still "applying".
    long_ago = timezone.now() - timedelta(hours=1)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.APPLYING, applied_by=admin_user, heartbeat_at=long_ago, attempts=1
    )
    assert imports.run_workbook_import(run.pk) == "applied"  # stale: this worker may take it
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and run.applied_at is not None
    assert imports.sweep_workbook_imports()["requeued"] == 0
    assert imports.run_workbook_import(run.pk) == "skipped"
    assert Provider.objects.filter(name="Lakeside Newcomer Hub").count() == 1


def test_a_running_import_is_not_taken_by_a_second_worker(upload, admin_user):
    run = upload(workbook_bytes())
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.APPLYING, applied_by=admin_user, heartbeat_at=timezone.now()
    )
    assert imports.run_workbook_import(run.pk) == "skipped"
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()


def test_history_pages_take_a_fixed_number_of_queries(
    upload, client_for, admin_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = client_for(admin_user)
    for _n in range(3):
        _confirm(client, upload(workbook_bytes()), django_capture_on_commit_callbacks)
    run = ImportRun.objects.filter(status=ImportStatus.APPLIED).first()
    for url in (
        reverse("pd_budget:importrun-list"),
        reverse("pd_budget:importrun-detail", args=[run.pk]),
        reverse("pd_budget:workbook-preview", args=[run.token]),
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
