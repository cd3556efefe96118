from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("PD surveys")

    def ready(self) -> None:
        from . import importing, permissions  # noqa: F401

        importing.register()  # the pd_templates and pd_needs sheets of import_workbook
