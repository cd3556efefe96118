from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from organisations.models import Jurisdiction, Provider
from portal.resources import ExportOnlyResource

from .models import (
    Agreement,
    AllocationFlag,
    DesignatedConference,
    FTEDeclaration,
    FTEDeclarationLine,
    PDRequest,
    PolicyYear,
    Site,
    SiteFTE,
)


class SiteWidget(ForeignKeyWidget):
    """A site by its natural key: the row's provider name and the site name."""

    def __init__(self):
        super().__init__(Site, "name")

    def get_queryset(self, value, row, *args, **kwargs):
        return Site.objects.filter(provider__name=row.get("provider"))

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class SiteResource(resources.ModelResource):
    provider = fields.Field(
        attribute="provider", column_name="provider", widget=ForeignKeyWidget(Provider, "name")
    )
    jurisdiction = fields.Field(
        attribute="jurisdiction",
        column_name="jurisdiction",
        widget=ForeignKeyWidget(Jurisdiction, "code"),
    )

    class Meta:
        model = Site
        fields = ["provider", "name", "city", "jurisdiction", "centre_type", "is_head_office"]
        import_id_fields = ["provider", "name"]
        skip_unchanged = True
        use_transactions = True


class SiteFTEResource(resources.ModelResource):
    provider = fields.Field(attribute="site__provider__name", column_name="provider", readonly=True)
    site = fields.Field(attribute="site", column_name="site", widget=SiteWidget())

    class Meta:
        model = SiteFTE
        fields = ["provider", "site", "fiscal_year", "language_fte", "settlement_fte"]
        import_id_fields = ["site", "fiscal_year"]
        skip_unchanged = True
        use_transactions = True


class AgreementResource(resources.ModelResource):
    provider = fields.Field(
        attribute="provider", column_name="provider", widget=ForeignKeyWidget(Provider, "name")
    )

    class Meta:
        model = Agreement
        fields = ["provider", "number", "fiscal_year", "stream", "amount"]
        import_id_fields = ["number"]
        skip_unchanged = True
        use_transactions = True


class PolicyYearResource(resources.ModelResource):
    class Meta:
        model = PolicyYear
        fields = [
            "fiscal_year",
            "conference_urban",
            "conference_small",
            "conference_north",
            "language_per_fte",
            "settlement_per_fte",
            "mixed_sites",
        ]
        import_id_fields = ["fiscal_year"]
        skip_unchanged = True
        use_transactions = True


class DesignatedConferenceResource(resources.ModelResource):
    class Meta:
        model = DesignatedConference
        fields = ["acronym", "name_en", "name_fr", "is_active"]
        import_id_fields = ["acronym"]
        skip_unchanged = True
        use_transactions = True


class PDRequestResource(resources.ModelResource):
    """Export only: requests are booked through the services, which enforce the cap."""

    provider = fields.Field(attribute="provider__name", column_name="provider")
    designated_conference = fields.Field(
        attribute="designated_conference__acronym", column_name="designated_conference"
    )

    class Meta:
        model = PDRequest
        fields = [
            "id",
            "provider",
            "fiscal_year",
            "category",
            "amount",
            "conference_name",
            "designated_conference",
            "conference_starts_on",
            "conference_place",
            "status",
            "requested_at",
            "decided_at",
            "reason_en",
            "reason_fr",
        ]

    def import_data(self, *args, **kwargs):
        raise NotImplementedError("PD requests are not imported: they go through the request services.")


class FTEDeclarationResource(ExportOnlyResource):
    """Export only: a provider declares FTEs and IRCC staff accept or refuse them through the services."""

    provider = fields.Field(attribute="provider__name", column_name="provider")

    class Meta:
        model = FTEDeclaration
        exclude = ["declared_by", "decided_by"]


class FTEDeclarationLineResource(ExportOnlyResource):
    """Export only: a line of an FTE declaration, written with its declaration."""

    provider = fields.Field(attribute="declaration__provider__name", column_name="provider")
    site = fields.Field(attribute="site__name", column_name="site")

    class Meta:
        model = FTEDeclarationLine
        fields = ["id", "declaration", "provider", "site", "language_fte", "settlement_fte"]


class AllocationFlagResource(ExportOnlyResource):
    """Export only: raised and resolved by the over-allocation check, never typed in."""

    provider = fields.Field(attribute="provider__name", column_name="provider")

    class Meta:
        model = AllocationFlag
        exclude = ["created_by"]
