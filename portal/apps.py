from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, permissions, security  # noqa: F401  (predicates, deploy checks, signals)

        autodiscover_modules("reports")  # each app's reports.py registers its reports

        from . import datacache
        from .i18n import bilingual_pairs
        from .selectors import PARITY_TOPIC

        # The parity counts (staff's dashboard card) read every model with bilingual fields.
        datacache.register(PARITY_TOPIC, *{pair.model for pair in bilingual_pairs()})
