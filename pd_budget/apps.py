from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdBudgetConfig(AppConfig):
    name = "pd_budget"
    verbose_name = _("PD budget")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
        from .services import workbook

        workbook.register()

        from organisations.models import Jurisdiction, Provider
        from portal import datacache
        from surveys.models import AggregationResult

        from .models import Agreement, AllocationFlag, PDRequest, PolicyYear, Site, SiteFTE
        from .services.allocation import ALLOCATION_TOPIC

        # Every provider's allocation under a year's policy (the scenario editor's starting point)
        # and the cross-jurisdiction consistency of agreements.
        datacache.register(
            ALLOCATION_TOPIC,
            PolicyYear,
            Provider,
            Site,
            SiteFTE,
            Agreement,
            PDRequest,
            AggregationResult,
            Jurisdiction,
            AllocationFlag,  # the overview's 'booked above the allocation' badges
        )
