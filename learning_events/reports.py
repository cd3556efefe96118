"""Reports: learning events (dates as the seed writes them, with their earliest and latest day) and
evaluations with their report status, each filtered like its page."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import DATE, INTEGER, TEXT, Column, Sheet
from portal.i18n import current_language
from portal.reports import Report, register

from . import selectors
from .forms import EvaluationFilterForm, EventFilterForm
from .permissions import report_files_visible_to


def build_events(*, user, filters) -> list[Sheet]:
    language = current_language()

    def rows():
        for event in selectors.event_list(user=user, filters=filters).iterator(chunk_size=1000):
            yield (
                event.slug,
                event.title,
                event.group.name,
                event.series.title if event.series_id else "",
                event.date_label_in(language),
                event.starts_on,
                event.ends_on,
                event.get_format_display(),
                event.city,
                event.jurisdiction.name if event.jurisdiction_id else "",
                event.host_organisation,
                event.get_status_display(),
            )

    columns = [
        Column(_("Short name"), TEXT, 30),
        Column(_("Event"), TEXT, 40),
        Column(_("Working group"), TEXT, 30),
        Column(_("Series"), TEXT, 24),
        Column(_("Date (as written)"), TEXT, 20),
        Column(_("Earliest day"), DATE, 13),
        Column(_("Latest day"), DATE, 13),
        Column(_("Format"), TEXT, 16),
        Column(_("City"), TEXT, 18),
        Column(_("Jurisdiction"), TEXT, 24),
        Column(_("Host organisation"), TEXT, 28),
        Column(_("Status"), TEXT, 14),
    ]
    return [Sheet(_("Learning events"), columns, rows())]


def count_events(*, user, filters) -> int:
    return selectors.event_list(user=user, filters=filters).count()


def build_evaluations(*, user, filters) -> list[Sheet]:
    visible = report_files_visible_to(user)

    def rows():
        evaluations = (
            selectors.evaluation_list(user=user, filters=filters)
            .prefetch_related(None)
            .annotate(
                drafts=Count("files", filter=Q(files__in=visible, files__kind="draft"), distinct=True),
                finals=Count("files", filter=Q(files__in=visible, files__kind="final"), distinct=True),
            )
        )
        for evaluation in evaluations.iterator(chunk_size=500):
            yield (
                evaluation.subject,
                evaluation.evaluator_organisation,
                evaluation.city,
                evaluation.group.name if evaluation.group_id else "",
                evaluation.get_status_display(),
                evaluation.commissioned_on,
                evaluation.draft_received_on,
                evaluation.final_received_on,
                evaluation.drafts,
                evaluation.finals,
            )

    columns = [
        Column(_("Subject"), TEXT, 40),
        Column(_("Evaluator organisation"), TEXT, 36),
        Column(_("City"), TEXT, 16),
        Column(_("Working group"), TEXT, 28),
        Column(_("Status"), TEXT, 26),
        Column(_("Commissioned on"), DATE, 14),
        Column(_("Draft received on"), DATE, 14),
        Column(_("Final report received on"), DATE, 14),
        Column(_("Draft files you may open"), INTEGER, 12),
        Column(_("Final files you may open"), INTEGER, 12),
    ]
    return [Sheet(_("Evaluations"), columns, rows())]


def count_evaluations(*, user, filters) -> int:
    return selectors.evaluation_list(user=user, filters=filters).count()


register(
    Report(
        key="learning-events",
        title=gettext_lazy("Learning events"),
        description=gettext_lazy(
            "Every learning event with its date as written, the earliest and latest day it can mean,"
            " its place, format and status."
        ),
        permission="learning_events.view_event",
        build=build_events,
        count=count_events,
        filter_form=EventFilterForm,
    )
)

register(
    Report(
        key="evaluations",
        title=gettext_lazy("Evaluations and reports"),
        description=gettext_lazy(
            "Commissioned evaluations with their evaluator, status and dates, and the report files you"
            " may open."
        ),
        permission="learning_events.view_evaluation",
        build=build_evaluations,
        count=count_evaluations,
        filter_form=EvaluationFilterForm,
    )
)
