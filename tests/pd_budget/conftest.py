import pytest

from tests.pd_budget.factories import PolicyYearFactory, this_fiscal_year


@pytest.fixture
def policy_2018(db):
    return PolicyYearFactory(fiscal_year=2018)


@pytest.fixture
def policy_now(db):
    """The open fiscal year's policy, at the 2018-19 rates."""
    return PolicyYearFactory(fiscal_year=this_fiscal_year())


@pytest.fixture(autouse=True)
def _english(request):
    """A request to a /fr/ page leaves French active in the thread: start and end each test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
