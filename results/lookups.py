"""The work-plan items an action can be part of, as a search-as-you-type choice (portal/lookups.py):
every group's items of every year (thousands at scale 100), for IRCC staff, who write the actions."""

from groups.models import WorkPlanItem
from portal.lookups import Lookup, register


def work_plan_item_label(item) -> str:
    return f"{item.work_plan.group.name} {item.work_plan.fiscal_year_label}: {item.title}"


WORK_PLAN_ITEMS = register(
    Lookup(
        "work-plan-items",
        "results.change_actionitem",
        lambda _user: WorkPlanItem.objects.select_related("work_plan__group").order_by(
            "work_plan__group__name_en", "-work_plan__fiscal_year", "title_en"
        ),
        ("title_en", "title_fr", "work_plan__group__name_en", "work_plan__group__name_fr"),
        work_plan_item_label,
    )
)
