"""Admin import-export resources use natural keys: an export imports back unchanged."""

import pytest

from organisations.resources import ProviderResource, UmbrellaOrganisationResource
from pd_budget.resources import (
    AgreementResource,
    DesignatedConferenceResource,
    PolicyYearResource,
    SiteFTEResource,
    SiteResource,
)
from tests.pd_budget.factories import AgreementFactory, add_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "resource_class",
    [
        ProviderResource,
        UmbrellaOrganisationResource,
        SiteResource,
        SiteFTEResource,
        AgreementResource,
        PolicyYearResource,
        DesignatedConferenceResource,
    ],
)
def test_export_then_import_is_all_skipped(seeded, provider_a, provider_b, resource_class):
    add_site(provider_a, "urban", language="2.5", settlement="1", name="Main")
    add_site(provider_b, "north", language="1", name="Main")  # same site name, another provider
    AgreementFactory(provider=provider_a)
    dataset = resource_class().export()
    assert len(dataset) >= 1
    result = resource_class().import_data(dataset, dry_run=True)
    errors = [e.error for row in result.rows for e in row.errors] + [e.error for e in result.base_errors]
    assert not errors, errors
    assert not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
