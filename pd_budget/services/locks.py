"""The provider row lock every change to a provider's allocation or bookings takes first."""

from organisations.models import Provider


def lock_provider(provider_id: int) -> Provider:
    # Bookings, FTE changes and decisions for one provider happen one after the other (PostgreSQL;
    # SQLite serialises writes), so a check and the write it allows cannot interleave with another.
    return Provider.objects.select_for_update().get(pk=provider_id)
