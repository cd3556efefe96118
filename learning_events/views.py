import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from groups.models import WorkingGroup
from portal.i18n import current_language
from portal.pagecache import cached_page
from portal.uploads import stored_file_response, type_of_stored_name
from portal.views import (
    DeleteConfirmView,
    FilteredListView,
    PermissionRequiredMixin,
    ScopedParentMixin,
    ServiceActionView,
    ServiceCreateView,
    ServiceUpdateView,
    Text,
    apply_service_errors,
    warn_one_language,
)

from . import calendar, ical, recurrence, selectors, services
from .forms import (
    EvaluationFilterForm,
    EvaluationForm,
    EventFilterForm,
    EventForm,
    GrantForm,
    NeedsSurveyForm,
    ParticipantEvaluationForm,
    RegistrationForm,
    ReportUploadForm,
    SeriesExceptionForm,
    SeriesForm,
)
from .models import (
    Evaluation,
    EventSeries,
    LearningEvent,
    NeedsSurvey,
    Registration,
    RegistrationStatus,
    ReportAccessGrant,
    ReportFile,
    SeriesException,
)
from .panels import evaluation_panels
from .permissions import attended_event, report_files_visible_to

# --- Events and the calendar --------------------------------------------------------------------
#: Query-string keys that place a view's window or page; switching views starts afresh from today.
WINDOW_PARAMS = ("start", "month", "page", "sort")


def calendar_query(request, *, drop: tuple[str, ...] = (), **changes) -> str:
    """The page's filters as a query string, without its window (nor `drop`), with `changes` applied."""
    params = request.GET.copy()
    for key in (*WINDOW_PARAMS, *drop):
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    return f"?{params.urlencode()}" if params else "?"


def calendar_links(request, *, view_name: str) -> dict:
    """What the calendar's three views share: the links between them and the subscription address."""
    token = selectors.feed_token(request.user)
    return {
        "view_name": view_name,
        "agenda_url": reverse("learning_events:event-list") + calendar_query(request),
        "month_url": reverse("learning_events:event-month") + calendar_query(request),
        "table_url": reverse("learning_events:event-table") + calendar_query(request),
        "subscription_url": request.build_absolute_uri(
            reverse("learning_events:private-feed", kwargs={"token": token})
        ),
    }


class CalendarPageMixin(PermissionRequiredMixin):
    """The agenda and the month: the list's filters, the links between the views (keeping the
    filters), and the lanes of events not yet dated to the day. Works without JavaScript."""

    permission_required = "learning_events.view_event"
    view_name = ""

    def get_filters(self) -> dict:
        self.filter_form = EventFilterForm(self.request.GET or None)
        return self.filter_form.cleaned_data if self.filter_form.is_valid() else {}

    def query(self, **changes) -> str:
        return calendar_query(self.request, **changes)

    def today_query(self, **changes) -> str:
        """ "Today" leaves a year filter behind: the year is a window too, and today may be outside it."""
        return calendar_query(self.request, drop=("year",), **changes)

    def language(self) -> str:
        return current_language()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.get_filters()
        today = services.today()
        context.update(
            calendar_links(self.request, view_name=self.view_name),
            filter_form=self.filter_form,
            filters=filters,
            today=today,
        )
        context.update(self.window(filters=filters, today=today))
        return context

    def window(self, *, filters: dict, today) -> dict:
        raise NotImplementedError


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class EventAgendaView(CalendarPageMixin, TemplateView):
    """The calendar as an agenda: the coming three months day by day, from today unless asked;
    a year filter shows that whole year. Fuzzy-dated events sit in lanes of their own."""

    template_name = "learning_events/event_agenda.html"
    view_name = "agenda"

    def window(self, *, filters: dict, today) -> dict:
        step = datetime.timedelta(days=calendar.AGENDA_DAYS)
        year = filters.get("year")
        if year:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            earlier = self.query(year=str(year - 1)) if year > 1990 else None
            later = self.query(year=str(year + 1)) if year < 2100 else None
        else:
            first = calendar.parse_day(self.request.GET.get("start"), default=today)
            last = first + step - datetime.timedelta(days=1)
            earlier = self.query(start=(first - step).isoformat())
            later = self.query(start=(last + datetime.timedelta(days=1)).isoformat())
        lang = self.language()
        entries = selectors.calendar_entries(
            user=self.request.user, filters=filters, first=first, last=last, language=lang
        )
        fuzzy = selectors.calendar_fuzzy(
            user=self.request.user, filters=filters, first=first, last=last, undated=True
        )
        return {
            "first": first,
            "last": last,
            "first_label": calendar.day_label(first, lang, heading=False),
            "last_label": calendar.day_label(last, lang, heading=False),
            "days": calendar.agenda_days(entries, first=first, last=last, today=today, language=lang),
            "lanes": calendar.fuzzy_lanes(fuzzy, language=lang),
            "earlier_url": earlier,
            "later_url": later,
            "today_url": self.today_query(),
            "is_upcoming": first == today and not year,
        }


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class EventMonthView(CalendarPageMixin, TemplateView):
    """The calendar as a month grid (weeks from the language's first weekday); on a narrow screen
    the same days as an agenda. Fuzzy-dated events that may fall in the month sit above it."""

    template_name = "learning_events/event_month.html"
    view_name = "month"

    def window(self, *, filters: dict, today) -> dict:
        requested = self.request.GET.get("month")
        if not requested and filters.get("year"):
            requested = f"{filters['year']}-01"
        year, month = calendar.parse_month(requested, today=today)
        lang = self.language()
        # Django's FIRST_DAY_OF_WEEK counts from Sunday (0); the calendar module from Monday.
        first_weekday = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
        first, last = calendar.month_bounds(year, month)
        weeks_probe = calendar.month_weeks(
            [], year=year, month=month, first_weekday=first_weekday, today=today, language=lang
        )
        grid_first, grid_last = weeks_probe[0][0].day, weeks_probe[-1][-1].day
        entries = selectors.calendar_entries(
            user=self.request.user, filters=filters, first=grid_first, last=grid_last, language=lang
        )
        fuzzy = selectors.calendar_fuzzy(user=self.request.user, filters=filters, first=first, last=last)
        previous, following = calendar.shift_month(year, month, -1), calendar.shift_month(year, month, 1)
        return {
            "first": first,
            "last": last,
            "month_label": calendar.month_label(year, month, lang),
            "weekdays": calendar.weekday_headers(first_weekday, lang),
            "weeks": calendar.month_weeks(
                entries, year=year, month=month, first_weekday=first_weekday, today=today, language=lang
            ),
            "days": calendar.agenda_days(entries, first=first, last=last, today=today, language=lang),
            "lanes": calendar.fuzzy_lanes(fuzzy, language=lang),
            "earlier_url": self.query(month=f"{previous[0]:04d}-{previous[1]:02d}")
            if previous[0] >= 1990
            else None,
            "later_url": self.query(month=f"{following[0]:04d}-{following[1]:02d}")
            if following[0] <= 2100
            else None,
            "earlier_label": calendar.month_label(*previous, lang),
            "later_label": calendar.month_label(*following, lang),
            "today_url": self.today_query(month=today.strftime("%Y-%m")),
            "is_this_month": (year, month) == (today.year, today.month),
        }


class EventListView(FilteredListView):
    """Every event as one table, by month of its earliest day, filtered and exported; works without
    JavaScript.

    Only the date sorts (either way): the agenda is laid out by month, and any other order would
    scatter a month's events under repeated headings."""

    permission_required = "learning_events.view_event"
    template_name = "learning_events/event_list.html"
    context_object_name = "events"
    filter_form_class = EventFilterForm
    sort_keys = {
        "date": (F("starts_on").asc(nulls_last=True), F("ends_on").asc(nulls_last=True), "slug"),
    }
    default_sort = "date"

    def list_rows(self, filters):
        return selectors.event_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = selectors.calendar_months(context["events"])
        context["series_list"] = selectors.series_list(user=self.request.user)
        context.update(calendar_links(self.request, view_name="table"))
        return context


class EventDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "learning_events.view_event"
    template_name = "learning_events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        try:
            return selectors.event_get(user=self.request.user, slug=self.kwargs["slug"])
        except LearningEvent.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = selectors.event_results(event=self.object)
        if self.request.user.has_perm("learning_events.view_registrations"):
            context["attendance"] = selectors.attendance_by_jurisdiction_and_role(event=self.object)
            context["registrations"] = selectors.registration_list(event=self.object)
        context["registration_form"] = RegistrationForm()
        context["places"] = selectors.event_places(event=self.object)
        context["my_registration"] = selectors.registration_of(user=self.request.user, event=self.object)
        context["evaluation_form"] = ParticipantEvaluationForm()
        return context


class EventFormMixin:
    form_class = EventForm
    service = services.save_event
    template_name = "learning_events/event_form.html"
    context_object_name = "event"
    success_message = gettext_lazy("The learning event is saved.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class EventCreateView(EventFormMixin, ServiceCreateView):
    permission_required = "learning_events.add_event"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("group"):
            initial["group"] = WorkingGroup.objects.filter(slug=self.request.GET["group"]).first()
        return initial


class EventUpdateView(EventFormMixin, ServiceUpdateView):
    permission_required = "learning_events.change_event"
    lookup_field = "slug"

    def get_queryset(self):
        return LearningEvent.objects.all()  # every signed-in user reads the calendar


class EventActionMixin(ScopedParentMixin):
    """A form posted from the event page, about that event."""

    parent_lookup_field = "slug"

    def get_parent_queryset(self):
        return LearningEvent.objects.select_related("group")

    def get_event(self):
        return self.get_parent()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "event": self.get_event()}


class EventRegisterView(EventActionMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.register_event"
    form_class = RegistrationForm
    template_name = "learning_events/registration_form.html"

    def form_valid(self, form):
        try:
            registration = services.register_for_event(
                user=self.request.user,
                event=self.get_event(),
                role=form.cleaned_data["role"],
                jurisdiction=form.cleaned_data.get("jurisdiction"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(
                self.request,
                _("Every place is taken: you are on the waiting list. A place freed is offered in turn."),
            )
        else:
            messages.success(self.request, _("You are registered for this event."))
        return redirect(self.get_event().get_absolute_url())


class RegistrationCancelView(ServiceActionView):
    """Withdraw a registration or leave the waiting list (the participant, or staff for anyone)."""

    permission_required = "learning_events.cancel_registration"

    def get_queryset(self):
        return Registration.objects.select_related("event")

    def get_object(self, queryset=None):
        registration = super().get_object(queryset)
        self.event = registration.event  # the page to go back to, once the registration is gone
        return registration

    def act(self, obj, form) -> str:
        services.cancel_registration(user=self.request.user, registration=obj)
        return _("The registration is withdrawn. You may register again while the event is open.")

    def get_success_url(self) -> str:
        return self.event.get_absolute_url()


class EventEvaluateView(EventActionMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.evaluate_event"
    form_class = ParticipantEvaluationForm
    template_name = "learning_events/participantevaluation_form.html"

    def has_permission(self) -> bool:
        # Superusers hold every permission, yet only participants evaluate (the service agrees).
        return super().has_permission() and attended_event(self.request.user, self.get_event())

    def form_valid(self, form):
        try:
            services.submit_participant_evaluation(
                user=self.request.user,
                event=self.get_event(),
                satisfaction=form.cleaned_data["satisfaction"],
                comments=form.cleaned_data["comments"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your evaluation is recorded."))
        return redirect(self.get_event().get_absolute_url())


class RegistrationAttendanceView(PermissionRequiredMixin, View):
    """Staff mark a registered participant as present or absent, from the event page."""

    permission_required = "learning_events.change_event"

    def post(self, request, pk: int):
        registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
        services.record_attendance(
            user=request.user, registration=registration, attended=request.POST.get("attended") == "1"
        )
        messages.success(request, _("Attendance is recorded."))
        return redirect(registration.event.get_absolute_url())


class NeedsSurveyCreateView(EventActionMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.add_needssurvey"
    form_class = NeedsSurveyForm
    template_name = "learning_events/needssurvey_form.html"

    def form_valid(self, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k != "results_upload"}
        try:
            services.save_needs_survey(
                user=self.request.user,
                event=self.get_event(),
                fields=fields,
                results_file=form.cleaned_data.get("results_upload"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The needs survey is saved."))
        return redirect(self.get_event().get_absolute_url())


class NeedsSurveyResultsView(PermissionRequiredMixin, View):
    """Survey results shape the event's content, so whoever reads the event reads them."""

    permission_required = "learning_events.view_event"

    def get(self, request, pk: int):
        survey = get_object_or_404(NeedsSurvey.objects.exclude(results_file=""), pk=pk)
        try:
            handle = survey.results_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        # The stored name's extension was chosen from the content when it was uploaded.
        return stored_file_response(
            handle,
            content_type=type_of_stored_name(survey.results_file.name),
            uploaded_name=survey.results_file_name,
            fallback="needs-survey-results",
        )


# --- iCalendar feeds ----------------------------------------------------------------------------
class EventIcsView(PermissionRequiredMixin, View):
    """ "Add to my calendar": one event as an iCalendar file, with its times in its time zone."""

    permission_required = "learning_events.view_event"

    def get(self, request, slug: str):
        try:
            event = selectors.event_get(user=request.user, slug=slug)
        except LearningEvent.DoesNotExist as exc:
            raise Http404 from exc
        body = ical.build_calendar(
            [event], name=str(event.title), language=current_language(),
            base_url=request.build_absolute_uri("/")[:-1],
        )  # fmt: skip
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}.ics"'
        return response


class EventFeedView(PermissionRequiredMixin, View):
    permission_required = "learning_events.view_event"

    def get(self, request, slug: str | None = None):
        return calendar_response(request, user=request.user, slug=slug)


@method_decorator(login_not_required, name="dispatch")
class PrivateFeedView(View):
    """The same calendar for calendar programs that subscribe: the secret address signs them in as
    its owner for this feed only. A wrong or revoked address is 404."""

    def get(self, request, token: str, slug: str | None = None):
        user = selectors.user_for_feed_token(token)
        if user is None or not user.has_perm("learning_events.view_event"):
            raise Http404
        return calendar_response(request, user=user, slug=slug)


def calendar_response(request, *, user, slug: str | None) -> HttpResponse:
    """All events, or a group's, as an iCalendar file for `user`."""
    group = get_object_or_404(WorkingGroup, slug=slug) if slug else None
    events = selectors.feed_events(user=user, group=group)
    name = _("PNT learning events") if group is None else f"{group.name}: {_('learning events')}"
    body = ical.build_calendar(
        events,
        name=name,
        language=current_language(),
        base_url=request.build_absolute_uri("/")[:-1],
        series=selectors.recurring_series(group=group),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug or "learning-events"}.ics"'
    return response


# --- Series -------------------------------------------------------------------------------------
class SeriesDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "learning_events.view_series"
    template_name = "learning_events/eventseries_detail.html"
    context_object_name = "series"

    def get_object(self, queryset=None):
        try:
            return selectors.series_get(user=self.request.user, slug=self.kwargs["slug"])
        except EventSeries.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = services.today()
        claimed = frozenset(e.on_date for e in self.object.occurrences.all() if e.on_date)
        upcoming = recurrence.occurrences(
            self.object, today, today + datetime.timedelta(days=366),
            exceptions=self.object.exceptions.all(), claimed=claimed,
        )  # fmt: skip
        lang = current_language()
        context["upcoming"] = [calendar.entry_for_occurrence(o, language=lang) for o in upcoming[:12]]
        context["exception_form"] = SeriesExceptionForm()
        return context


class SeriesExceptionCreateView(PermissionRequiredMixin, FormView):
    """Cancel or move one occurrence of a series (from the series page)."""

    permission_required = "learning_events.change_series"
    form_class = SeriesExceptionForm
    template_name = "learning_events/seriesexception_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.series = get_object_or_404(EventSeries, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "series": self.series}

    def form_valid(self, form):
        try:
            services.save_series_exception(user=self.request.user, series=self.series, instance=form.instance)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The occurrence is changed."))
        return redirect(self.series.get_absolute_url())


class SeriesExceptionDeleteView(PermissionRequiredMixin, View):
    """Undo a cancellation or a move."""

    permission_required = "learning_events.change_series"

    def post(self, request, pk: int):
        exception = get_object_or_404(SeriesException.objects.select_related("series"), pk=pk)
        services.delete_series_exception(user=request.user, exception=exception)
        messages.success(request, _("The occurrence is back on its day."))
        return redirect(exception.series.get_absolute_url())


class SeriesFormMixin:
    form_class = SeriesForm
    service = services.save_series
    template_name = "learning_events/eventseries_form.html"
    context_object_name = "series"
    success_message = gettext_lazy("The series is saved.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class SeriesCreateView(SeriesFormMixin, ServiceCreateView):
    permission_required = "learning_events.add_series"


class SeriesUpdateView(SeriesFormMixin, ServiceUpdateView):
    permission_required = "learning_events.change_series"
    lookup_field = "slug"

    def get_queryset(self):
        return EventSeries.objects.all()


# --- Pilot courses and work products ------------------------------------------------------------
class PilotCourseListView(PermissionRequiredMixin, TemplateView):
    permission_required = "learning_events.view_course"
    template_name = "learning_events/pilotcourse_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "projects": selectors.pilot_projects(user=self.request.user),
        }


class WorkProductListView(FilteredListView):
    permission_required = "learning_events.view_workproduct"
    template_name = "learning_events/workproduct_list.html"
    context_object_name = "work_products"
    paginate_by = 100
    sort_keys = {
        "order": ("order", "slug"),
        "title": (Text("title_{lang}"),),
        "group": (Text("group__name_{lang}"),),
        "status": ("status",),
    }
    default_sort = "order"

    def list_rows(self, filters):
        return selectors.work_product_list(user=self.request.user)


# --- Evaluations and the report library ---------------------------------------------------------
class EvaluationListView(FilteredListView):
    """The report library: every evaluation's status; files only for those who may read them."""

    permission_required = "learning_events.view_evaluation"
    template_name = "learning_events/evaluation_list.html"
    context_object_name = "evaluations"
    filter_form_class = EvaluationFilterForm
    sort_keys = {
        "subject": (Text("subject_{lang}"), "slug"),
        "evaluator": (Text("evaluator_organisation_{lang}"),),
        "city": (Text("city"),),
        "group": (Text("group__name_{lang}"),),
        "status": ("status",),
    }
    default_sort = "subject"

    def list_rows(self, filters):
        return selectors.evaluation_list(user=self.request.user, filters=filters)


class EvaluationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "learning_events.view_evaluation"
    template_name = "learning_events/evaluation_detail.html"
    context_object_name = "evaluation"

    def get_object(self, queryset=None):
        try:
            return selectors.evaluation_get(user=self.request.user, slug=self.kwargs["slug"])
        except Evaluation.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("learning_events.grant_report_access", self.object):
            context["grants"] = self.object.grants.select_related("user", "provider", "granted_by")
            context["grant_form"] = GrantForm()
            context["upload_form"] = ReportUploadForm()
        context["panels"] = evaluation_panels(user=self.request.user, evaluation=self.object)  # other apps'
        return context


class EvaluationFormMixin:
    form_class = EvaluationForm
    service = services.save_evaluation
    template_name = "learning_events/evaluation_form.html"
    context_object_name = "evaluation"
    success_message = gettext_lazy("The evaluation is saved.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class EvaluationCreateView(EvaluationFormMixin, ServiceCreateView):
    permission_required = "learning_events.add_evaluation"


class EvaluationUpdateView(EvaluationFormMixin, ServiceUpdateView):
    permission_required = "learning_events.change_evaluation"
    lookup_field = "slug"

    def get_queryset(self):
        return Evaluation.objects.all()  # the report library lists every evaluation's status


class EvaluationMixin(ScopedParentMixin):
    """Forms about one evaluation (its files, its readers)."""

    parent_lookup_field = "slug"

    def get_parent_queryset(self):
        return Evaluation.objects.all()

    def get_evaluation(self):
        return self.get_parent()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "evaluation": self.get_evaluation()}


class ReportUploadView(EvaluationMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.add_reportfile"
    form_class = ReportUploadForm
    template_name = "learning_events/reportfile_form.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "max_upload_bytes": settings.PORTAL_MAX_UPLOAD_BYTES}

    def form_valid(self, form):
        try:
            services.upload_report_file(
                user=self.request.user,
                evaluation=self.get_evaluation(),
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title_en=form.cleaned_data["title_en"],
                title_fr=form.cleaned_data["title_fr"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The report file is uploaded."))
        warn_one_language(self.request, form)
        return redirect(self.get_evaluation().get_absolute_url())


class ReportGrantView(EvaluationMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.grant_report_access"
    form_class = GrantForm
    template_name = "learning_events/reportaccessgrant_form.html"

    def form_valid(self, form):
        try:
            services.grant_report_access(
                user=self.request.user,
                evaluation=self.get_evaluation(),
                grantee=form.cleaned_data.get("user"),
                provider=form.cleaned_data.get("provider"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Access to the final reports is granted."))
        return redirect(self.get_evaluation().get_absolute_url())


class ReportGrantRevokeView(PermissionRequiredMixin, View):
    permission_required = "learning_events.grant_report_access"

    def post(self, request, pk: int):
        grant = get_object_or_404(ReportAccessGrant.objects.select_related("evaluation"), pk=pk)
        services.revoke_report_access(user=request.user, grant=grant)
        messages.success(request, _("Access is withdrawn."))
        return redirect(grant.evaluation.get_absolute_url())


class ReportDownloadView(View):
    """Report files go out only here, to those who may read them; anyone else gets 404, so a file's
    existence is not revealed. Anonymous users never reach this view (login required)."""

    def get(self, request, pk: int):
        try:
            report = selectors.report_file_get(user=request.user, pk=pk)
        except ReportFile.DoesNotExist as exc:
            raise Http404 from exc
        try:
            handle = report.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return stored_file_response(
            handle, content_type=report.content_type, uploaded_name=report.original_name, fallback="report"
        )


# --- Delete and undo (portal.views.DeleteConfirmView) ------------------------------------------
class EventDeleteView(DeleteConfirmView):
    permission_required = "learning_events.delete_event"
    lookup_field = "slug"

    def get_queryset(self):
        return LearningEvent.objects.select_related("group")

    def delete(self, obj):
        return services.delete_event(user=self.request.user, event=obj)

    def get_success_url(self) -> str:
        return reverse("learning_events:event-list")


class EvaluationDeleteView(DeleteConfirmView):
    permission_required = "learning_events.delete_evaluation"
    lookup_field = "slug"

    def get_queryset(self):
        return Evaluation.objects.all()

    def delete(self, obj):
        return services.delete_evaluation(user=self.request.user, evaluation=obj)

    def get_success_url(self) -> str:
        return reverse("learning_events:evaluation-list")


class ReportFileDeleteView(DeleteConfirmView):
    permission_required = "learning_events.delete_reportfile"

    def get_queryset(self):
        return report_files_visible_to(self.request.user).select_related("evaluation")

    def delete(self, obj):
        return services.delete_report_file(user=self.request.user, report_file=obj)

    def get_success_url(self) -> str:
        return self.get_object().evaluation.get_absolute_url()

    get_cancel_url = get_success_url
