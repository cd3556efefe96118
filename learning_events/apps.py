from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningEventsConfig(AppConfig):
    name = "learning_events"
    verbose_name = _("Learning events")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
