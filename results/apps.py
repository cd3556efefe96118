from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results and planning")

    def ready(self) -> None:
        from groups.panels import register_group_panel
        from learning_events.panels import register_evaluation_panel

        from . import permissions, selectors  # noqa: F401

        # The evaluation page shows its recommendations, responses and actions; the group page its
        # national-scale activities (neither app imports this one).
        register_evaluation_panel(template="results/_evaluation_panel.html", build=selectors.evaluation_panel)
        register_group_panel(template="results/_group_panel.html", build=selectors.group_panel)
