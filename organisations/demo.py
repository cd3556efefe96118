"""The fictional providers for demonstration and the four demo accounts (two of them provider staff).

First of the demo loaders (portal.discovery): every other app's demo hangs its records on these
providers; an app's own demo may call `load_providers()` first (idempotent) to stand alone."""

from django.db import transaction

from portal.demo import ACCOUNTS
from portal.models import Role, User
from portal.seeding import upsert

from .models import Provider, UmbrellaOrganisation

# name, jurisdiction, umbrella acronym (None: no umbrella organisation)
PROVIDERS = [
    ("Prairie Newcomer Services (demo)", "AB", "AAISA"),
    ("Northern Settlement Partners (demo)", "NT", None),
    ("Riverbend Immigrant Centre (demo)", "SK", "SAISIA"),
    ("Red River Welcome Society (demo)", "MB", "MANSO"),
    ("Foothills Language Centre (demo)", "AB", "AAISA"),
    ("Arctic Gateway Services (demo)", "NU", None),
]

DEMO_PROVIDER_A = PROVIDERS[0][0]
DEMO_PROVIDER_B = PROVIDERS[1][0]

# Which demo provider each provider-staff account of portal.demo.ACCOUNTS belongs to.
ACCOUNT_PROVIDERS = {"A": DEMO_PROVIDER_A, "B": DEMO_PROVIDER_B}


def load_providers() -> list[Provider]:
    """The demo providers, created or brought back to what PROVIDERS says, in PROVIDERS order."""
    umbrellas = {u.acronym: u for u in UmbrellaOrganisation.objects.all()}
    providers = []
    for name, jurisdiction, umbrella in PROVIDERS:
        provider, _created = upsert(
            Provider,
            name=name,
            defaults={"jurisdiction_id": jurisdiction, "umbrella": umbrellas.get(umbrella)},
        )
        providers.append(provider)
    return providers


@transaction.atomic
def load_demo(*, password: str) -> dict[str, int]:
    by_name = {provider.name: provider for provider in load_providers()}
    for username, role, provider, first, last in ACCOUNTS:
        user, _created = upsert(
            User,
            username=username,
            defaults={
                "role": role,
                "provider": by_name[ACCOUNT_PROVIDERS[provider]] if provider else None,
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
    return {"providers": len(PROVIDERS), "accounts": len(ACCOUNTS)}
