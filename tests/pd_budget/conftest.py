import pytest

from tests.pd_budget.factories import PolicyYearFactory


@pytest.fixture
def policy_2018(db):
    return PolicyYearFactory(fiscal_year=2018)
