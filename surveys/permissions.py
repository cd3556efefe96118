"""Who may see or change this app's objects: predicates registered with portal.permissions."""
