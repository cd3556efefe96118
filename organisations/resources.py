"""Admin import-export of the organisations: rows matched by their natural keys (code, acronym, name)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .models import Jurisdiction, Provider, UmbrellaOrganisation


class JurisdictionResource(resources.ModelResource):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name_en", "name_fr", "in_region", "order"]
        import_id_fields = ["code"]
        skip_unchanged = True
        use_transactions = True


class UmbrellaOrganisationResource(resources.ModelResource):
    jurisdiction = fields.Field(
        attribute="jurisdiction",
        column_name="jurisdiction",
        widget=ForeignKeyWidget(Jurisdiction, "code"),
    )

    class Meta:
        model = UmbrellaOrganisation
        fields = ["acronym", "name_en", "name_fr", "jurisdiction", "runs_regional_pd_committee"]
        import_id_fields = ["acronym"]
        skip_unchanged = True
        use_transactions = True


class ProviderResource(resources.ModelResource):
    jurisdiction = fields.Field(
        attribute="jurisdiction",
        column_name="jurisdiction",
        widget=ForeignKeyWidget(Jurisdiction, "code"),
    )
    umbrella = fields.Field(
        attribute="umbrella", column_name="umbrella", widget=ForeignKeyWidget(UmbrellaOrganisation, "acronym")
    )

    class Meta:
        model = Provider
        fields = ["name", "jurisdiction", "umbrella"]
        import_id_fields = ["name"]
        skip_unchanged = True
        use_transactions = True
