"""The groups roster report: every group the list shows, filtered the same way."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import INTEGER, TEXT, Column, Sheet
from portal.reports import Report, register

from . import selectors
from .forms import GroupFilterForm


def _groups(*, user, filters):
    return (
        selectors.group_list(user=user, filters=filters)
        .select_related("category", "parent", "lead")
        .prefetch_related("jurisdictions")
    )


def build_roster(*, user, filters) -> list[Sheet]:
    def rows():
        for group in _groups(user=user, filters=filters).iterator(chunk_size=500):
            yield (
                group.slug,
                group.name,
                group.category.name,
                group.parent.name if group.parent else "",
                group.get_stage_display(),
                group.lead.display_name if group.lead else "",
                ", ".join(j.code for j in group.jurisdictions.all()),
                group.subgroup_count,
            )

    columns = [
        Column(_("Short name"), TEXT, 26),
        Column(_("Group"), TEXT, 40),
        Column(_("Category"), TEXT, 30),
        Column(_("Part of"), TEXT, 30),
        Column(_("Stage"), TEXT, 14),
        Column(_("IRCC lead"), TEXT, 24),
        Column(_("Jurisdictions"), TEXT, 18),
        Column(_("Sub-groups"), INTEGER, 12),
    ]
    return [Sheet(_("Groups"), columns, rows())]


def count_roster(*, user, filters) -> int:
    return selectors.group_list(user=user, filters=filters).count()


register(
    Report(
        key="groups-roster",
        title=gettext_lazy("Groups roster"),
        description=gettext_lazy(
            "Working groups and sub-groups with their category, stage, IRCC lead and jurisdictions."
        ),
        permission="groups.view_group",
        build=build_roster,
        count=count_roster,
        filter_form=GroupFilterForm,
    )
)
