"""The seed's 2018-19 policy and designated conferences; the demo's providers, sites and FTEs."""

from decimal import Decimal

import pytest

from organisations.models import Provider
from pd_budget.models import DesignatedConference, PDRequest, PolicyYear, Site, SiteFTE
from pd_budget.services import compute_allocation

pytestmark = pytest.mark.django_db


def test_seed_loads_the_2018_policy_and_designated_conferences(seeded):
    policy = PolicyYear.objects.get(fiscal_year=2018)
    assert (policy.conference_urban, policy.conference_small, policy.conference_north) == (
        Decimal("2700.00"),
        Decimal("3000.00"),
        Decimal("3000.00"),
    )
    assert (policy.language_per_fte, policy.settlement_per_fte) == (Decimal("150.00"), Decimal("300.00"))
    assert set(DesignatedConference.objects.values_list("acronym", flat=True)) == {"P2P", "Metropolis", "CCR"}


def test_seed_twice_keeps_rates_an_admin_changed(seeded):
    from pd_budget.seed import load_seed

    PolicyYear.objects.filter(fiscal_year=2018).update(conference_urban=Decimal("2750"))
    load_seed()
    assert PolicyYear.objects.get(fiscal_year=2018).conference_urban == Decimal("2750.00")
    assert DesignatedConference.objects.count() == 3


def test_demo_is_idempotent_and_blends_centre_types(seeded, settings):
    from organisations.demo import DEMO_PROVIDER_A
    from pd_budget.demo import demo_years, load_demo

    load_demo()
    counts = (Site.objects.count(), SiteFTE.objects.count(), PDRequest.objects.count())
    load_demo()
    assert (Site.objects.count(), SiteFTE.objects.count(), PDRequest.objects.count()) == counts
    assert 2018 in demo_years() and len(demo_years()) >= 1
    # Demo provider A: 3 urban FTEs and 1 small-centre FTE, the example.
    assert compute_allocation(Provider.objects.get(name=DEMO_PROVIDER_A), 2018).conference == Decimal(
        "2775.00"
    )
    assert set(Site.objects.values_list("centre_type", flat=True)) == {"urban", "small", "north"}
