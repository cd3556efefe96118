"""Demo data: every app's fictional records and the demo accounts (`<app>/demo.py`, found by
portal.discovery, in dependency order). Never with DEBUG off.

Each demo module exposes `load_demo(**options) -> {what: count}` and is handed the options it names
(today `password`, the demo accounts' password, taken by organisations.demo)."""

import inspect

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .discovery import app_modules
from .models import Role

DEFAULT_PASSWORD = "demo-portal-2018"

# username, role, provider ("A", "B": organisations.demo.ACCOUNT_PROVIDERS), first name, last name:
# role names only, never real people.
ACCOUNTS = [
    ("demo-admin", Role.ADMIN, None, "Demo", "Administrator"),
    ("demo-staff", Role.STAFF, None, "Demo", "Program Officer"),
    ("demo-provider-a", Role.PROVIDER, "A", "Demo", "Provider A Staff"),
    ("demo-provider-b", Role.PROVIDER, "B", "Demo", "Provider B Staff"),
]


@transaction.atomic
def load_demo(*, password: str = DEFAULT_PASSWORD) -> dict[str, dict[str, int]]:
    """Create or refresh the demo providers, records and accounts (idempotent)."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo data and demo accounts are refused when DEBUG is off.")
    options = {"password": password}
    results: dict[str, dict[str, int]] = {}
    for app, module in app_modules("demo"):
        wanted = inspect.signature(module.load_demo).parameters
        results[app] = module.load_demo(**{name: value for name, value in options.items() if name in wanted})
    return results
