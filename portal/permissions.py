"""The one place that decides who may see or change what.

Every permission is a `rules` predicate registered under a Django permission name
(`"groups.change_group"`). The `rules` authentication backend answers `user.has_perm(name, obj)`
with these predicates, views declare the name they need (`portal.views.PermissionRequiredMixin`),
templates ask `{% has_perm %}`, and services check again so shell and Celery paths are covered.
Each app registers its own predicates in its `permissions.py`, built from the roles below.
Default deny: a permission nobody registered is refused.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


@rules.predicate
def is_admin(user) -> bool:
    return bool(getattr(user, "is_admin", False))


@rules.predicate
def is_ircc_staff(user) -> bool:
    """IRCC staff, administrators included."""
    return bool(getattr(user, "is_ircc_staff", False))


@rules.predicate
def is_provider_staff(user) -> bool:
    return bool(getattr(user, "is_provider_staff", False))


is_signed_in = rules.is_authenticated & rules.is_active


class SystemActor:
    """The portal acting on its own: seed and demo loaders, beat and Celery tasks, management
    commands. Services take it as their `user`; `require` lets it through explicitly (nobody signs in
    as it), and history records its writes as the system's: no person (`acting_person` is None)."""

    is_system = True
    is_authenticated = True
    is_active = True
    is_admin = is_ircc_staff = is_provider_staff = False
    pk = id = provider_id = None
    username = "system"

    @property
    def display_name(self) -> str:
        return _("system")

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def acting_person(user):
    """The user to record as the author of a write (history, `requested_by`): None for the system."""
    return None if user is SYSTEM else user


def deny() -> None:
    """Refuse, whoever asks (a rule that no permission can lift)."""
    raise PermissionDenied(_("You do not have permission to do this."))


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` holds `perm` (on `obj`): the services' own check.
    `SYSTEM` passes; `None` (nobody) never does."""
    if user is SYSTEM:
        return
    if user is None or not user.has_perm(perm, obj):
        deny()


rules.add_perm("portal.view_dashboard", is_signed_in)
# The Reports page: each report then declares its own permission, and its rows are scoped.
rules.add_perm("portal.view_reports", is_signed_in)

# The audit trail of policies, requests, templates, evaluations and committee seats.
rules.add_perm("portal.view_audit", is_ircc_staff)

# Searching the portal's accounts (search-as-you-type choices, portal/lookups.py): IRCC staff.
rules.add_perm("portal.look_up_accounts", is_ircc_staff)
# The parity page: content that lacks one of the two official languages.
rules.add_perm("portal.view_translation_parity", is_ircc_staff)


# --- Permissions granted in the database (the admin's user and group permissions) --------------
#: portal.datacache topic of the permissions Django's ModelBackend reads (its models: portal/apps.py).
DB_PERMISSIONS_TOPIC = "db-permissions"


def keep_db_permissions(user) -> None:
    """Give `user` the permissions granted to it in the database, as ModelBackend would read them
    (its per-request caches), from portal.datacache until a write to accounts, groups or
    permissions. A page asking for a permission the rules refuse then reads no permission tables:
    ModelBackend is asked next, and read them (two queries) on every such page."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or hasattr(user, "_perm_cache"):
        return
    from django.contrib.auth.backends import ModelBackend

    from portal import datacache

    def read() -> tuple[set[str], set[str]]:
        backend = ModelBackend()
        return backend.get_user_permissions(user), backend.get_group_permissions(user)

    own, from_groups = datacache.cached(
        [DB_PERMISSIONS_TOPIC], ["db-permissions", user.pk, user.is_superuser], read
    )
    user._user_perm_cache, user._group_perm_cache = set(own), set(from_groups)
    user._perm_cache = {*own, *from_groups}
