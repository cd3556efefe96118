"""PD budget pages: a provider's allocation and requests, the staff overview and approval queue,
the policy and its history, and the workbook import for administrators."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from portal.fiscal import fiscal_year_label, parse_fiscal_year
from portal.views import PermissionRequiredMixin

from . import selectors
from .forms import (
    FiscalYearForm,
    OverviewFilterForm,
    PDRequestForm,
    RefuseForm,
    RequestFilterForm,
    SiteFTEForm,
    WorkbookUploadForm,
)
from .models import DesignatedConference, ImportRun, PDRequest, PolicyYear, Provider, RequestStatus
from .services import (
    approve_pd_request,
    balances_for,
    provider_balances,
    refuse_pd_request,
    set_site_ftes,
    submit_pd_request,
    withdraw_pd_request,
)
from .services.imports import XLSX_TYPE, confirm_workbook_import, start_workbook_import
from .services.workbook import export_workbook


class ProviderObjectMixin:
    """The provider in the URL, from the queryset the user may see: another provider's is 404."""

    def get_object(self):
        if not hasattr(self, "_provider"):
            try:
                self._provider = selectors.provider_get(user=self.request.user, pk=self.kwargs["pk"])
            except Provider.DoesNotExist as exc:
                raise Http404 from exc
        return self._provider


class PDRequestObjectMixin:
    def get_object(self):
        if not hasattr(self, "_pd_request"):
            try:
                self._pd_request = selectors.pd_request_get(user=self.request.user, pk=self.kwargs["pk"])
            except PDRequest.DoesNotExist as exc:
                raise Http404 from exc
        return self._pd_request


def _add_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class BudgetHomeView(PermissionRequiredMixin, View):
    """Provider staff land on their own allocation; IRCC staff on the overview."""

    permission_required = "pd_budget.view_budget_home"

    def get(self, request, *args, **kwargs):
        if request.user.is_provider_staff:
            return redirect("pd_budget:allocation", pk=request.user.provider_id)
        return redirect("pd_budget:overview")


class AllocationDetailView(ProviderObjectMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "pd_budget.view_allocation"
    template_name = "pd_budget/allocation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.get_object()
        year_form = FiscalYearForm(self.request.GET or None)
        year = year_form.year_or_default()
        try:
            balances = provider_balances(provider, fiscal_year=year)
            problem = ""
        except ValidationError as exc:
            balances, problem = None, " ".join(exc.messages)
        context.update(
            provider=provider,
            year=year,
            year_label=fiscal_year_label(year),
            year_form=year_form,
            balances=balances,
            problem=problem,
            sites=provider.sites.select_related("jurisdiction").prefetch_related("ftes").order_by("name"),
            agreements=provider.agreements.filter(fiscal_year=year),
            requests=selectors.pd_request_list(
                user=self.request.user, filters={"provider": provider.pk, "fiscal_year": year}
            ),
            can_request=self.request.user.has_perm("pd_budget.add_pdrequest", provider),
            can_edit_ftes=self.request.user.has_perm("pd_budget.change_siteftes", provider),
        )
        return context


class PDRequestCreateView(ProviderObjectMixin, PermissionRequiredMixin, FormView):
    permission_required = "pd_budget.add_pdrequest"
    template_name = "pd_budget/pdrequest_form.html"
    form_class = PDRequestForm

    def get_initial(self):
        return {"fiscal_year": FiscalYearForm(self.request.GET or None).year_or_default()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.get_object()
        form = context["form"]
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["fiscal_year"]
        else:
            year = FiscalYearForm(self.request.GET or None).year_or_default()
        try:
            context["balances"] = provider_balances(provider, fiscal_year=year)
        except ValidationError:
            context["balances"] = None  # no policy that year: the form says so on submit
        context.update(provider=provider, year_label=fiscal_year_label(year))
        return context

    def form_valid(self, form):
        provider = self.get_object()
        data = form.cleaned_data
        try:
            pd_request = submit_pd_request(
                provider,
                user=self.request.user,
                fiscal_year=data["fiscal_year"],
                category=data["category"],
                amount=data["amount"],
                conference_name=data["conference_name"],
                designated_conference=data["designated_conference"],
                description=data["description"],
            )
        except ValidationError as exc:
            _add_validation_error(form, exc)
            return self.form_invalid(form)
        if pd_request.status == RequestStatus.APPROVED:
            messages.success(
                self.request, _("Your request is approved: the amount is booked against your allocation.")
            )
        else:
            messages.info(
                self.request,
                _("Your request waits for a decision by IRCC staff; its amount is held meanwhile."),
            )
        url = reverse("pd_budget:allocation", args=[provider.pk])
        return HttpResponseRedirect(f"{url}?year={pd_request.fiscal_year}")


class SiteFTEEditView(ProviderObjectMixin, PermissionRequiredMixin, FormView):
    """The provider says how many FTEs work at each of its sites (and so in which centre type)."""

    permission_required = "pd_budget.change_siteftes"
    template_name = "pd_budget/sitefte_form.html"

    def year(self) -> int:
        try:
            return parse_fiscal_year(self.request.GET.get("year", ""))
        except ValueError:
            return selectors.default_fiscal_year()

    def get_form(self, form_class=None):
        provider = self.get_object()
        sites = provider.sites.order_by("name")
        ftes = selectors.site_ftes(provider=provider, fiscal_year=self.year())
        return SiteFTEForm(**self.get_form_kwargs(), sites=sites, ftes=ftes)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            provider=self.get_object(), year=self.year(), year_label=fiscal_year_label(self.year())
        )
        return context

    def form_valid(self, form):
        provider = self.get_object()
        try:
            changed = set_site_ftes(
                provider, user=self.request.user, fiscal_year=self.year(), ftes=form.values()
            )
        except ValidationError as exc:
            _add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("FTEs saved for %(year)s (%(count)s sites changed).")
            % {"year": fiscal_year_label(self.year()), "count": changed},
        )
        url = reverse("pd_budget:allocation", args=[provider.pk])
        return HttpResponseRedirect(f"{url}?year={self.year()}")


class PDRequestListView(PermissionRequiredMixin, ListView):
    permission_required = "pd_budget.view_pdrequest_list"
    template_name = "pd_budget/pdrequest_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = RequestFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.pd_request_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class PDRequestWithdrawView(PDRequestObjectMixin, PermissionRequiredMixin, View):
    permission_required = "pd_budget.withdraw_pdrequest"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pd_request = self.get_object()
        try:
            withdraw_pd_request(pd_request, user=request.user)
            messages.success(request, _("The request is withdrawn; its amount is back in your balance."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        url = reverse("pd_budget:allocation", args=[pd_request.provider_id])
        return HttpResponseRedirect(f"{url}?year={pd_request.fiscal_year}")


class AllocationOverviewView(PermissionRequiredMixin, ListView):
    """Every provider's allocation and balance for a year: one page, a fixed number of queries."""

    permission_required = "pd_budget.view_overview"
    template_name = "pd_budget/allocation_list.html"
    context_object_name = "providers"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = OverviewFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        self.year = self.filter_form.year_or_default()
        return selectors.provider_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_ids = [provider.pk for provider in context["providers"]]
        problem = ""
        try:
            balances = balances_for(self.year, providers=Provider.objects.filter(pk__in=page_ids))
        except ValidationError as exc:
            balances, problem = {}, " ".join(exc.messages)
        context.update(
            filter_form=self.filter_form,
            year=self.year,
            year_label=fiscal_year_label(self.year),
            rows=[(provider, balances.get(provider.pk)) for provider in context["providers"]],
            problem=problem,
        )
        return context


class ApprovalQueueView(PermissionRequiredMixin, ListView):
    permission_required = "pd_budget.decide_pdrequest"
    template_name = "pd_budget/pdrequest_queue.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        return selectors.approval_queue(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refuse_form"] = RefuseForm()
        return context


class PDRequestApproveView(PDRequestObjectMixin, PermissionRequiredMixin, View):
    permission_required = "pd_budget.decide_pdrequest"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pd_request = self.get_object()
        try:
            approve_pd_request(pd_request, user=request.user)
            messages.success(
                request,
                _("Approved: %(provider)s, %(conference)s.")
                % {"provider": pd_request.provider, "conference": pd_request.conference_label},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("pd_budget:approval-queue")


class PDRequestRefuseView(PDRequestObjectMixin, PermissionRequiredMixin, View):
    permission_required = "pd_budget.decide_pdrequest"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pd_request = self.get_object()
        form = RefuseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for the refusal."))
            return redirect("pd_budget:approval-queue")
        try:
            refuse_pd_request(pd_request, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("Refused: %(provider)s, %(conference)s.")
                % {"provider": pd_request.provider, "conference": pd_request.conference_label},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("pd_budget:approval-queue")


class PolicyListView(PermissionRequiredMixin, TemplateView):
    permission_required = "pd_budget.view_policy"
    template_name = "pd_budget/policyyear_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policies"] = PolicyYear.objects.all()
        context["conferences"] = DesignatedConference.objects.all()
        return context


class PolicyHistoryView(PermissionRequiredMixin, TemplateView):
    permission_required = "pd_budget.view_policy"
    template_name = "pd_budget/policyyear_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.policy_history()
        return context


class WorkbookExportView(PermissionRequiredMixin, View):
    permission_required = "pd_budget.export_workbook"

    def get(self, request, *args, **kwargs):
        import tempfile

        output = tempfile.TemporaryFile()
        export_workbook(output, user=request.user)
        output.seek(0)
        return FileResponse(output, as_attachment=True, filename="pd-providers.xlsx")


# --- Import: upload -> background check (the preview) -> confirm -> background import -> history ----
class ImportRunMixin:
    """The run named by the preview link's token (an administrator's); a made-up token is 404."""

    def get_run(self) -> ImportRun:
        if not hasattr(self, "_run"):
            token = self.kwargs["token"]
            if not _TOKEN.match(token):
                raise Http404
            self._run = get_object_or_404(
                ImportRun.objects.select_related("uploaded_by", "applied_by"), token=token
            )
        return self._run


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class WorkbookImportView(PermissionRequiredMixin, FormView):
    permission_required = "pd_budget.import_workbook"
    template_name = "pd_budget/workbook_import.html"
    form_class = WorkbookUploadForm

    def form_valid(self, form):
        try:
            run = start_workbook_import(form.cleaned_data["file"], user=self.request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        return redirect("pd_budget:workbook-preview", token=run.token)


class WorkbookPreviewView(ImportRunMixin, PermissionRequiredMixin, TemplateView):
    """What the import would do, as the background check found it; confirming imports it (the
    import checks everything again: the portal's data may have changed meanwhile)."""

    permission_required = "pd_budget.import_workbook"
    template_name = "pd_budget/workbook_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = self.get_run()
        return context

    def post(self, request, *args, **kwargs):
        run = self.get_run()
        try:
            confirm_workbook_import(run, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("pd_budget:workbook-preview", token=run.token)


class WorkbookImportStatusView(ImportRunMixin, PermissionRequiredMixin, View):
    """The run's part of the preview page, polled by htmx while the job works."""

    permission_required = "pd_budget.import_workbook"

    def get(self, request, *args, **kwargs):
        return render(request, "pd_budget/_import_run.html", {"run": self.get_run()})


class ImportHistoryView(PermissionRequiredMixin, ListView):
    permission_required = "pd_budget.view_import_history"
    template_name = "pd_budget/importrun_list.html"
    context_object_name = "runs"
    paginate_by = 50

    def get_queryset(self):
        return selectors.import_history()


class ImportHistoryDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "pd_budget.view_import_history"
    template_name = "pd_budget/importrun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = get_object_or_404(selectors.import_history(), pk=self.kwargs["pk"])
        return context


class ImportFileDownloadView(PermissionRequiredMixin, View):
    """The workbook exactly as it was uploaded, under its safe name and the stored type."""

    permission_required = "pd_budget.view_import_history"

    def get(self, request, *args, **kwargs):
        run = get_object_or_404(selectors.import_history(), pk=self.kwargs["pk"])
        if not run.file:
            raise Http404
        return FileResponse(
            run.file.open("rb"), as_attachment=True, filename=run.original_name, content_type=XLSX_TYPE
        )
