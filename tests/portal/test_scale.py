"""generate_scale_data builds a region N times the seed's size, the same one for the same seed."""

import pytest
from django.core.management import call_command

from groups.models import WorkingGroup
from learning_events.models import LearningEvent
from organisations.models import Provider
from pd_budget.models import Site
from surveys.models import PDNeed

pytestmark = pytest.mark.django_db


def test_scale_two_doubles_the_region():
    call_command("generate_scale_data", "--scale", "2", verbosity=0)
    assert Provider.objects.filter(name__startswith="Settlement provider").count() == 400
    assert Site.objects.filter(provider__name__startswith="Settlement provider").count() == 1200
    assert WorkingGroup.objects.count() == 39 + 40
    assert LearningEvent.objects.filter(slug__startswith="scale-").count() == 500
    assert PDNeed.objects.count() == 40_000
    first = list(Site.objects.order_by("pk").values_list("city", "centre_type")[:50])
    assert len({c for c, _t in first}) > 3
