from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningEventsConfig(AppConfig):
    name = "learning_events"
    verbose_name = _("Learning events")

    def ready(self) -> None:
        from groups.panels import register_group_panel

        from . import permissions, selectors  # noqa: F401

        # The group page shows the group's events, reports and series (groups never imports this app).
        register_group_panel(template="learning_events/_group_panel.html", build=selectors.group_panel)
