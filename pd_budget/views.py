"""PD budget pages: a provider's allocation and requests, the staff overview and approval queue,
the policy and its history, and the workbook import for administrators."""

import re
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.fiscal import current_fiscal_year, default_fiscal_year, fiscal_year_label, parse_fiscal_year
from portal.money import format_money
from portal.pagecache import cached_page
from portal.uploads import XLSX_TYPE
from portal.views import (
    FilteredListView,
    PermissionRequiredMixin,
    ScopedObjectMixin,
    ServiceActionView,
    Text,
    apply_service_errors,
)

from . import selectors
from .forms import (
    CancelForm,
    DecideForm,
    DeclarationDecisionForm,
    FiscalYearForm,
    OverviewFilterForm,
    PDRequestForm,
    RefuseForm,
    RequestFilterForm,
    SiteFTEForm,
    WorkbookUploadForm,
)
from .models import (
    DeclarationStatus,
    DesignatedConference,
    FTEDeclaration,
    ImportRun,
    PolicyYear,
    RequestStatus,
)
from .permissions import acts_for_provider, pd_requests_visible_to, providers_visible_to
from .services import (
    accept_fte_declaration,
    approve_pd_request,
    cancel_pd_request,
    decide_pd_requests,
    declare_site_ftes,
    provider_balances,
    refuse_fte_declaration,
    refuse_pd_request,
    set_site_ftes,
    submit_pd_request,
    withdraw_pd_request,
)
from .services.allocation import shown_balances
from .services.ftes import allocation_with_ftes, open_flags_for
from .services.imports import confirm_workbook_import, start_workbook_import
from .services.requests import decision_facts, issue_request_token
from .services.workbook import export_workbook
from .services.years import is_open_fiscal_year, open_fiscal_years


class ProviderObjectMixin(ScopedObjectMixin):
    """The provider in the URL, from the queryset the user may see: another provider's is 404."""

    def get_queryset(self):
        return providers_visible_to(self.request.user).select_related("jurisdiction", "umbrella")


class PDRequestObjectMixin(ScopedObjectMixin):
    def get_queryset(self):
        return pd_requests_visible_to(self.request.user).select_related("provider", "designated_conference")


class ProviderRoleRequiredMixin:
    """Provider-only pages: the permission AND the provider-staff role of that provider, checked by
    role because Django grants a superuser every permission (an administrator is not the provider)."""

    def role_provider_id(self) -> int:
        obj = self.get_object()
        return getattr(obj, "provider_id", None) or obj.pk

    def has_permission(self):
        return super().has_permission() and acts_for_provider(self.request.user, self.role_provider_id())


class BudgetHomeView(PermissionRequiredMixin, View):
    """Provider staff land on their own allocation; IRCC staff on the overview."""

    permission_required = "pd_budget.view_budget_home"

    def get(self, request, *args, **kwargs):
        if request.user.is_provider_staff:
            return redirect("pd_budget:allocation", pk=request.user.provider_id)
        return redirect("pd_budget:overview")


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
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
            can_request=acts_for_provider(self.request.user, provider.pk) and is_open_fiscal_year(year),
            can_withdraw=acts_for_provider(self.request.user, provider.pk),
            can_cancel=self.request.user.has_perm("pd_budget.cancel_pdrequest") and is_open_fiscal_year(year),
            can_edit_ftes=self.request.user.has_perm("pd_budget.open_sitefte_form", provider),
            fte_year_open=is_open_fiscal_year(year),
            flag=open_flags_for(provider_ids=[provider.pk], fiscal_year=year).get(provider.pk),
            declarations=FTEDeclaration.objects.filter(provider=provider, fiscal_year=year).order_by(
                "-declared_at", "-pk"
            )[:3],
        )
        return context


class PDRequestCreateView(ProviderObjectMixin, ProviderRoleRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "pd_budget.add_pdrequest"
    template_name = "pd_budget/pdrequest_form.html"
    form_class = PDRequestForm

    def get_initial(self):
        year = FiscalYearForm(self.request.GET or None).year_or_default()
        if year not in open_fiscal_years():
            year = current_fiscal_year()
        return {
            "fiscal_year": year,
            "submit_token": issue_request_token(user=self.request.user, provider=self.get_object()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.get_object()
        form = context["form"]
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["fiscal_year"]
        else:
            year = FiscalYearForm(self.request.GET or None).year_or_default()
        if year not in open_fiscal_years():
            year = current_fiscal_year()  # the balance beside the form is the year it books
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
                conference_starts_on=data["conference_starts_on"],
                conference_place=data["conference_place"],
                description=data["description"],
                token=data["submit_token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        if pd_request.already_booked:
            messages.info(
                self.request,
                _("This form was already sent: the request is booked once, shown below (%(status)s).")
                % {"status": pd_request.get_status_display()},
            )
        elif pd_request.status == RequestStatus.APPROVED:
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
    """Provider staff declare their sites' FTEs (IRCC staff then accept or refuse the declaration);
    IRCC staff correct the accepted FTEs directly. A closed fiscal year's FTEs are read-only."""

    permission_required = "pd_budget.open_sitefte_form"
    template_name = "pd_budget/sitefte_form.html"

    def year(self) -> int:
        try:
            return parse_fiscal_year(self.request.GET.get("year", ""))
        except ValueError:
            return default_fiscal_year(selectors.policy_years())

    def declares(self) -> bool:
        return acts_for_provider(self.request.user, self.get_object().pk)

    def get_form(self, form_class=None):
        provider = self.get_object()
        sites = provider.sites.order_by("name")
        ftes = selectors.site_ftes(provider=provider, fiscal_year=self.year())
        return SiteFTEForm(
            **self.get_form_kwargs(),
            sites=sites,
            ftes=ftes,
            read_only=not is_open_fiscal_year(self.year()),
            staff=not self.declares(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.get_object()
        context.update(
            provider=provider,
            year=self.year(),
            year_label=fiscal_year_label(self.year()),
            declares=self.declares(),
            pending=FTEDeclaration.objects.filter(
                provider=provider, fiscal_year=self.year(), status=DeclarationStatus.PENDING
            )
            .prefetch_related("lines__site")
            .first(),
        )
        return context

    def form_valid(self, form):
        provider = self.get_object()
        year = self.year()
        try:
            if self.declares():
                declaration = declare_site_ftes(
                    provider, user=self.request.user, fiscal_year=year, ftes=form.values()
                )
            else:
                changed = set_site_ftes(
                    provider,
                    user=self.request.user,
                    fiscal_year=year,
                    ftes=form.values(),
                    confirm_overbooking=form.cleaned_data.get("confirm_overbooking", False),
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        if self.declares():
            if declaration is None:
                messages.info(
                    self.request, _("Your waiting declaration is withdrawn: the accepted FTEs stand.")
                )
            else:
                messages.success(
                    self.request,
                    _(
                        "Your FTEs for %(year)s are sent to IRCC staff. The allocation changes once they "
                        "accept them."
                    )
                    % {"year": fiscal_year_label(year)},
                )
        else:
            messages.success(
                self.request,
                _("FTEs saved for %(year)s (%(count)s sites changed).")
                % {"year": fiscal_year_label(year), "count": changed},
            )
        url = reverse("pd_budget:allocation", args=[provider.pk])
        return HttpResponseRedirect(f"{url}?year={year}")


# The columns of pd_budget/_request_rows.html, shared by the request list and the approval queue.
REQUEST_SORTS = {
    "date": ("requested_at",),
    "provider": (Text("provider__name"),),
    "year": ("fiscal_year", "requested_at"),
    "category": ("category", "requested_at"),
    "amount": ("amount",),
    "status": ("status", "requested_at"),
}


class PDRequestListView(FilteredListView):
    permission_required = "pd_budget.view_pdrequest_list"
    template_name = "pd_budget/pdrequest_list.html"
    context_object_name = "requests"
    filter_form_class = RequestFilterForm
    sort_keys = REQUEST_SORTS
    default_sort = "-date"

    def list_rows(self, filters):
        return selectors.pd_request_list(user=self.request.user, filters=filters)


class PDRequestWithdrawView(PDRequestObjectMixin, ProviderRoleRequiredMixin, ServiceActionView):
    permission_required = "pd_budget.withdraw_pdrequest"

    def act(self, pd_request, form) -> str:
        withdraw_pd_request(pd_request, user=self.request.user)
        return _("The request is withdrawn; its amount is back in your balance.")

    def get_success_url(self) -> str:
        pd_request = self.get_object()
        url = reverse("pd_budget:allocation", args=[pd_request.provider_id])
        return f"{url}?year={pd_request.fiscal_year}"


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class AllocationOverviewView(FilteredListView):
    """Every provider's allocation and balance for a year: one page, a fixed number of queries."""

    permission_required = "pd_budget.view_overview"
    template_name = "pd_budget/allocation_list.html"
    context_object_name = "providers"
    filter_form_class = OverviewFilterForm
    sort_keys = {"name": (Text("name"),), "jurisdiction": ("jurisdiction__order", Text("name"))}
    default_sort = "name"

    def list_rows(self, filters):
        self.year = self.filter_form.year_or_default()
        return selectors.provider_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_ids = [provider.pk for provider in context["providers"]]
        problem = ""
        try:
            balances = shown_balances(self.year, page_ids)
        except ValidationError as exc:
            balances, problem = {}, " ".join(exc.messages)
        context.update(
            year=self.year,
            year_label=fiscal_year_label(self.year),
            rows=[(provider, balances.get(provider.pk)) for provider in context["providers"]],
            flags=open_flags_for(provider_ids=page_ids, fiscal_year=self.year),
            problem=problem,
        )
        return context


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class ApprovalQueueView(FilteredListView):
    permission_required = "pd_budget.decide_pdrequest"
    template_name = "pd_budget/pdrequest_queue.html"
    context_object_name = "requests"
    sort_keys = REQUEST_SORTS
    default_sort = "date"  # oldest first: the queue is worked in the order requests came in

    def list_rows(self, filters):
        return selectors.approval_queue(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facts = decision_facts(context["requests"])
        context["rows"] = [(r, facts[r.pk]) for r in context["requests"]]
        return context


class PDRequestDecideView(PermissionRequiredMixin, View):
    """POST from the queue (one request's button, or several ticked, with one reason): first the
    confirmation page with the facts of each; confirmed, every one is decided, or none."""

    permission_required = "pd_budget.decide_pdrequest"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DecideForm(request.POST, queue=selectors.approval_queue(user=request.user))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("pd_budget:approval-queue")
        data = form.cleaned_data
        chosen = list(data["requests"].select_related("provider__jurisdiction", "designated_conference"))
        if not data["confirm"]:
            facts = decision_facts(chosen)
            return render(
                request,
                "pd_budget/pdrequest_decide.html",
                {
                    "form": form,
                    "rows": [(r, facts[r.pk]) for r in chosen],
                    "decision": data["decision"],
                    "reason": data["reason"],
                    "total": sum((r.amount for r in chosen), Decimal("0")),
                },
            )
        try:
            decided = decide_pd_requests(
                chosen, user=request.user, decision=data["decision"], reason=data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("pd_budget:approval-queue")
        if data["decision"] == "approve":
            message = ngettext(
                "Approved: %(count)s request, %(total)s.",
                "Approved: %(count)s requests, %(total)s.",
                len(decided),
            )
        else:
            message = ngettext(
                "Refused: %(count)s request, %(total)s.",
                "Refused: %(count)s requests, %(total)s.",
                len(decided),
            )
        total = sum((r.amount for r in decided), Decimal("0"))
        messages.success(request, message % {"count": len(decided), "total": format_money(total)})
        return redirect("pd_budget:approval-queue")


class PDRequestDecisionMixin(PDRequestObjectMixin):
    permission_required = "pd_budget.decide_pdrequest"

    def get_success_url(self) -> str:
        return reverse("pd_budget:approval-queue")


class PDRequestApproveView(PDRequestDecisionMixin, ServiceActionView):
    def act(self, pd_request, form) -> str:
        approve_pd_request(pd_request, user=self.request.user)
        return _("Approved: %(provider)s, %(conference)s.") % {
            "provider": pd_request.provider,
            "conference": pd_request.conference_label,
        }


class PDRequestRefuseView(PDRequestDecisionMixin, ServiceActionView):
    form_class = RefuseForm
    invalid_message = _("Give the reason for the refusal.")

    def act(self, pd_request, form) -> str:
        refuse_pd_request(
            pd_request,
            user=self.request.user,
            reason_en=form.cleaned_data["reason_en"],
            reason_fr=form.cleaned_data["reason_fr"],
        )
        return _("Refused: %(provider)s, %(conference)s.") % {
            "provider": pd_request.provider,
            "conference": pd_request.conference_label,
        }


class PDRequestCancelView(PDRequestObjectMixin, PermissionRequiredMixin, FormView):
    """IRCC staff cancel an approved request, with the reason the provider reads."""

    permission_required = "pd_budget.cancel_pdrequest"
    template_name = "pd_budget/pdrequest_cancel.html"
    form_class = CancelForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pd_request"] = self.get_object()
        return context

    def form_valid(self, form):
        pd_request = self.get_object()
        try:
            cancel_pd_request(
                pd_request,
                user=self.request.user,
                reason_en=form.cleaned_data["reason_en"],
                reason_fr=form.cleaned_data["reason_fr"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Cancelled: %(provider)s, %(amount)s is back in its balance.")
            % {"provider": pd_request.provider, "amount": format_money(pd_request.amount)},
        )
        url = reverse("pd_budget:allocation", args=[pd_request.provider_id])
        return HttpResponseRedirect(f"{url}?year={pd_request.fiscal_year}")


class FTEDeclarationListView(FilteredListView):
    """FTE declarations waiting for IRCC staff, each with the allocation it would give."""

    permission_required = "pd_budget.decide_ftedeclaration"
    template_name = "pd_budget/ftedeclaration_list.html"
    context_object_name = "declarations"
    paginate_by = 20
    sort_keys = {"date": ("declared_at",), "provider": (Text("provider__name"), "declared_at")}
    default_sort = "date"

    def list_rows(self, filters):
        return selectors.pending_fte_declarations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for declaration in context["declarations"]:
            year = declaration.fiscal_year
            lines = []
            for line in declaration.lines.all():
                accepted = next((f for f in line.site.ftes.all() if f.fiscal_year == year), None)
                lines.append((line, accepted))
            ftes = {
                line.site_id: (line.language_fte, line.settlement_fte) for line in declaration.lines.all()
            }
            try:
                balances = provider_balances(declaration.provider, fiscal_year=year)
                after = allocation_with_ftes(declaration.provider, fiscal_year=year, ftes=ftes)
                over = [
                    line.label for line in balances.lines if line.booked > after.for_category(line.category)
                ]
            except ValidationError:
                balances, after, over = None, None, []
            rows.append(
                {
                    "declaration": declaration,
                    "lines": lines,
                    "balances": balances,
                    "after": after,
                    "over": over,
                }
            )
        context["rows"] = rows
        context["refuse_form"] = RefuseForm()
        return context


class FTEDeclarationObjectMixin:
    def get_object(self):
        try:
            return FTEDeclaration.objects.select_related("provider").get(pk=self.kwargs["pk"])
        except FTEDeclaration.DoesNotExist as exc:
            raise Http404 from exc


class FTEDeclarationDecisionMixin(FTEDeclarationObjectMixin):
    permission_required = "pd_budget.decide_ftedeclaration"

    def get_success_url(self) -> str:
        return reverse("pd_budget:ftedeclaration-list")


class FTEDeclarationAcceptView(FTEDeclarationDecisionMixin, ServiceActionView):
    form_class = DeclarationDecisionForm  # the confirm box: unticked (or refused) means no confirmation

    def act(self, declaration, form) -> str:
        confirm = form.is_valid() and form.cleaned_data["confirm_overbooking"]
        accept_fte_declaration(declaration, user=self.request.user, confirm_overbooking=confirm)
        return _("Accepted: the FTEs of %(provider)s for %(year)s now count in its allocation.") % {
            "provider": declaration.provider,
            "year": declaration.fiscal_year_label,
        }


class FTEDeclarationRefuseView(FTEDeclarationDecisionMixin, ServiceActionView):
    form_class = RefuseForm
    invalid_message = _("Give the reason for the refusal.")

    def act(self, declaration, form) -> str:
        refuse_fte_declaration(
            declaration,
            user=self.request.user,
            reason_en=form.cleaned_data["reason_en"],
            reason_fr=form.cleaned_data["reason_fr"],
        )
        return _("Refused: the FTE declaration of %(provider)s for %(year)s.") % {
            "provider": declaration.provider,
            "year": declaration.fiscal_year_label,
        }


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
class ImportRunMixin(ScopedObjectMixin):
    """The run named by the preview link's token (an administrator's); a made-up token is 404."""

    lookup_field = "token"

    def get_queryset(self):
        return ImportRun.objects.select_related("uploaded_by", "applied_by")

    def get_object(self, queryset=None):
        if not _TOKEN.match(self.kwargs["token"]):
            raise Http404
        return super().get_object(queryset)

    def get_run(self) -> ImportRun:
        return self.get_object()

    def get_permission_object(self):
        return None  # importing is an administrator's permission, not one run's


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
        return render(request, "pd_budget/_import_run.html", {"job": self.get_run()})


class ImportHistoryView(FilteredListView):
    permission_required = "pd_budget.view_import_history"
    template_name = "pd_budget/importrun_list.html"
    context_object_name = "runs"
    sort_keys = {
        "date": ("applied_at",),
        "by": (Text("applied_by__username"),),
        "file": (Text("original_name"),),
    }
    default_sort = "-date"

    def list_rows(self, filters):
        return selectors.import_history()


class ImportHistoryObjectMixin(ScopedObjectMixin):
    permission_required = "pd_budget.view_import_history"

    def get_queryset(self):
        return selectors.import_history()


class ImportHistoryDetailView(ImportHistoryObjectMixin, PermissionRequiredMixin, TemplateView):
    template_name = "pd_budget/importrun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = self.get_object()
        return context


class ImportFileDownloadView(ImportHistoryObjectMixin, PermissionRequiredMixin, View):
    """The workbook exactly as it was uploaded, under its safe name and the stored type."""

    def get(self, request, *args, **kwargs):
        run = self.get_object()
        if not run.file:
            raise Http404
        return FileResponse(
            run.file.open("rb"), as_attachment=True, filename=run.original_name, content_type=XLSX_TYPE
        )
