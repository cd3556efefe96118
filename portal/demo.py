"""Demo data: every app's fictional records, then the four demo accounts. Never with DEBUG off."""

from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Role, User
from .seeding import upsert

DEMO_APPS = ["pd_budget", "groups", "learning_events", "surveys"]
DEFAULT_PASSWORD = "demo-portal-2018"

# username, role, provider (by name), first name, last name: role names only, never real people.
ACCOUNTS = [
    ("demo-admin", Role.ADMIN, None, "Demo", "Administrator"),
    ("demo-staff", Role.STAFF, None, "Demo", "Program Officer"),
    ("demo-provider-a", Role.PROVIDER, "A", "Demo", "Provider A Staff"),
    ("demo-provider-b", Role.PROVIDER, "B", "Demo", "Provider B Staff"),
]


def _demo_module(app: str):
    try:
        return import_module(f"{app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.demo":
            raise
        return None


@transaction.atomic
def load_demo(*, password: str = DEFAULT_PASSWORD) -> dict[str, dict[str, int]]:
    """Create or refresh the demo providers, records and accounts (idempotent)."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo data and demo accounts are refused when DEBUG is off.")
    from pd_budget.demo import DEMO_PROVIDER_A, DEMO_PROVIDER_B
    from pd_budget.models import Provider

    results: dict[str, dict[str, int]] = {}
    results["pd_budget"] = import_module("pd_budget.demo").load_demo()
    providers = {
        "A": Provider.objects.get(name=DEMO_PROVIDER_A),
        "B": Provider.objects.get(name=DEMO_PROVIDER_B),
    }
    for username, role, provider, first, last in ACCOUNTS:
        user, _created = upsert(
            User,
            username=username,
            defaults={
                "role": role,
                "provider": providers[provider] if provider else None,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_superuser": role == Role.ADMIN,
                "is_staff": role == Role.ADMIN,  # what User.save() sets: compared, so not saved again
            },
        )
        # Hashed again only when the password differs: a second run leaves the account untouched.
        if not user.has_usable_password() or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
    results["portal"] = {"accounts": len(ACCOUNTS)}
    for app in DEMO_APPS[1:]:
        module = _demo_module(app)
        if module is not None:
            results[app] = module.load_demo()
    return results
