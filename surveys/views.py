from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from portal.views import PermissionRequiredMixin

from . import selectors, services
from .forms import AnalysisFilterForm, CycleForm, NeedFormSet, PDTemplateForm, need_initial
from .models import PDTemplate, SurveyCycle


class CycleMixin:
    """Resolves the survey named by the fiscal year in the URL; an unknown year is 404."""

    def get_cycle(self) -> SurveyCycle:
        if not hasattr(self, "_cycle"):
            try:
                self._cycle = selectors.cycle_get(fiscal_year=self.kwargs["year"])
            except SurveyCycle.DoesNotExist as exc:
                raise Http404 from exc
        return self._cycle


class SurveyHomeView(PermissionRequiredMixin, TemplateView):
    """Provider staff: their templates by survey; IRCC staff: the surveys and their analysis."""

    permission_required = "surveys.view_survey_home"
    template_name = "surveys/survey_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycles = list(selectors.cycle_list())
        templates = selectors.own_templates(user=self.request.user)
        context["cycles"] = [{"cycle": c, "template": templates.get(c.pk)} for c in cycles]
        context["open_cycle"] = next((c for c in cycles if c.is_open), None)
        return context


class CycleFormView(PermissionRequiredMixin, CycleMixin, View):
    permission_required = "surveys.manage_cycle"
    template_name = "surveys/surveycycle_form.html"

    def get_instance(self):
        return self.get_cycle() if "year" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": CycleForm(instance=self.get_instance())})

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CycleForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                cycle = services.save_cycle(instance, user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The survey was saved."))
                return redirect("surveys:cycle-detail", year=cycle.fiscal_year)
        return render(request, self.template_name, {"form": form}, status=400)


class CycleDetailView(PermissionRequiredMixin, CycleMixin, TemplateView):
    permission_required = "surveys.manage_cycle"
    template_name = "surveys/surveycycle_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        context["cycle"] = cycle
        context["templates"] = selectors.template_list(user=self.request.user, cycle=cycle)
        context["run"] = selectors.latest_run(cycle=cycle)
        context["result"] = selectors.result_get(cycle=cycle)
        return context


class CycleActionView(PermissionRequiredMixin, CycleMixin, View):
    """POST only: open, close, remind or aggregate a survey."""

    permission_required = "surveys.manage_cycle"
    ACTIONS = {
        "open": (
            services.open_cycle,
            gettext_lazy("The survey is open: providers can fill in their templates."),
        ),
        "close": (services.close_cycle, gettext_lazy("The survey is closed; its aggregation is queued.")),
        "remind": (services.send_reminders, None),
        "aggregate": (
            services.start_aggregation,
            gettext_lazy("The aggregation is queued: its progress shows on this page."),
        ),
    }

    def post(self, request, *args, **kwargs):
        service, message = self.ACTIONS[kwargs["action"]]
        cycle = self.get_cycle()
        try:
            outcome = service(cycle, user=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if kwargs["action"] == "remind":
                message = _("%(n)s reminder e-mails were sent.") % {"n": outcome}
            messages.success(request, message)
        return redirect("surveys:cycle-detail", year=cycle.fiscal_year)


class RunStatusView(PermissionRequiredMixin, CycleMixin, View):
    """The run's progress, polled by htmx while it is queued or running."""

    permission_required = "surveys.run_aggregation"

    def get(self, request, *args, **kwargs):
        try:
            run = selectors.run_get(cycle=self.get_cycle(), pk=kwargs["pk"])
        except Exception as exc:
            raise Http404 from exc
        return render(request, "surveys/_run_status.html", {"run": run, "cycle": self.get_cycle()})


class MyTemplateView(PermissionRequiredMixin, CycleMixin, View):
    """The provider's own template for a survey: one page, drafts at any point, submit checks all."""

    permission_required = "surveys.fill_template"
    template_name = "surveys/pdtemplate_form.html"

    def has_permission(self) -> bool:
        # Superusers hold every permission, but only a provider's staff have a template to fill in.
        return super().has_permission() and self.request.user.is_provider_staff

    def render_page(self, template, form, formset, status=200):
        cycle = self.get_cycle()
        editable = cycle.is_open and (template is None or not template.is_submitted)
        context = {
            "cycle": cycle,
            "template": template,
            "form": form,
            "formset": formset,
            "editable": editable,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        cycle = self.get_cycle()
        template = selectors.own_template(user=request.user, cycle=cycle)
        form = PDTemplateForm(instance=template, initial={"version": template.version if template else 0})
        formset = NeedFormSet(initial=need_initial(template), prefix="needs")
        return self.render_page(template, form, formset)

    def post(self, request, *args, **kwargs):
        cycle = self.get_cycle()
        template = selectors.own_template(user=request.user, cycle=cycle)
        form = PDTemplateForm(request.POST, instance=template or PDTemplate(cycle=cycle))
        formset = NeedFormSet(request.POST, initial=need_initial(template), prefix="needs")
        if not (form.is_valid() and formset.is_valid()):
            messages.error(request, _("Some answers are not valid: see the messages next to the fields."))
            return self.render_page(template, form, formset, status=400)
        kept = formset.kept_forms()
        try:
            if template is None:
                template = services.start_template(
                    cycle=cycle, provider=request.user.provider, user=request.user
                )
            template = services.save_draft(
                template,
                user=request.user,
                data=form.template_data(),
                needs=[f.need_data() for f in kept],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_page(template, form, formset, status=409)
        if request.POST.get("action") != "submit":
            messages.success(request, _("Your draft was saved."))
            return redirect(request.path + ("#needs" if request.POST.get("action") == "add" else ""))
        try:
            services.submit_template(template, user=request.user, version=template.version)
        except ValidationError as exc:
            self._show_submission_errors(exc, form, kept)
            form.data = form.data.copy()
            form.data["version"] = template.version  # the draft itself was saved
            messages.error(
                request, _("Draft saved, but not submitted yet: see the messages next to the fields.")
            )
            return self.render_page(template, form, formset, status=400)
        messages.success(request, _("Your PD template was submitted. Thank you."))
        return redirect(request.path)

    @staticmethod
    def _show_submission_errors(exc: ValidationError, form, kept) -> None:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
            return
        for key, errors in exc.message_dict.items():
            if key.startswith("need-"):
                _prefix, index, field = key.split("-", 2)
                target = kept[int(index)]
                for message in errors:
                    target.add_error(field, message)
            else:
                for message in errors:
                    form.add_error(None if key == "__all__" else key, message)


class TemplateDetailView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """A template, read-only: IRCC staff's drill-down, or the provider's own. Others are 404."""

    permission_required = "surveys.view_template"
    template_name = "surveys/pdtemplate_detail.html"

    def get_permission_object(self):
        return self.get_template()

    def get_template(self) -> PDTemplate:
        if not hasattr(self, "_template"):
            try:
                self._template = selectors.template_get(
                    user=self.request.user, pk=self.kwargs["pk"], fiscal_year=self.kwargs["year"]
                )
            except PDTemplate.DoesNotExist as exc:
                raise Http404 from exc
        return self._template

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template"] = self.get_template()
        context["cycle"] = self.get_template().cycle
        return context


class TemplateReopenView(PermissionRequiredMixin, CycleMixin, View):
    permission_required = "surveys.reopen_template"

    def post(self, request, *args, **kwargs):
        try:
            template = selectors.template_get(user=request.user, pk=kwargs["pk"], fiscal_year=kwargs["year"])
        except PDTemplate.DoesNotExist as exc:
            raise Http404 from exc
        try:
            services.reopen_template(template, user=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The template was reopened: its provider can change it again."))
        return redirect("surveys:template-detail", year=kwargs["year"], pk=template.pk)


class AnalysisView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """IRCC staff: the survey's figures, charts with their tables, filters and the drill-down."""

    permission_required = "surveys.view_analysis"
    template_name = "surveys/surveycycle_analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        form = AnalysisFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        result = selectors.result_get(cycle=cycle)
        analysis = selectors.analysis(result.data, filters=filters) if result else None
        if analysis:
            # Thousands of providers at scale: the table pages, the figures and charts do not.
            context["page_obj"] = Paginator(analysis["providers"], 50).get_page(self.request.GET.get("page"))
        context.update(
            cycle=cycle,
            filter_form=form,
            result=result,
            run=selectors.latest_run(cycle=cycle),
            analysis=analysis,
            flag_labels=selectors.flag_labels(),
            centre_type_labels=selectors.centre_type_labels(),
            chart_labels=selectors.chart_labels(),
        )
        return context


class RegionalSummaryView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """Everyone in the survey: the regional picture without any provider's name or figures."""

    permission_required = "surveys.view_regional_summary"
    template_name = "surveys/surveycycle_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        result = selectors.result_get(cycle=cycle)
        context.update(
            cycle=cycle,
            result=result,
            summary=selectors.regional_summary(result.data) if result else None,
            centre_type_labels=selectors.centre_type_labels(),
        )
        return context
