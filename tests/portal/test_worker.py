"""A real Celery worker on Redis runs tasks against the same PostgreSQL database as the site."""

import pytest
from django.db import connection

from portal.models import User
from portal.tasks import describe_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_real_worker_sees_the_test_database(celery_worker, staff_user, provider_a_user):
    result = describe_worker.delay().get(timeout=60)
    assert result["database"] == "postgresql"
    assert result["name"] == connection.settings_dict["NAME"]
    assert result["users"] == User.objects.count() == 2
