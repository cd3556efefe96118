"""Who may see or change this app's objects: predicates registered with portal.permissions."""

import rules

from portal.permissions import is_ircc_staff, is_signed_in

rules.add_perm("groups.view_group", is_signed_in)
rules.add_perm("groups.add_group", is_ircc_staff)
rules.add_perm("groups.change_group", is_ircc_staff)
