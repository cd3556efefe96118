"""portal.seeding.upsert: the seed and demo loaders' writer saves only what differs."""

import pytest

from pd_budget.models import DesignatedConference, Site
from portal.seeding import add_missing, upsert, upsert_changes
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_creates_then_leaves_an_unchanged_row_alone(django_assert_num_queries):
    conference, created = upsert(
        DesignatedConference, acronym="XYZ", defaults={"name_en": "X", "name_fr": "Y"}
    )
    assert created and conference.history.count() == 1
    with django_assert_num_queries(1):  # the lookup only: no UPDATE, no history INSERT
        again, created = upsert(
            DesignatedConference, acronym="XYZ", defaults={"name_en": "X", "name_fr": "Y"}
        )
    assert (again.pk, created) == (conference.pk, False)
    assert conference.history.count() == 1


def test_saves_only_the_fields_that_differ_with_one_history_version():
    conference, _ = upsert(DesignatedConference, acronym="XYZ", defaults={"name_en": "X", "name_fr": "Y"})
    DesignatedConference.objects.filter(pk=conference.pk).update(is_active=False)  # an admin's change
    _obj, created, fields = upsert_changes(
        DesignatedConference, acronym="XYZ", defaults={"name_en": "New", "name_fr": "Y"}
    )
    assert (created, fields) == (False, ["name_en"])
    conference.refresh_from_db()
    assert (conference.name_en, conference.is_active) == ("New", False)  # the admin's change is kept
    assert conference.history.count() == 2


def test_foreign_keys_compare_by_key_without_loading_the_related_row(django_assert_num_queries):
    provider = ProviderFactory()
    defaults = {"provider": provider, "city": "Brooks", "jurisdiction_id": "AB", "centre_type": "small"}
    upsert(Site, name="Office", defaults=defaults)
    with django_assert_num_queries(1):
        _site, _created, fields = upsert_changes(Site, name="Office", defaults=defaults)
    assert fields == []
    other = ProviderFactory()
    _site, _created, fields = upsert_changes(Site, name="Office", defaults={**defaults, "provider": other})
    assert fields == ["provider"]
    assert Site.objects.get(name="Office").provider_id == other.pk


def test_add_missing_adds_only_what_lacks_and_keeps_the_rest(seeded):
    from groups.models import WorkingGroup

    group = WorkingGroup.objects.get(slug="youth")
    kept = WorkingGroup.objects.get(slug="refugees")
    group.depends_on.add(kept)
    wanted = list(WorkingGroup.objects.filter(slug__in=["refugees", "seniors"]))
    assert add_missing(group.depends_on, wanted) == 1
    assert add_missing(group.depends_on, wanted) == 0
    assert set(group.depends_on.values_list("slug", flat=True)) == {"refugees", "seniors"}
