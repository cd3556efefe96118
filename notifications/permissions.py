"""Who may use the notification pages: every signed-in person, for their own notices only (the
querysets are the person's own; anything else answers 404)."""

import rules

from portal.permissions import is_signed_in

rules.add_perm("notifications.view_notifications", is_signed_in)
rules.add_perm("notifications.change_preferences", is_signed_in)
rules.add_perm("notifications.view_my_work", is_signed_in)
