"""Every model of the app has an admin with import-export; exports re-import without change."""

import pytest
import tablib
from django.apps import apps
from django.contrib import admin

from learning_events import resources
from learning_events.models import LearningEvent

pytestmark = pytest.mark.django_db

# Historical models (the audit trail) are read through the history page, not the admin.
MODELS = [
    m for m in apps.get_app_config("learning_events").get_models() if not m.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_an_admin_with_export(client_for, admin_user, seeded, model):
    model_admin = admin.site._registry[model]
    assert model_admin.resource_classes
    url = f"/en/admin/learning_events/{model._meta.model_name}/"
    assert client_for(admin_user).get(url).status_code == 200
    assert client_for(admin_user).get(url + "export/").status_code == 200


def test_event_export_reimports_unchanged_and_derives_dates(seeded):
    resource = resources.LearningEventResource()
    dataset = resource.export()
    result = resources.LearningEventResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert {row.import_type for row in result.rows} == {"skip"}
    row = dataset.dict[0]
    row.update({"slug": "imported-fall-event", "precision": "season", "season": "winter", "year": 2020})
    row.update({"on_date": "", "month": "", "starts_on": "", "ends_on": ""})
    single = tablib.Dataset(headers=dataset.headers)
    single.append([row[h] for h in dataset.headers])
    resources.LearningEventResource().import_data(single, dry_run=False, raise_errors=True)
    event = LearningEvent.objects.get(slug="imported-fall-event")
    assert (str(event.starts_on), str(event.ends_on)) == ("2019-12-21", "2020-03-19")
