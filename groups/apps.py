from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
        from .cache_topics import register_cache_topics

        register_cache_topics()
