from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .models import User


class ExportOnlyResource(resources.ModelResource):
    """A record written only through its service (a submission, a decision, a check's finding): the
    admin exports it, never imports it, since an import would skip the rule the service applies."""

    def import_data(self, *args, **kwargs):
        raise NotImplementedError(
            f"{self._meta.model.__name__} is not imported: it is written by its service."
        )


class UserResource(resources.ModelResource):
    """Accounts without their password hashes."""

    provider = fields.Field(
        attribute="provider",
        column_name="provider",
        # The provider model by the user model's own string ("organisations.Provider"): the portal
        # imports no app built on it.
        widget=ForeignKeyWidget(User._meta.get_field("provider").related_model, field="name"),
    )

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "provider", "is_active"]
        import_id_fields = ["username"]
        skip_unchanged = True
        use_transactions = True
