"""The demo data loads after the seed, twice without change."""

import pytest
from django.core.management import call_command

from learning_events.models import ParticipantEvaluation, Registration, ReportAccessGrant, ReportFile

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(settings, stored_files):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo", verbosity=0)
    models = (Registration, ParticipantEvaluation, ReportFile, ReportAccessGrant)
    counts = [m.objects.count() for m in models]
    assert counts == [6, 4, 2, 1]
    call_command("load_demo", verbosity=0)
    assert [m.objects.count() for m in models] == counts
    assert len(stored_files()) == 2
