from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("PD surveys")

    def ready(self) -> None:
        from . import importing, permissions  # noqa: F401

        importing.register()  # the pd_templates and pd_needs sheets of import_workbook

        from portal import datacache

        from .models import AggregationResult, AggregationRun, SurveyCycle
        from .selectors import RESULTS_TOPIC

        # The analysis page's figures: what the aggregation stored (surveys.selectors.analysis_figures).
        datacache.register(RESULTS_TOPIC, AggregationResult, AggregationRun, SurveyCycle)
