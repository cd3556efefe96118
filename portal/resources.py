from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .models import User


class UserResource(resources.ModelResource):
    """Accounts without their password hashes."""

    provider = fields.Field(
        attribute="provider",
        column_name="provider",
        widget=ForeignKeyWidget("pd_budget.Provider", field="name"),
    )

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "provider", "is_active"]
        import_id_fields = ["username"]
        skip_unchanged = True
        use_transactions = True
