"""One default fiscal year (portal.fiscal.default_fiscal_year): the dashboard card and the allocation
page it links to open on the same year, whichever years have a policy.

Before, the dashboard took the latest policy year (a future one, once admins prepared it) while the
allocation page took the latest one up to today: the card showed one balance, the page another."""

import pytest
from django.urls import reverse

from portal.fiscal import current_fiscal_year, fiscal_year_label
from tests.pd_budget.factories import PolicyYearFactory, add_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "policy_offsets",
    [
        (0,),  # this year has its policy
        (0, 1),  # and next year's is ready
        (-2, 1),  # this year has none: an earlier and a later one
        (1, 2),  # only later years
    ],
    ids=["this-year", "this-and-next", "earlier-and-later", "later-only"],
)
def test_dashboard_card_and_allocation_page_show_the_same_year(
    client_for, provider_a, provider_a_user, policy_offsets
):
    current = current_fiscal_year()
    years = [current + offset for offset in policy_offsets]
    for year in years:
        PolicyYearFactory(fiscal_year=year)
    add_site(provider_a, "urban", language="1", head_office=True, year=years[0])
    client = client_for(provider_a_user)

    home = client.get(reverse("home"))
    (card,) = [c for c in home.context["dashboard"]["cards"] if str(c["title"]).startswith("PD balance for")]
    page = client.get(reverse("pd_budget:allocation", args=[provider_a.pk]))

    assert page.status_code == 200
    shown = page.context["year"]
    assert card["title"] == f"PD balance for {fiscal_year_label(shown)}"
    assert card["url"].endswith(f"?year={shown}")
    # The year itself: today's when it has a policy, else the latest one before today, else the first.
    earlier = [y for y in years if y <= current]
    assert shown == (current if current in years else (max(earlier) if earlier else min(years)))
