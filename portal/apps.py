from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, permissions, security  # noqa: F401  (predicates, deploy checks, signals)

        autodiscover_modules("reports")  # each app's reports.py registers its reports
