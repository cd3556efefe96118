from import_export import fields

from portal.resources import ExportOnlyResource

from .models import Invitation


class InvitationResource(ExportOnlyResource):
    """Export only, without the token's hash: invitations are made and closed through the services."""

    provider = fields.Field(attribute="provider__name", column_name="provider")
    invited_by = fields.Field(attribute="invited_by__username", column_name="invited_by")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "provider",
            "language",
            "invited_by",
            "created_at",
            "sent_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]
