"""Search-as-you-type choices: the lists that can run into thousands (accounts, providers).

A drop-down of every account or provider grows with the data: at scale 10 an evaluation's page was
116 KB because its access-grant form listed them all. A `Lookup` is a named search over what a user
may pick, behind one permission; `portal.widgets.SearchSelect` renders only the chosen option and a
search field, and the page asks `/<lang>/lookup/<name>/?q=...` (portal.views.LookupView) as the
person types. The form field keeps its full queryset, so what is posted is still validated against
exactly what the user may choose.

Apps register their lookups in a `lookups` module (found like `seed` and `dashboard`, see
portal/discovery.py); portal registers the account lookups below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from portal.discovery import app_modules
from portal.forms import _MAX_PK
from portal.permissions import require

#: Results one answer holds: enough to find by typing, never the whole table.
LIMIT = 20
#: Longest search text read (longer is cut, never an error).
MAX_QUERY = 100


@dataclass(frozen=True)
class Lookup:
    name: str
    permission: str  # held by the user, no object: who may search at all
    queryset: Callable[[object], QuerySet]  # user -> what this user may pick, ordered
    search_fields: tuple[str, ...]
    label: Callable[[object], str] = str


_REGISTRY: dict[str, Lookup] = {}
_discovered = False


def register(lookup: Lookup) -> Lookup:
    _REGISTRY[lookup.name] = lookup
    return lookup


def get_lookup(name: str) -> Lookup | None:
    global _discovered
    if not _discovered:
        app_modules("lookups")  # importing each app's module registers its lookups
        _discovered = True
    return _REGISTRY.get(name)


def search(lookup: Lookup, *, user, query: str, exclude: str = "", limit: int = LIMIT) -> list[dict]:
    """`[{"id": pk, "text": label}]` of what `user` may pick matching every word of `query`, but the
    key `exclude` (the group being edited: not its own parent); a key that is not one is ignored."""
    require(user, lookup.permission)
    rows = lookup.queryset(user)
    if exclude.isdecimal() and int(exclude) <= _MAX_PK:
        rows = rows.exclude(pk=int(exclude))
    for word in query[:MAX_QUERY].split():
        rows = rows.filter(
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in lookup.search_fields))
        )
    return [{"id": obj.pk, "text": lookup.label(obj)} for obj in rows[:limit]]


def _account_label(user) -> str:
    name = user.get_full_name()
    organisation = f" · {user.provider.name}" if user.provider_id else ""
    return f"{name} ({user.username}){organisation}" if name else f"{user.username}{organisation}"


def _accounts(**filters):
    def queryset(_user):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(is_active=True, **filters)
            .select_related("provider")
            .order_by("last_name", "first_name", "username")
        )

    return queryset


ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "provider__name")
register(Lookup("accounts", "portal.look_up_accounts", _accounts(), ACCOUNT_FIELDS, _account_label))
register(
    Lookup(
        "provider-accounts",
        "portal.look_up_accounts",
        _accounts(role="provider"),
        ACCOUNT_FIELDS,
        _account_label,
    )
)
