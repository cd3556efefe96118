"""The header search: everyone signed in; each kind of result is scoped by its own app's rules."""

import rules

from portal.permissions import is_signed_in

rules.add_perm("search.search", is_signed_in)
