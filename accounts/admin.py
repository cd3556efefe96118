from django.contrib import admin

from portal.admin import ExportOnlyAdmin

from .models import Invitation
from .resources import InvitationResource


@admin.register(Invitation)
class InvitationAdmin(ExportOnlyAdmin):
    """Read only: invitations are made, sent again and revoked through the portal's pages."""

    resource_classes = [InvitationResource]
    list_display = ["email", "provider", "invited_by", "sent_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["provider", "invited_by"]
    search_fields = ["email", "provider__name"]
    exclude = ["token_hash"]
