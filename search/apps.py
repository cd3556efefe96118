from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import permissions  # noqa: F401
        from .folding import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="search-sqlite-fold")
