"""Factories for the PD budget's models (the shared ones live in tests/factories.py)."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.fiscal import fiscal_year_label, fiscal_year_of
from tests.factories import ProviderFactory


def this_fiscal_year() -> int:
    """The fiscal year open today: new PD requests and FTE changes are only taken for it (and the next
    once its policy exists). Tests book against it rather than freezing the clock."""
    return fiscal_year_of(timezone.localdate())


def this_fiscal_year_label() -> str:
    return fiscal_year_label(this_fiscal_year())


class PolicyYearFactory(DjangoModelFactory):
    class Meta:
        model = "pd_budget.PolicyYear"
        django_get_or_create = ["fiscal_year"]

    fiscal_year = 2018
    conference_urban = Decimal("2700.00")
    conference_small = Decimal("3000.00")
    conference_north = Decimal("3000.00")
    language_per_fte = Decimal("150.00")
    settlement_per_fte = Decimal("300.00")


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = "pd_budget.Site"

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    city = "Calgary"
    jurisdiction_id = "AB"
    centre_type = "urban"


class SiteFTEFactory(DjangoModelFactory):
    class Meta:
        model = "pd_budget.SiteFTE"

    site = factory.SubFactory(SiteFactory)
    fiscal_year = 2018
    language_fte = Decimal("0")
    settlement_fte = Decimal("0")


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = "pd_budget.Agreement"

    provider = factory.SubFactory(ProviderFactory)
    number = factory.Sequence(lambda n: f"CA-{n:05d}")
    fiscal_year = 2018
    stream = "settlement"
    amount = Decimal("100000.00")


class DesignatedConferenceFactory(DjangoModelFactory):
    class Meta:
        model = "pd_budget.DesignatedConference"
        django_get_or_create = ["acronym"]

    acronym = "P2P"
    name_en = "Pathways to Prosperity"
    name_fr = "Voies vers la prospérité"


def add_site(provider, centre_type: str, *, language="0", settlement="0", year=2018, head_office=False, **kw):
    """A site of `provider` with its FTEs for `year` (None: no FTE row)."""
    site = SiteFactory(provider=provider, centre_type=centre_type, is_head_office=head_office, **kw)
    if language is not None:
        SiteFTEFactory(
            site=site, fiscal_year=year, language_fte=Decimal(language), settlement_fte=Decimal(settlement)
        )
    return site
