"""System checks of the portal's own: `check --deploy` fails while a demo account exists."""

from django.core import checks
from django.db import DatabaseError

from .security import DEMO_USERNAMES


@checks.register(checks.Tags.security, deploy=True)
def demo_accounts_absent(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Demo accounts have a published password: a deployed database must hold none."""
    from .models import User

    try:
        found = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    except DatabaseError:  # no database yet (first deployment before migrate): nothing to find
        return []
    if not found:
        return []
    return [
        checks.Error(
            f"Demo accounts exist in this database: {', '.join(found)}. Their password is published.",
            hint="Delete them (or the whole demo database) before deploying: "
            '`manage.py shell -c "from portal.models import User; '
            "User.objects.filter(username__startswith='demo-').delete()\"`.",
            id="portal.E001",
        )
    ]
