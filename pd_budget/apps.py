from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdBudgetConfig(AppConfig):
    name = "pd_budget"
    verbose_name = _("PD budget")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
        from .services import workbook

        workbook.register()
