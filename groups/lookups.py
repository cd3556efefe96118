"""The working groups as a search-as-you-type choice (portal/lookups.py): every signed-in user may
read the groups, so every signed-in user may search them (4,000 at scale 100: no drop-down)."""

from portal.lookups import Lookup, register

from .models import WorkingGroup

GROUPS = register(
    Lookup(
        "groups",
        "groups.view_group",
        lambda _user: WorkingGroup.objects.only("pk", "slug", "name_en", "name_fr").order_by("name_en", "pk"),
        ("name_en", "name_fr", "slug"),
        lambda group: str(group.name),  # the page's language, else the other (portal.i18n.Translated)
    )
)
