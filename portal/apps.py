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

        # What ModelBackend reads of an account's permissions (portal.permissions.keep_db_permissions).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.contrib.contenttypes.models import ContentType

        from .permissions import DB_PERMISSIONS_TOPIC

        user_model = get_user_model()
        datacache.register(
            DB_PERMISSIONS_TOPIC,
            user_model,
            user_model.groups.through,
            user_model.user_permissions.through,
            Group,
            Group.permissions.through,
            Permission,
            ContentType,
        )
