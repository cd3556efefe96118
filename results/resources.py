from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from groups.models import WorkingGroup
from learning_events.models import Evaluation
from portal.models import User

from .models import ActionItem, ManagementResponse, ProgrammeStatement, Recommendation


class RecommendationResource(resources.ModelResource):
    evaluation = fields.Field(
        attribute="evaluation", column_name="evaluation", widget=ForeignKeyWidget(Evaluation, "slug")
    )

    class Meta:
        model = Recommendation
        fields = ["id", "evaluation", "number", "text_en", "text_fr"]
        skip_unchanged = True
        use_transactions = True


class ManagementResponseResource(resources.ModelResource):
    class Meta:
        model = ManagementResponse
        fields = ["id", "recommendation", "position", "text_en", "text_fr", "responded_on"]
        skip_unchanged = True
        use_transactions = True


class ActionItemResource(resources.ModelResource):
    owner = fields.Field(attribute="owner", column_name="owner", widget=ForeignKeyWidget(User, "username"))

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "recommendation",
            "text_en",
            "text_fr",
            "owner",
            "due_date",
            "status",
            "work_plan_item",
        ]
        skip_unchanged = True
        use_transactions = True


class ProgrammeStatementResource(resources.ModelResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )

    class Meta:
        model = ProgrammeStatement
        fields = ["slug", "kind", "order", "text_en", "text_fr", "measure", "group", "fiscal_year", "source"]
        import_id_fields = ["slug"]
        skip_unchanged = True
        use_transactions = True
