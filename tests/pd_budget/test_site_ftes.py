"""IRCC staff correct where a provider's FTEs work (providers declare them: test_money_rules.py); the
allocation follows, and history keeps the old values. FTEs are those of the open fiscal year."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pd_budget.models import SiteFTE
from pd_budget.services import compute_allocation, set_site_ftes
from tests.pd_budget.factories import SiteFactory, add_site, this_fiscal_year

pytestmark = pytest.mark.django_db
D = Decimal
Y = this_fiscal_year()


@pytest.fixture
def two_sites(provider_a, policy_now):
    urban = add_site(
        provider_a, "urban", language="4", settlement="0", head_office=True, name="Calgary", year=Y
    )
    small = add_site(provider_a, "small", language=None, name="Brooks")
    return urban, small


def test_moving_ftes_to_a_small_centre_changes_the_blend(two_sites, provider_a, staff_user):
    urban, small = two_sites
    assert compute_allocation(provider_a, Y).conference == D("2700.00")
    changed = set_site_ftes(
        provider_a,
        user=staff_user,
        fiscal_year=Y,
        ftes={urban.pk: (D("3"), D("0")), small.pk: (D("0"), D("1"))},
    )
    assert changed == 2
    assert compute_allocation(provider_a, Y).conference == D("2775.00")
    record = SiteFTE.objects.get(site=urban, fiscal_year=Y).history.order_by("history_date")
    assert [h.language_fte for h in record] == [D("4.00"), D("3.00")]
    assert record.last().history_user == staff_user


def test_only_ircc_staff_change_accepted_ftes(
    two_sites, provider_a, provider_a_user, provider_b_user, staff_user, admin_user
):
    urban, _small = two_sites
    for user in (provider_a_user, provider_b_user):
        with pytest.raises(PermissionDenied):
            set_site_ftes(provider_a, user=user, fiscal_year=Y, ftes={urban.pk: (D("1"), D("1"))})
    assert set_site_ftes(provider_a, user=staff_user, fiscal_year=Y, ftes={urban.pk: (D("1"), D("1"))}) == 1
    assert set_site_ftes(provider_a, user=admin_user, fiscal_year=Y, ftes={urban.pk: (D("2"), D("1"))}) == 1


def test_another_providers_site_is_refused(two_sites, provider_a, provider_b, staff_user):
    foreign = SiteFactory(provider=provider_b)
    with pytest.raises(ValidationError):
        set_site_ftes(provider_a, user=staff_user, fiscal_year=Y, ftes={foreign.pk: (D("1"), D("1"))})


def test_fte_page_saves_and_rejects_negative(client_for, two_sites, provider_a, staff_user, provider_b_user):
    urban, small = two_sites
    url = reverse("pd_budget:sitefte-edit", args=[provider_a.pk]) + f"?year={Y}"
    client = client_for(staff_user)
    page = client.get(url)
    assert page.status_code == 200 and "Brooks" in page.content.decode()
    bad = client.post(
        url,
        {
            f"language_{urban.pk}": "-1",
            f"settlement_{urban.pk}": "0",
            f"language_{small.pk}": "1",
            f"settlement_{small.pk}": "0",
        },
    )
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()
    good = client.post(
        url,
        {
            f"language_{urban.pk}": "2.5",
            f"settlement_{urban.pk}": "0",
            f"language_{small.pk}": "0",
            f"settlement_{small.pk}": "0.5",
        },
    )
    assert good.status_code == 302
    assert SiteFTE.objects.get(site=small, fiscal_year=Y).settlement_fte == D("0.50")
    assert client_for(provider_b_user).get(url).status_code == 404
