"""A real Celery worker on Redis runs tasks against the same PostgreSQL database as the site."""

import pytest

from portal.tasks import describe_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_real_worker_sees_the_test_database(celery_worker, seeded):
    result = describe_worker.delay().get(timeout=60)
    assert result["database"] == "postgresql"
    assert result["groups"] == 39
