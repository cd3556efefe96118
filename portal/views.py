"""The portal's shared views and the mixin every app's views use to declare their permission."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OrderBy
from django.db.models.functions import Lower
from django.http import (
    FileResponse,
    Http404,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

from . import lookups, reports, selectors
from .exports import csv_lines
from .i18n import remember_language
from .pagecache import cached_page
from .security import log_permission_denied
from .uploads import XLSX_TYPE

# The query parameter naming the file type ("format" is taken by filters such as an event's format).
EXPORT_PARAM = "export"


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Declare `permission_required = "app.verb_noun"`; object views check it against the object.

    Signed-in users without the permission get 403 (never a login loop); list views narrow their
    queryset to what the user may see, so other organisations' objects answer 404.
    """

    raise_exception = True


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class HomeView(PermissionRequiredMixin, TemplateView):
    """The dashboard: what matters to the signed-in user's role."""

    permission_required = "portal.view_dashboard"
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = selectors.dashboard_for(self.request.user)
        return context


@method_decorator([login_not_required, never_cache], name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The first page after sign-in is in the account's preferred language (issue 16).
        language = form.get_user().preferred_language
        if language in dict(settings.LANGUAGES):
            response = remember_language(
                HttpResponseRedirect(translate_url(response.url, language)), language
            )
        return response

    def form_invalid(self, form):
        if getattr(self.request, "portal_signin_throttled", False):
            # Too many attempts from this address this minute (portal.security): wait, whoever you are.
            return render(self.request, "registration/throttled.html", status=429)
        return super().form_invalid(form)


def permission_denied(request, exception=None):
    log_permission_denied(request, exception)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, rendered without the database (it may be what failed): no context processors,
    no user, no session; the language comes from the URL prefix alone."""
    language = "fr" if request.path.startswith("/fr/") else "en"
    with translation.override(language):
        other = "en" if language == "fr" else "fr"
        html = loader.get_template("500.html").render(
            {"LANGUAGE_CODE": language, "home_url": f"/{language}/", "other_home_url": f"/{other}/"}
        )
    return HttpResponseServerError(html)


__all__ = ["PermissionRequiredMixin", "FilteredListView", "Text", "HomeView", "LoginView", "PermissionDenied"]


# --- Lists ------------------------------------------------------------------------------------
SORT_PARAM = "sort"


class Text(str):
    """A sort-key field compared as people read text, whatever the case ("LGBTQ" after "Language"):
    SQLite compares bytes, so upper case would sort before every lower-case letter."""


class FilteredListView(PermissionRequiredMixin, ListView):
    """Every list page: a filter form -> a selector scoped to the user -> a whitelisted sort -> pages.

    A view declares `filter_form_class` (or none), `list_rows(filters)` (the selector call, which runs the
    app's FilterSet from `filters.py` on the form's cleaned data, as the list's export does), `sort_keys`
    (public key -> ORM orderings, "{lang}" standing for the page's language) and `default_sort`. The
    public key `name` sorts ascending, `-name` descending; anything else in `?sort=` (an unknown key, a
    field path such as `provider__users__password`) is ignored and the default applies, so the query
    string never reaches `order_by`. An htmx request (the filter form, a sort header) gets only the
    `partial_template_name` when the view has one; the full page works the same without JavaScript.
    """

    filter_form_class = None
    sort_keys: dict[str, tuple] = {}
    default_sort = ""
    paginate_by = 50
    partial_template_name = ""
    list_target = "portal-list"  # the id of the element the partial replaces

    def list_rows(self, filters: dict):
        raise NotImplementedError

    def get_filter_form(self):
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None)

    def get_sort(self) -> str:
        requested = self.request.GET.get(SORT_PARAM, "")
        key = requested.removeprefix("-")
        return requested if key in self.sort_keys else self.default_sort

    def sort_ordering(self, sort: str) -> list[str]:
        if not sort:
            return []
        language = "fr" if (translation.get_language() or "en").startswith("fr") else "en"
        descending = sort.startswith("-")
        ordering = []
        for field in self.sort_keys[sort.removeprefix("-")]:
            if isinstance(field, OrderBy):  # e.g. F("starts_on").asc(nulls_last=True): nulls stay last
                field = field.copy()
                field.descending = field.descending != descending
            elif isinstance(field, Text):
                text = Lower(field.format(lang=language))
                field = text.desc() if descending else text.asc()
            else:
                field = field.format(lang=language)
                if descending:
                    field = field[1:] if field.startswith("-") else f"-{field}"
            ordering.append(field)
        return [*ordering, "pk"]

    def get_queryset(self):
        self.filter_form = self.get_filter_form()
        filters = {}
        if self.filter_form is not None and self.filter_form.is_valid():
            filters = self.filter_form.cleaned_data
        self.filters = filters
        self.sort = self.get_sort()
        rows = self.list_rows(filters)
        ordering = self.sort_ordering(self.sort)
        return rows.order_by(*ordering) if ordering else rows

    def get_template_names(self):
        if self.partial_template_name and getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter_form=self.filter_form, sort=self.sort, sort_keys=self.sort_keys)
        if self.partial_template_name:
            context["list_target"] = self.list_target
        return context


# --- Reports ----------------------------------------------------------------------------------
class ReportMixin(PermissionRequiredMixin):
    """Resolves the report named in the URL; unknown reports are 404, forbidden ones 403."""

    permission_required = "portal.view_reports"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.report = reports.report_get(user=request.user, key=kwargs["key"])
            except LookupError as exc:
                raise Http404 from exc
        return super().dispatch(request, *args, **kwargs)


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class ReportListView(PermissionRequiredMixin, TemplateView):
    permission_required = "portal.view_reports"
    template_name = "portal/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = reports.reports_for(self.request.user)
        context["jobs"] = selectors.export_jobs_for(self.request.user)
        context["job_sections"] = selectors.report_job_sections(self.request.user)
        context["export_retention_days"] = settings.PORTAL_EXPORT_RETENTION_DAYS
        return context


class ReportDetailView(ReportMixin, TemplateView):
    template_name = "portal/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["form"] = self.report.form(self.request.GET or None)
        context["query"] = self.request.GET.urlencode()
        try:
            filters = reports.clean_filters(self.report, self.request.GET)
        except ValidationError:
            filters = None  # the form shows what is wrong
        if filters is not None:
            context["unavailable"] = reports.unavailable_reason(
                self.report, user=self.request.user, filters=filters
            )
        return context


class ReportDownloadView(ReportMixin, View):
    """GET: the file at once when it is small; a large one asks to run as a job (POST)."""

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get(EXPORT_PARAM, "xlsx")
        if file_format not in reports.FORMATS:
            messages.error(request, _("Choose Excel (xlsx) or CSV."))
            return redirect("report-detail", key=self.report.key)
        try:
            filters = reports.clean_filters(self.report, request.GET)
        except ValidationError:
            messages.error(request, _("Some filters are not valid: correct them and try again."))
            return render(
                request,
                "portal/report_detail.html",
                {"report": self.report, "form": self.report.form(request.GET), "query": ""},
                status=400,
            )
        reason = reports.unavailable_reason(self.report, user=request.user, filters=filters)
        if reason:
            # Said on the page, rather than an empty file that looks like a result.
            return render(
                request,
                "portal/report_detail.html",
                {
                    "report": self.report,
                    "form": self.report.form(request.GET),
                    "query": request.GET.urlencode(),
                    "unavailable": reason,
                },
            )
        if reports.is_large(self.report, user=request.user, filters=filters):
            return render(
                request,
                "portal/report_large.html",
                {
                    "report": self.report,
                    "file_format": file_format,
                    "query": request.GET.urlencode(),
                    "rows": self.report.count(user=request.user, filters=filters),
                },
            )
        filename = reports.export_filename(self.report, file_format)
        if file_format in reports.CSV_FORMATS:
            sheet = self.report.build(user=request.user, filters=filters)[0]
            response = StreamingHttpResponse(
                csv_lines(sheet, french=file_format == "csvf"), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        handle = tempfile.TemporaryFile()
        reports.write_xlsx(
            handle,
            self.report.build(user=request.user, filters=filters),
            reports.export_info(self.report, request.user, filters),
        )
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)

    def post(self, request, *args, **kwargs):
        file_format = request.POST.get(EXPORT_PARAM, "xlsx")
        try:
            filters = reports.clean_filters(self.report, request.POST)
        except ValidationError:
            messages.error(request, _("Some filters are not valid: correct them and try again."))
            return redirect("report-detail", key=self.report.key)
        reason = reports.unavailable_reason(self.report, user=request.user, filters=filters)
        if reason:
            messages.error(request, reason)
            return redirect("report-detail", key=self.report.key)
        if file_format not in reports.FORMATS:
            file_format = "xlsx"
        try:
            reports.start_export_job(self.report, user=request.user, filters=filters, file_format=file_format)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("report-list")
        messages.success(
            request, _("Your export is queued. It starts as soon as possible and waits for you here.")
        )
        return redirect("report-list")


class ExportJobMixin(PermissionRequiredMixin):
    permission_required = "portal.view_reports"

    def get_job(self):
        # Only the user who asked for an export sees it: another user's job is 404.
        return get_object_or_404(selectors.export_jobs_for(self.request.user), pk=self.kwargs["pk"])


class ExportJobStatusView(ExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        return render(request, "portal/_export_job.html", {"job": self.get_job()})


class ExportJobDownloadView(ExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != job.Status.DONE or not job.file:
            raise Http404
        # The file holds what the report showed its owner then: whoever has since lost the right to
        # the report (a new role, another provider) no longer gets it.
        report = reports.REPORTS.get(job.report)
        if report is None or not request.user.has_perm(report.permission):
            raise PermissionDenied(_("You no longer have permission to see this report."))
        content_type = XLSX_TYPE if job.file_format == "xlsx" else "text/csv; charset=utf-8"
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=Path(job.file.name).name,
            content_type=content_type,
        )


class LookupView(View):
    """Search-as-you-type answers (portal/lookups.py): `{"results": [{"id", "text"}]}` of what the
    user may pick; an unknown lookup is 404, a user without its permission 403, both as JSON."""

    def get(self, request, name: str):
        lookup = lookups.get_lookup(name)
        if lookup is None:
            raise Http404
        if not request.user.has_perm(lookup.permission):
            raise PermissionDenied
        results = lookups.search(
            lookup, user=request.user, query=request.GET.get("q", ""), exclude=request.GET.get("exclude", "")
        )
        response = JsonResponse({"results": results})
        response["Cache-Control"] = "private, no-store"
        return response


class BenchFloorView(TemplateView):
    """The benchmark's floor: a signed-in page that renders a template and queries nothing else.

    Routed only when PORTAL_BENCH is set (make bench).
    """

    template_name = "portal/bench_floor.html"


class HistoryView(PermissionRequiredMixin, TemplateView):
    """An audited record's history (IRCC staff): who changed what, when, before and after."""

    permission_required = "portal.view_audit"
    template_name = "portal/history.html"

    def get_context_data(self, **kwargs):
        from . import history

        context = super().get_context_data(**kwargs)
        try:
            model = history.audited_model(self.kwargs["model"])
        except LookupError as exc:
            raise Http404 from exc
        obj = get_object_or_404(model, pk=self.kwargs["pk"])
        context.update(object=obj, model_name=model._meta.verbose_name, entries=history.history_rows(obj))
        return context


# --- Edit flow --------------------------------------------------------------------------------
# The one way a page saves a form: the view declares its queryset (what this user may see), its
# form, the service that writes, the message and where to go next. Apps configure these classes;
# they do not write their own form_valid, object cache or error copying.
def apply_service_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _scoped_get(view, *, cache: str, queryset, lookup_field: str, url_kwarg: str, visible):
    """Fetch once per request from `queryset` (what the user may see); anything else is 404."""
    if cache not in view.__dict__:
        try:
            obj = queryset.get(**{lookup_field: view.kwargs[url_kwarg]})
        except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
        if not visible(obj):
            raise Http404
        view.__dict__[cache] = obj
    return view.__dict__[cache]


class ScopedObjectMixin:
    """The object in the URL, fetched once per request from `get_queryset()`: the view returns
    `<noun>s_visible_to(user)` (or a selector over it), so another provider's object answers 404.
    `view_permission` (optional) also turns an object the user may not read into a 404. The
    permission the view declares is then checked on this object by `PermissionRequiredMixin`."""

    lookup_field = "pk"
    lookup_url_kwarg: str | None = None
    view_permission: str | None = None

    def get_queryset(self):
        raise ImproperlyConfigured(f"{type(self).__name__} must say which objects the user may see.")

    def get_object(self, queryset=None):
        return _scoped_get(
            self,
            cache="_scoped_object",
            queryset=self.get_queryset() if queryset is None else queryset,
            lookup_field=self.lookup_field,
            url_kwarg=self.lookup_url_kwarg or self.lookup_field,
            visible=self.is_visible,
        )

    def is_visible(self, obj) -> bool:
        """For objects a queryset cannot scope: False answers 404 (as the queryset would)."""
        return not self.view_permission or self.request.user.has_perm(self.view_permission, obj)

    def get_permission_object(self):
        return self.get_object()


class ScopedParentMixin:
    """For pages about a child of the object in the URL (a committee of a group, a meeting of a
    committee): the parent, fetched once per request from `get_parent_queryset()`, 404 otherwise."""

    parent_lookup_field = "pk"
    parent_url_kwarg: str | None = None
    parent_view_permission: str | None = None

    def get_parent_queryset(self):
        raise ImproperlyConfigured(f"{type(self).__name__} must say which parents the user may see.")

    def get_parent(self):
        return _scoped_get(
            self,
            cache="_scoped_parent",
            queryset=self.get_parent_queryset(),
            lookup_field=self.parent_lookup_field,
            url_kwarg=self.parent_url_kwarg or self.parent_lookup_field,
            visible=self.is_parent_visible,
        )

    def is_parent_visible(self, obj) -> bool:
        perm = self.parent_view_permission
        return not perm or self.request.user.has_perm(perm, obj)

    def get_permission_object(self):
        return self.get_parent()


def warn_one_language(request, form) -> None:
    """A gentle warning, never a refusal, when bilingual content was saved in one language only."""
    labels = form.one_language_only() if hasattr(form, "one_language_only") else []
    if labels:
        messages.warning(
            request,
            _(
                "Saved in one language only: %(fields)s. Readers of the other language will see it "
                "marked as such; you can add the translation later."
            )
            % {"fields": ", ".join(labels)},
        )


class ServiceFormMixin:
    """form -> service -> m2m -> message -> redirect; a service's ValidationError goes back on the form.

    `service` is called as `service(user=request.user, instance=form.save(commit=False), **extra)`
    with `extra` from `get_service_kwargs(form)`, and returns the saved object. The form's
    many-to-many fields are saved after it (unless `save_m2m = False`: the service sets them)."""

    template_name = "portal/form.html"
    service = None
    success_message = ""
    success_url = None
    page_title = ""
    save_m2m = True
    invalid_status = 200  # a page may answer a refused submit with 400

    def get_service_kwargs(self, form) -> dict:
        return {}

    def call_service(self, form):
        service = type(self).service  # a plain function on the class, not a bound method
        if service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no service.")
        instance = form.save(commit=False)
        return service(user=self.request.user, instance=instance, **self.get_service_kwargs(form))

    def form_valid(self, form):
        adding = form.instance._state.adding
        try:
            with transaction.atomic():
                saved = self.call_service(form)
                if self.save_m2m:
                    form.save_m2m()
        except ValidationError as exc:
            if adding:  # the write was rolled back: the form is still a new object's
                form.instance.pk = None
                form.instance._state.adding = True
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        self.object = saved
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        warn_one_language(self.request, form)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = self.invalid_status
        return response

    def get_success_message(self) -> str:
        return self.success_message

    def get_cancel_url(self) -> str:
        """Where Cancel goes: where a save would (a page whose success URL is the new object's own
        overrides this, or the template's `cancel_url` block)."""
        try:
            return self.get_success_url()
        except AttributeError:  # the success URL is the new object's, which does not exist yet
            return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.page_title)
        context.setdefault("cancel_url", self.get_cancel_url())
        return context


class ServiceCreateView(ServiceFormMixin, PermissionRequiredMixin, CreateView):
    """A create page: configure `permission_required`, `form_class`, `service`, `success_message`
    and the success URL; the permission is checked on the parent (ScopedParentMixin) or globally."""

    def get_permission_object(self):
        return None


class ServiceUpdateView(ScopedObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    """An update page: also `get_queryset()`, what the user may see (another's object is 404); the
    permission is checked on that object."""


class ServiceActionView(ScopedObjectMixin, PermissionRequiredMixin, View):
    """A button that runs one service on the object in the URL (approve, refuse, withdraw...): POST
    only; a small optional form (a reason, a confirm box) is checked first; the service's refusal
    becomes an error message, its success the message `act()` returns; then back to `get_success_url()`.

    A subclass sets `permission_required`, `get_queryset()` (scoped), optionally `form_class` and
    `invalid_message` (said when the form is refused), and implements `act(obj, form)` and
    `get_success_url()`."""

    http_method_names = ["post"]
    form_class = None
    invalid_message = ""

    def act(self, obj, form) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST) if self.form_class is not None else None
        if form is not None and not form.is_valid() and self.invalid_message:
            messages.error(request, self.invalid_message)
            return redirect(self.get_success_url())
        try:
            messages.success(request, self.act(obj, form))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(self.get_success_url())


# --- Delete and undo ---------------------------------------------------------------------------
class DeleteConfirmView(ScopedObjectMixin, PermissionRequiredMixin, TemplateView):
    """GET: what will be deleted and what depends on it, with "Delete" and "Cancel"; POST: the app's
    delete service (portal.undo underneath), then a message with an "Undo" button.

    A subclass sets `permission_required` (the app's `delete_<noun>`) and `get_queryset()` (scoped
    to what the user may see, so another organisation's record is 404: the edit flow's
    ScopedObjectMixin looks it up once), and implements `delete(obj)` (its service) and
    `get_success_url()`; `get_cancel_url()` defaults to the record's own page."""

    template_name = "portal/delete_confirm.html"
    lookup_field = "pk"  # or "slug": the URL's keyword and the model's field

    def get_permission_object(self):
        return self.get_object()

    def delete(self, obj):
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_cancel_url(self) -> str:
        return self.get_object().get_absolute_url()

    def get_context_data(self, **kwargs):
        from . import undo

        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(
            object=obj,
            model_name=obj._meta.verbose_name,
            plan=undo.deletion_plan(obj),
            cancel_url=self.get_cancel_url(),
            undo_minutes=settings.PORTAL_UNDO_MINUTES,
        )
        return context

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        success_url = self.get_success_url()  # before the delete: it may name the record's parent
        try:
            deletion = self.delete(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.get_cancel_url())
        messages.success(
            request,
            _("“%(object)s” was deleted. You can undo this for %(minutes)s minutes.")
            % {"object": deletion.description, "minutes": settings.PORTAL_UNDO_MINUTES},
            extra_tags=f"undo:{deletion.pk}",
        )
        return redirect(success_url)


class DeletionListView(PermissionRequiredMixin, TemplateView):
    """ "Recently deleted": the user's own deletions that may still be undone."""

    permission_required = "portal.view_dashboard"
    template_name = "portal/deletion_list.html"

    def get_context_data(self, **kwargs):
        from . import undo

        context = super().get_context_data(**kwargs)
        context["deletions"] = undo.deletions_for(self.request.user)[:50]
        context["undo_minutes"] = settings.PORTAL_UNDO_MINUTES
        return context


class DeletionUndoView(ScopedObjectMixin, PermissionRequiredMixin, View):
    """POST only: bring back what one of the user's own deletions removed (another's: 404)."""

    permission_required = "portal.view_dashboard"
    http_method_names = ["post"]

    def get_queryset(self):
        from .models import Deletion

        return Deletion.objects.filter(user=self.request.user)

    def post(self, request, *args, **kwargs):
        from . import undo

        deletion = self.get_object()
        try:
            undo.undo_deletion(user=request.user, deletion=deletion)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("deletion-list")
        messages.success(request, _("“%(object)s” is back.") % {"object": deletion.description})
        if not deletion.return_url:
            return redirect("deletion-list")
        # Stored in the language of the delete; come back in the page's.
        return redirect(translate_url(deletion.return_url, translation.get_language()))


# --- Both official languages ---------------------------------------------------------------------
class ParityView(PermissionRequiredMixin, TemplateView):
    """Staff: every piece of content that has one language and not the other, by app and kind, with
    a link to where it is filled in (portal/i18n.py)."""

    permission_required = "portal.view_translation_parity"
    template_name = "portal/parity.html"

    def get_context_data(self, **kwargs):
        from itertools import groupby

        context = super().get_context_data(**kwargs)
        rows = selectors.parity_rows(user=self.request.user)
        context["groups"] = [
            {
                "app": app,
                "kinds": [
                    {"kind": kind, "rows": list(items)}
                    for kind, items in groupby(of_app, key=lambda r: str(r["kind"]))
                ],
            }
            for app, of_app in groupby(rows, key=lambda r: str(r["app"]))
        ]
        context["total"] = len(rows)
        return context
