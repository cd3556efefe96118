from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views import View
from django.views.generic import TemplateView

from portal.pagecache import cached_page
from portal.views import (
    FilteredListView,
    PermissionRequiredMixin,
    ScopedObjectMixin,
    ScopedParentMixin,
    ServiceCreateView,
    ServiceUpdateView,
    Text,
)

from . import selectors, services
from .forms import AnalysisFilterForm, CycleForm, NeedFormSet, PDTemplateForm, SubmitReviewForm, need_initial
from .models import PDTemplate, SurveyCycle
from .permissions import templates_visible_to


class CycleMixin(ScopedParentMixin):
    """Resolves the survey named by the fiscal year in the URL; an unknown year is 404."""

    parent_lookup_field = "fiscal_year"
    parent_url_kwarg = "year"

    def get_parent_queryset(self):
        return SurveyCycle.objects.all()  # one survey a year, for everyone in it

    def get_cycle(self) -> SurveyCycle:
        return self.get_parent()

    def get_permission_object(self):
        return None  # the survey's permissions are by role, not by survey


class SurveyHomeView(FilteredListView):
    """Provider staff: their templates by survey; IRCC staff: the surveys and their analysis."""

    permission_required = "surveys.view_survey_home"
    template_name = "surveys/survey_home.html"
    context_object_name = "cycle_page"
    sort_keys = {
        "year": ("fiscal_year",),
        "status": ("status", "-fiscal_year"),
        "opens": ("opens_on",),
        "closes": ("closes_on",),
        "submitted": ("submitted",),
        "drafts": ("drafts",),
    }
    default_sort = "-year"

    def list_rows(self, filters):
        return selectors.cycle_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        templates = selectors.own_templates(user=self.request.user)
        context["cycles"] = [{"cycle": c, "template": templates.get(c.pk)} for c in context["cycle_page"]]
        context["open_cycle"] = selectors.open_cycle()
        return context


class _CycleFormMixin:
    permission_required = "surveys.manage_cycle"
    form_class = CycleForm
    service = services.save_cycle
    template_name = "surveys/surveycycle_form.html"
    success_message = gettext_lazy("The survey was saved.")
    invalid_status = 400

    def get_success_url(self) -> str:
        return reverse("surveys:cycle-detail", kwargs={"year": self.object.fiscal_year})

    def get_cancel_url(self) -> str:
        return reverse("surveys:home")


class CycleCreateView(_CycleFormMixin, ServiceCreateView):
    pass


class CycleUpdateView(_CycleFormMixin, ServiceUpdateView):
    lookup_field = "fiscal_year"
    lookup_url_kwarg = "year"

    def get_queryset(self):
        return SurveyCycle.objects.all()

    def get_permission_object(self):
        return None  # managing surveys is IRCC staff's, whichever the survey


class CycleDetailView(CycleMixin, FilteredListView):
    """A survey and its providers' templates (the list sorts and pages like every other list)."""

    permission_required = "surveys.manage_cycle"
    template_name = "surveys/surveycycle_detail.html"
    context_object_name = "templates"
    sort_keys = {
        "provider": (Text("provider__name"),),
        "jurisdiction": ("provider__jurisdiction__order", Text("provider__name")),
        "status": ("status", Text("provider__name")),
        "needs": ("need_count", Text("provider__name")),
        "saved": ("updated_at",),
    }
    default_sort = "provider"

    def list_rows(self, filters):
        return selectors.template_list(user=self.request.user, cycle=self.get_cycle())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        context["cycle"] = cycle
        context["confirmed"] = selectors.confirmed_outliers(templates=context["templates"])
        context["run"] = selectors.latest_run(cycle=cycle)
        context["result"] = selectors.result_get(cycle=cycle)
        context["responses"] = selectors.response_tracking(cycle=cycle)
        return context


class CycleRemindConfirmView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """Before reminding every provider that has not answered: who will be reminded (one POST then)."""

    permission_required = "surveys.manage_cycle"
    template_name = "surveys/surveycycle_remind.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        context["cycle"] = cycle
        context["responses"] = selectors.response_tracking(cycle=cycle)
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
                message = (
                    ngettext(
                        "%(n)s provider was reminded (a notice and an e-mail to its staff).",
                        "%(n)s providers were reminded (a notice and an e-mail to their staff).",
                        outcome,
                    )
                    % {"n": outcome}
                    if outcome
                    else _("Every provider that has not answered was already reminded today.")
                )
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
        return render(request, "surveys/_run_status.html", {"job": run, "cycle": self.get_cycle()})


class OwnTemplateMixin(CycleMixin):
    """The signed-in provider staff's own template of the survey, and the one way a draft is saved."""

    permission_required = "surveys.fill_template"

    def has_permission(self) -> bool:
        # Superusers hold every permission, but only a provider's staff have a template to fill in.
        return super().has_permission() and self.request.user.is_provider_staff

    def own_template(self) -> PDTemplate | None:
        return selectors.own_template(user=self.request.user, cycle=self.get_cycle())

    def save_posted_draft(self, template):
        """Bind the posted answers and save them as the draft: (template, form, formset, status),
        status None when saved, 400 for invalid answers, 409 when the service refused (stale...)."""
        request, cycle = self.request, self.get_cycle()
        form = PDTemplateForm(request.POST, instance=template or PDTemplate(cycle=cycle))
        formset = NeedFormSet(request.POST, initial=need_initial(template), prefix="needs")
        if not (form.is_valid() and formset.is_valid()):
            return template, form, formset, 400
        formset.kept = formset.kept_forms()
        try:
            if template is None:
                template = services.start_template(
                    cycle=cycle, provider=request.user.provider, user=request.user
                )
            template = services.save_draft(
                template,
                user=request.user,
                data=form.template_data(),
                needs=[f.need_data() for f in formset.kept],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return template, form, formset, 409
        return template, form, formset, None


class MyTemplateView(OwnTemplateMixin, PermissionRequiredMixin, View):
    """The provider's own template for a survey: one page, drafts at any point (autosaved while
    typing when scripts run), "Review and submit" checks every answer and leads to the review step."""

    template_name = "surveys/pdtemplate_form.html"

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
        template = self.own_template()
        form = PDTemplateForm(instance=template, initial={"version": template.version if template else 0})
        formset = NeedFormSet(initial=need_initial(template), prefix="needs")
        return self.render_page(template, form, formset)

    def post(self, request, *args, **kwargs):
        template, form, formset, status = self.save_posted_draft(self.own_template())
        if status == 400:
            messages.error(request, _("Some answers are not valid: see the messages next to the fields."))
        if status is not None:
            return self.render_page(template, form, formset, status=status)
        if request.POST.get("action") != "submit":
            messages.success(request, _("Your draft was saved."))
            return redirect(request.path + ("#needs" if request.POST.get("action") == "add" else ""))
        errors = services.submission_errors(template)
        if errors:
            self._show_submission_errors(ValidationError(errors), form, formset.kept)
            form.data = form.data.copy()
            form.data["version"] = template.version  # the draft itself was saved
            messages.error(
                request, _("Draft saved, but not submitted yet: see the messages next to the fields.")
            )
            return self.render_page(template, form, formset, status=400)
        return redirect("surveys:my-template-review", year=self.get_cycle().fiscal_year)

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


def _clock(moment) -> str:
    """A time of day as the page's language writes it: 14:32, or 14 h 32 in French."""
    return time_format(timezone.localtime(moment), pgettext("time of day", "H:i"))


class MyTemplateAutosaveView(OwnTemplateMixin, PermissionRequiredMixin, View):
    """POST only, from surveys/autosave.js: saves the draft through the same version check as the
    form and answers JSON; a stale save is refused (409) and the page keeps what was typed."""

    def post(self, request, *args, **kwargs):
        template, form, formset, status = self.save_posted_draft(self.own_template())
        if status == 400:
            return JsonResponse(
                {
                    "saved": False,
                    "message": _("Not saved yet: some answers are not valid. Use “Save draft” to see why."),
                },
                status=400,
            )
        if status == 409:
            return JsonResponse(
                {"saved": False, "stale": True, "message": " ".join(form.non_field_errors())}, status=409
            )
        return JsonResponse(
            {
                "saved": True,
                "version": template.version,
                "initial_forms": template.needs.count(),
                "message": _("Draft saved at %(time)s.") % {"time": _clock(template.updated_at)},
            }
        )


class MyTemplateReviewView(OwnTemplateMixin, PermissionRequiredMixin, View):
    """The review step: a read-only summary of everything that will be locked, the figures to
    confirm, "Submit" and "Back to edit" (the draft is saved, so going back keeps every answer)."""

    template_name = "surveys/pdtemplate_review.html"

    def _reviewable(self):
        """The draft to review, or the redirect that explains why there is none."""
        cycle = self.get_cycle()
        template = self.own_template()
        back = redirect("surveys:my-template", year=cycle.fiscal_year)
        if template is None or template.is_submitted or not cycle.is_open:
            return None, back
        if services.submission_errors(template):
            messages.error(
                self.request,
                _("Some answers are missing: choose “Review and submit” to see them next to the fields."),
            )
            return None, back
        return template, None

    def render_page(self, template, form, outliers, status=200):
        # Where each figure is typed, for its "Correct it" link: the field, or the staff fieldset.
        anchors = {o.key: "staff" if o.field == "staff" else f"id_{o.field}" for o in outliers}
        context = {
            "cycle": self.get_cycle(),
            "template": template,
            "form": form,
            "outliers": outliers,
            "anchors": anchors,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        template, refusal = self._reviewable()
        if refusal:
            return refusal
        outliers = services.template_outliers(template)
        form = SubmitReviewForm(outliers=outliers, initial={"version": template.version})
        return self.render_page(template, form, outliers)

    def post(self, request, *args, **kwargs):
        template, refusal = self._reviewable()
        if refusal:
            return refusal
        outliers = services.template_outliers(template)
        form = SubmitReviewForm(request.POST, outliers=outliers)
        if not form.is_valid():
            return self.render_page(template, form, outliers, status=400)
        try:
            services.submit_template(
                template,
                user=request.user,
                version=form.cleaned_data["version"],
                confirmed=form.cleaned_data["confirm"],
            )
        except ValidationError as exc:
            status = 409 if getattr(exc, "code", None) == "stale" else 400
            if hasattr(exc, "error_dict") and "confirm" in exc.error_dict:
                form.add_error("confirm", exc.error_dict["confirm"])
            else:
                form.add_error(None, exc)
            return self.render_page(template, form, outliers, status=status)
        messages.success(request, _("Your PD template was submitted. Thank you."))
        return redirect("surveys:my-template", year=self.get_cycle().fiscal_year)


class TemplateDetailView(ScopedObjectMixin, PermissionRequiredMixin, CycleMixin, TemplateView):
    """A template, read-only: IRCC staff's drill-down, or the provider's own. Others are 404."""

    permission_required = "surveys.view_template"
    template_name = "surveys/pdtemplate_detail.html"

    def get_queryset(self):
        return (
            templates_visible_to(self.request.user)
            .filter(cycle__fiscal_year=self.kwargs["year"])
            .select_related("cycle", "provider__jurisdiction", "submitted_by", "updated_by", "reopened_by")
            .prefetch_related("needs__theme")
        )

    def get_template(self) -> PDTemplate:
        return self.get_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.get_template()
        context["template"] = template
        context["cycle"] = template.cycle
        context["confirmed"] = selectors.confirmed_outliers(templates=[template.pk]).get(template.pk, [])
        return context


class TemplatePrintView(TemplateDetailView):
    """A printable copy of a template (the portal's print stylesheet): its provider's or staff's."""

    template_name = "surveys/pdtemplate_print.html"


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


class NeedsMatchView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """IRCC staff: the themes requested in the year's PD templates against the events planned for them."""

    permission_required = "surveys.view_analysis"
    template_name = "surveys/needs_match.html"

    def get_context_data(self, **kwargs):
        from .matching import needs_match, unmet_sentence

        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        rows = needs_match(fiscal_year=cycle.fiscal_year)
        for row in rows:
            row["sentence"] = unmet_sentence(row)
        context.update(
            cycle=cycle,
            rows=rows,
            unmet=[row for row in rows if row["unmet_jurisdictions"]],
            centre_type_labels=selectors.centre_type_labels(),
        )
        return context


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class AnalysisView(PermissionRequiredMixin, CycleMixin, TemplateView):
    """IRCC staff: the survey's figures, charts with their tables, filters and the drill-down."""

    permission_required = "surveys.view_analysis"
    template_name = "surveys/surveycycle_analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.get_cycle()
        form = AnalysisFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        figures = selectors.analysis_figures(cycle=cycle, filters=filters)
        analysis = figures["analysis"]
        if analysis:
            # Thousands of providers at scale: the table pages, the figures and charts do not.
            context["page_obj"] = Paginator(analysis["providers"], 50).get_page(self.request.GET.get("page"))
            context.update(
                trend=figures["trend"],
                trend_jurisdictions=figures["trend_jurisdictions"],
                findings=figures["findings"],
            )
        context.update(
            cycle=cycle,
            filter_form=form,
            result=figures["result"],
            run=selectors.latest_run(cycle=cycle),
            analysis=analysis,
            flag_labels=selectors.flag_labels(),
            centre_type_labels=selectors.centre_type_labels(),
            chart_labels=selectors.chart_labels(),
            confirmed=selectors.confirmed_outliers(
                templates=selectors.template_list(user=self.request.user, cycle=cycle).values("pk")
            ),
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
