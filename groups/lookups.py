"""The working groups as a search-as-you-type choice (portal/lookups.py): every signed-in user may
read the groups, so every signed-in user may search them (4,000 at scale 100: no drop-down); staff
editing a group search the top-level groups for its parent (the tree is two levels deep)."""

from portal.lookups import Lookup, register

from .models import WorkingGroup


def _groups(**filters):
    def queryset(_user):
        return (
            WorkingGroup.objects.filter(**filters)
            .only("pk", "slug", "name_en", "name_fr")
            .order_by("name_en", "pk")
        )

    return queryset


def _label(group) -> str:
    return str(group.name)  # the page's language, else the other (portal.i18n.Translated)


SEARCH_FIELDS = ("name_en", "name_fr", "slug")
GROUPS = register(Lookup("groups", "groups.view_group", _groups(), SEARCH_FIELDS, _label))
PARENT_GROUPS = register(
    Lookup("parent-groups", "groups.change_group", _groups(parent__isnull=True), SEARCH_FIELDS, _label)
)
