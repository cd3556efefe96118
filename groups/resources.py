from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from .models import Category, WorkingGroup


class CategoryResource(resources.ModelResource):
    class Meta:
        model = Category
        fields = ["code", "name_en", "name_fr", "order"]
        import_id_fields = ["code"]
        skip_unchanged = True
        use_transactions = True


class WorkingGroupResource(resources.ModelResource):
    category = fields.Field(
        attribute="category", column_name="category", widget=ForeignKeyWidget(Category, "code")
    )
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )
    jurisdictions = fields.Field(
        attribute="jurisdictions",
        column_name="jurisdictions",
        widget=ManyToManyWidget("portal.Jurisdiction", field="code", separator=","),
    )
    lead = fields.Field(
        attribute="lead", column_name="lead", widget=ForeignKeyWidget("portal.User", "username")
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "slug",
            "name_en",
            "name_fr",
            "category",
            "parent",
            "stage",
            "mandate_en",
            "mandate_fr",
            "jurisdictions",
            "lead",
            "national_scale",
            "order",
        ]
        import_id_fields = ["slug"]
        skip_unchanged = True
        use_transactions = True
