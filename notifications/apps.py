from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Who must know what happened: in-app notices and e-mails in the recipient's language.

    Below the domain apps: they call `notifications.services.notify`; this app imports only `portal`
    (what each app contributes to "My work" is found by `portal.discovery`, never imported by name)."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
