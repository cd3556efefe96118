"""The groups roster report: every group the list shows, filtered the same way."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import DATE, INTEGER, TEXT, Column, Sheet
from portal.reports import Report, register

from . import selectors
from .forms import GroupFilterForm
from .models import CommitteeMember
from .permissions import committees_visible_to


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
                ", ".join(str(j.name) for j in group.jurisdictions.all()),
                group.subgroup_count,
            )

    columns = [
        Column(_("Short name"), TEXT, 26),
        Column(_("Group"), TEXT, 40),
        Column(_("Category"), TEXT, 30),
        Column(_("Part of"), TEXT, 30),
        Column(_("Stage"), TEXT, 14),
        Column(_("IRCC lead"), TEXT, 24),
        Column(_("Jurisdictions"), TEXT, 40),
        Column(_("Sub-groups"), INTEGER, 12),
    ]

    def member_rows():
        groups = _groups(user=user, filters=filters).values("pk")
        members = (
            CommitteeMember.objects.filter(
                committee__in=committees_visible_to(user), committee__group__in=groups
            )
            .select_related("committee__group", "provider", "jurisdiction")
            .order_by("committee__group__order", "committee__name_en", "role", "person_name_en")
        )
        for member in members.iterator(chunk_size=500):
            committee = member.committee
            yield (
                committee.group.name,
                committee.name,
                committee.get_kind_display(),
                member.person_name,
                member.get_role_display(),
                member.organisation,
                member.jurisdiction.name if member.jurisdiction_id else "",
                member.start_date,
                member.end_date,
            )

    member_columns = [
        Column(_("Group"), TEXT, 36),
        Column(_("Committee"), TEXT, 40),
        Column(_("Kind"), TEXT, 24),
        Column(_("Member"), TEXT, 30),
        Column(_("Role"), TEXT, 16),
        Column(_("Organisation"), TEXT, 36),
        Column(_("Jurisdiction"), TEXT, 24),
        Column(_("Start date"), DATE, 12),
        Column(_("End date"), DATE, 12),
    ]
    return [Sheet(_("Groups"), columns, rows()), Sheet(_("Committee members"), member_columns, member_rows())]


def count_roster(*, user, filters) -> int:
    return selectors.group_list(user=user, filters=filters).count()


register(
    Report(
        key="groups-roster",
        title=gettext_lazy("Groups roster"),
        description=gettext_lazy(
            "Working groups and sub-groups with their category, stage, IRCC lead and jurisdictions, and the"
            " members of their committees."
        ),
        permission="groups.view_group",
        build=build_roster,
        count=count_roster,
        filter_form=GroupFilterForm,
    )
)
