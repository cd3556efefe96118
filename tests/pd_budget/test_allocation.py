"""Allocations computed from the database: the policy and the FTEs read through the selectors,
then the allocation rule (tested on its own in test_allocation_rule.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pd_budget.services import Allocation, compute_allocation, compute_allocations
from pd_budget.services.allocation import allocation_report
from tests.factories import ProviderFactory
from tests.pd_budget.factories import AgreementFactory, add_site

D = Decimal


@pytest.mark.django_db
def test_issue_example_three_urban_sites_and_one_small(policy_2018):
    provider = ProviderFactory(name="Blend Society")
    for _ in range(3):
        add_site(provider, "urban", language="1")
    add_site(provider, "small", settlement="1")
    result = compute_allocation(provider, 2018)
    assert result == Allocation(conference=D("2775.00"), language=D("450.00"), settlement=D("300.00"))
    assert result.total == D("3525.00")


@pytest.mark.django_db
def test_several_agreements_give_one_conference_allowance(policy_2018):
    provider = ProviderFactory(name="Three Agreements")
    add_site(provider, "urban", language="1", settlement="1")
    for stream in ("language", "settlement", "settlement"):
        AgreementFactory(provider=provider, stream=stream)
    assert compute_allocation(provider, 2018).conference == D("2700.00")


@pytest.mark.django_db
def test_fractional_ftes_across_sites(policy_2018):
    provider = ProviderFactory(name="Fractions")
    add_site(provider, "urban", language="2.5", settlement="0.25")
    add_site(provider, "urban", language="0", settlement="1.75")
    result = compute_allocation(provider, 2018)
    assert (result.language, result.settlement) == (D("375.00"), D("600.00"))


@pytest.mark.django_db
def test_no_fte_uses_head_office_type(policy_2018):
    provider = ProviderFactory(name="No Staff Yet")
    add_site(provider, "urban", language=None)
    add_site(provider, "north", language=None, head_office=True)
    assert compute_allocation(provider, 2018).conference == D("3000.00")


@pytest.mark.django_db
def test_ftes_of_another_year_do_not_count(policy_2018):
    provider = ProviderFactory(name="Last Year Only")
    add_site(provider, "small", language="4", year=2017, head_office=True)
    result = compute_allocation(provider, 2018)
    assert result == Allocation(conference=D("3000.00"), language=D("0.00"), settlement=D("0.00"))


@pytest.mark.django_db
def test_missing_policy_is_a_clear_error(policy_2018):
    provider = ProviderFactory(name="Too Early")
    with pytest.raises(ValidationError) as excinfo:
        compute_allocation(provider, 2016)
    assert "There is no PD policy for 2016-17" in str(excinfo.value)
    assert excinfo.value.code == "no_policy"


@pytest.mark.django_db
def test_bulk_allocations_take_a_fixed_number_of_queries(policy_2018, django_assert_num_queries):
    for i in range(30):
        provider = ProviderFactory(name=f"Bulk {i:02d}")
        add_site(provider, "urban" if i % 2 else "small", language=str(i % 4), settlement="1")
    with django_assert_num_queries(4):
        result = compute_allocations(2018)
    assert len(result) == 30


@pytest.mark.django_db
def test_bulk_and_single_agree(policy_2018):
    a = ProviderFactory(name="A")
    add_site(a, "urban", language="3")
    add_site(a, "small", settlement="1")
    b = ProviderFactory(name="B")
    add_site(b, "north", language=None, head_office=True)
    bulk = compute_allocations(2018)
    assert bulk[a.pk] == compute_allocation(a, 2018)
    assert bulk[b.pk] == compute_allocation(b, 2018)
    assert allocation_report(2018) == {
        "A": {"conference": "2775.00", "language": "450.00", "settlement": "300.00", "total": "3525.00"},
        "B": {"conference": "3000.00", "language": "0.00", "settlement": "0.00", "total": "3000.00"},
    }
