"""The provider organisations as a search-as-you-type choice (portal/lookups.py): IRCC staff."""

from portal.lookups import Lookup, register

from .models import Provider

PROVIDERS = register(
    Lookup(
        "providers",
        "portal.look_up_accounts",
        lambda _user: Provider.objects.order_by("name"),
        ("name", "jurisdiction__code"),
        lambda provider: f"{provider.name} ({provider.jurisdiction_id})",
    )
)
