"""Who may see or change this app's objects: predicates registered with portal.permissions."""

import rules

from portal.permissions import is_ircc_staff

rules.add_perm("pd_budget.view_provider_list", is_ircc_staff)
