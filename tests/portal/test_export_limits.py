"""One user cannot flood the workers with exports; staff jobs have their own queue; export files go
away after the retention period, and the Reports page says when.

The review queued 100 exports from one provider in 2.2 s, which delayed a staff aggregation from
2 s to 88 s, and no export file was ever deleted.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal import queue, reports, tasks
from portal.models import ExportJob
from tests.portal.brokers import free_port

pytestmark = pytest.mark.django_db
EXPORT = "/{lang}/reports/groups-roster/download/"


def _post_exports(client, n, lang="en"):
    return [
        client.post(EXPORT.format(lang=lang), {"export": "xlsx"}, follow=True).content.decode()
        for _ in range(n)
    ]


def test_a_user_may_have_three_exports_waiting_and_no_more(
    client_for, staff_user, seeded, settings, broker_at, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    broker_at(f"redis://127.0.0.1:{free_port()}/8")  # workers away: every export stays queued
    client = client_for(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        pages = _post_exports(client, 5)
    assert ExportJob.objects.filter(user=staff_user).count() == settings.PORTAL_MAX_ACTIVE_EXPORTS == 3
    assert all("Your export is queued" in page for page in pages[:3])
    assert all("You already have 3 exports in progress" in page for page in pages[3:])
    with django_capture_on_commit_callbacks(execute=True):
        (page,) = _post_exports(client, 1, lang="fr")
    assert "Vous avez déjà 3 exportations en cours" in page
    # One finishes: the user may ask again.
    ExportJob.objects.filter(user=staff_user).order_by("pk").first().delete()
    with django_capture_on_commit_callbacks(execute=True):
        (page,) = _post_exports(client, 1)
    assert "Your export is queued" in page and ExportJob.objects.filter(user=staff_user).count() == 3


def test_the_limit_is_per_user(client_for, staff_user, admin_user, seeded, settings, broker_at):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    settings.PORTAL_MAX_ACTIVE_EXPORTS = 1
    broker_at(f"redis://127.0.0.1:{free_port()}/8")
    _post_exports(client_for(staff_user), 2)
    _post_exports(client_for(admin_user), 1)
    assert ExportJob.objects.filter(user=staff_user).count() == 1
    assert ExportJob.objects.filter(user=admin_user).count() == 1


def test_staff_jobs_go_to_their_own_queue(
    broker_at, redis_server, staff_user, provider_a_user, seeded, django_capture_on_commit_callbacks
):
    url, client = redis_server
    broker_at(url)
    report = reports.REPORTS["groups-roster"]
    with django_capture_on_commit_callbacks(execute=True):
        reports.start_export_job(report, user=provider_a_user, filters={}, file_format="csv")
        reports.start_export_job(report, user=staff_user, filters={}, file_format="csv")
    assert queue.publish("surveys.tasks.run_aggregation", 1)
    assert client.llen("celery") == 1  # the provider's export
    assert client.llen("staff") == 2  # the staff export and the aggregation


def test_the_workers_listen_to_the_staff_queue():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    compose = (root / "docker-compose.yml").read_text()
    assert "-Q staff" in compose or "-Q celery,staff" in compose
    assert '"celery,staff"' in (root / "tests" / "conftest.py").read_text()


def _finished_job(user, days_ago, name):
    job = ExportJob.objects.create(user=user, report="groups-roster", status=ExportJob.Status.DONE)
    job.file.save(name, ContentFile(b"a,b\n"), save=False)
    job.finished_at = timezone.now() - datetime.timedelta(days=days_ago)
    job.save()
    return job


def test_export_files_are_deleted_after_the_retention_period(staff_user, settings):
    settings.PORTAL_EXPORT_RETENTION_DAYS = 7
    old = _finished_job(staff_user, 8, "old.csv")
    recent = _finished_job(staff_user, 2, "recent.csv")
    old_path, recent_path = old.file.path, recent.file.path
    assert tasks.delete_expired_exports.delay().get() == 1
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    import os

    assert not os.path.exists(old_path) and os.path.exists(recent_path)
    assert "portal.tasks.delete_expired_exports" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_the_reports_page_says_when_a_file_will_be_deleted(client_for, staff_user, settings):
    settings.PORTAL_EXPORT_RETENTION_DAYS = 7
    job = _finished_job(staff_user, 2, "recent.csv")
    deleted_on = timezone.localtime(job.finished_at + datetime.timedelta(days=7)).date().isoformat()
    client = client_for(staff_user)
    english = client.get("/en/reports/").content.decode()
    assert f"The file will be deleted on {deleted_on}." in english
    assert "Finished exports are deleted after 7 days." in english
    french = client.get("/fr/reports/").content.decode()
    assert f"Le fichier sera supprimé le {deleted_on}." in french


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_requests_still_make_at_most_three_exports(staff_user, seeded, broker_at):
    """On PostgreSQL the count is taken under the user's row lock: clicks at once cannot all pass."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need the PostgreSQL that `make test` starts")
    broker_at(f"redis://127.0.0.1:{free_port()}/8")
    report = reports.REPORTS["groups-roster"]
    barrier = threading.Barrier(10)
    outcomes = []

    def click():
        try:
            barrier.wait(timeout=30)
            reports.start_export_job(report, user=staff_user, filters={}, file_format="csv")
            outcomes.append("queued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["queued"] * 3 + ["refused"] * 7
    assert ExportJob.objects.filter(user=staff_user).count() == 3
