from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from pd_budget.models import Provider

from .models import Jurisdiction, User


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
        widget=ForeignKeyWidget(Provider, field="name"),
    )

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "provider", "is_active"]
        import_id_fields = ["username"]
        skip_unchanged = True
        use_transactions = True


class JurisdictionResource(resources.ModelResource):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name_en", "name_fr", "in_region", "order"]
        import_id_fields = ["code"]
        skip_unchanged = True
        use_transactions = True
