from import_export import fields, resources

from portal.resources import ExportOnlyResource

from .models import ConfirmedOutlier, PDNeed, PDTemplate, SurveyCycle, Theme


class ThemeResource(resources.ModelResource):
    """The bilingual list of PD themes: reference data, imported by its code."""

    class Meta:
        model = Theme
        fields = ["code", "name_en", "name_fr", "order", "is_active"]
        import_id_fields = ["code"]
        skip_unchanged = True
        use_transactions = True


class SurveyCycleResource(ExportOnlyResource):
    """Export only: a survey opens, closes (which starts its aggregation) and reminds through services."""

    class Meta:
        model = SurveyCycle


class PDTemplateResource(ExportOnlyResource):
    """Export only: a provider's template is saved, submitted and reopened through the services."""

    provider = fields.Field(attribute="provider__name", column_name="provider")
    cycle = fields.Field(attribute="cycle__fiscal_year", column_name="cycle")

    class Meta:
        model = PDTemplate
        exclude = ["updated_by", "submitted_by", "reopened_by"]


class PDNeedResource(ExportOnlyResource):
    """Export only: a need is part of its provider's template, edited while the template is a draft."""

    class Meta:
        model = PDNeed


class ConfirmedOutlierResource(ExportOnlyResource):
    """Export only: recorded when the provider confirms an unusual figure at submission."""

    class Meta:
        model = ConfirmedOutlier
        exclude = ["confirmed_by"]
