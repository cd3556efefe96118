"""Who the report library tells: a new report file reaches those who may open it."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.services import Notice, notify

from .models import ReportAccessGrant, ReportFile


def _candidates(report: ReportFile):
    """Everyone who might open the file (staff, the commissioning group's seats, the grants), to be
    narrowed by the report library's own predicate."""
    from groups.models import CommitteeMember

    evaluation = report.evaluation
    who = Q(role__in=["staff", "admin"])
    if evaluation.group_id:
        seats = CommitteeMember.objects.filter(committee__group_id=evaluation.group_id)
        who |= Q(pk__in=seats.exclude(user__isnull=True).values("user_id"))
        who |= Q(provider_id__in=seats.exclude(provider__isnull=True).values("provider_id"))
    grants = ReportAccessGrant.objects.filter(evaluation=evaluation)
    who |= Q(pk__in=grants.exclude(user__isnull=True).values("user_id"))
    who |= Q(provider_id__in=grants.exclude(provider__isnull=True).values("provider_id"))
    return (
        get_user_model().objects.filter(who, is_active=True).exclude(pk=report.uploaded_by_id).order_by("pk")
    )


def report_available(report: ReportFile) -> None:
    """Tell each person the report library lets open the file (`learning_events.view_reportfile`)."""
    recipients = [
        user for user in _candidates(report) if user.has_perm("learning_events.view_reportfile", report)
    ]

    def render() -> Notice:
        return Notice(
            title=_("New report file: %(title)s") % {"title": report.title},
            body=_("%(kind)s of the evaluation %(evaluation)s.")
            % {"kind": report.get_kind_display(), "evaluation": report.evaluation.subject},
            url=reverse("learning_events:evaluation-detail", kwargs={"slug": report.evaluation.slug}),
        )

    notify(
        recipients=recipients,
        kind=Kind.REPORT_AVAILABLE,
        key=f"reportfile:{report.pk}:available",
        render=render,
    )
