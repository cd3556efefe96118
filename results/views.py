from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.views import (
    DeleteConfirmView,
    PermissionRequiredMixin,
    ScopedParentMixin,
    ServiceCreateView,
    ServiceUpdateView,
    apply_service_errors,
)

from . import measures, selectors, services
from .briefing.files import CONTENT_TYPES
from .forms import ActionItemForm, BriefingForm, ManagementResponseForm, RecommendationForm
from .models import ActionItem, ManagementResponse, Recommendation


def _evaluation_url(evaluation) -> str:
    return reverse("learning_events:evaluation-detail", kwargs={"slug": evaluation.slug})


# --- The chain: recommendation -> management response -> actions -------------------------------
class EvaluationParentMixin(ScopedParentMixin):
    """A recommendation added to the evaluation in the URL."""

    parent_lookup_field = "slug"

    def get_parent_queryset(self):
        from learning_events.models import Evaluation

        return Evaluation.objects.all()  # every signed-in user reads the evaluations' subjects


class RecommendationParentMixin(ScopedParentMixin):
    """A response or an action of the recommendation in the URL (only those the user may read)."""

    parent_url_kwarg = "pk"

    def get_parent_queryset(self):
        return selectors.recommendation_list(user=self.request.user)


class ChainFormMixin:
    template_name = "portal/form.html"

    def get_evaluation(self):
        raise NotImplementedError

    def get_success_url(self) -> str:
        return _evaluation_url(self.get_evaluation())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": self.get_success_url()}


class RecommendationCreateView(EvaluationParentMixin, ChainFormMixin, ServiceCreateView):
    permission_required = "results.add_recommendation"
    form_class = RecommendationForm
    service = services.save_recommendation
    success_message = gettext_lazy("The recommendation is saved.")
    page_title = gettext_lazy("Add a recommendation")

    def get_evaluation(self):
        return self.get_parent()

    def get_initial(self):
        last = Recommendation.objects.filter(evaluation=self.get_parent()).order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Recommendation(evaluation=self.get_parent())}


class RecommendationUpdateView(ChainFormMixin, ServiceUpdateView):
    permission_required = "results.change_recommendation"
    form_class = RecommendationForm
    service = services.save_recommendation
    success_message = gettext_lazy("The recommendation is saved.")
    page_title = gettext_lazy("Change the recommendation")

    def get_queryset(self):
        return selectors.recommendation_list(user=self.request.user)

    def get_evaluation(self):
        return self.get_object().evaluation


class ResponseCreateView(RecommendationParentMixin, ChainFormMixin, ServiceCreateView):
    model = ManagementResponse
    permission_required = "results.add_managementresponse"
    form_class = ManagementResponseForm
    service = services.save_management_response
    success_message = gettext_lazy("The management response is recorded.")
    page_title = gettext_lazy("Record the management response")

    def get_evaluation(self):
        return self.get_parent().evaluation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.model(recommendation=self.get_parent())}


class ResponseUpdateView(ChainFormMixin, ServiceUpdateView):
    permission_required = "results.change_managementresponse"
    form_class = ManagementResponseForm
    service = services.save_management_response
    success_message = gettext_lazy("The management response is recorded.")
    page_title = gettext_lazy("Change the management response")

    def get_queryset(self):
        return _responses_visible_to(self.request.user)

    def get_evaluation(self):
        return self.get_object().recommendation.evaluation


class ActionCreateView(RecommendationParentMixin, ChainFormMixin, ServiceCreateView):
    model = ActionItem
    permission_required = "results.add_actionitem"
    form_class = ActionItemForm
    service = services.save_action
    success_message = gettext_lazy("The action is saved.")
    page_title = gettext_lazy("Add an action")

    def get_evaluation(self):
        return self.get_parent().evaluation

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.model(recommendation=self.get_parent())}


def _responses_visible_to(user):
    return ManagementResponse.objects.filter(
        recommendation__in=selectors.recommendation_list(user=user)
    ).select_related("recommendation__evaluation")


def _actions_visible_to(user):
    return ActionItem.objects.filter(
        recommendation__in=selectors.recommendation_list(user=user)
    ).select_related("recommendation__evaluation")


class ActionUpdateView(ChainFormMixin, ServiceUpdateView):
    permission_required = "results.change_actionitem"
    form_class = ActionItemForm
    service = services.save_action
    success_message = gettext_lazy("The action is saved.")
    page_title = gettext_lazy("Change the action")

    def get_queryset(self):
        return _actions_visible_to(self.request.user)

    def get_evaluation(self):
        return self.get_object().recommendation.evaluation


class ChainDeleteMixin:
    def get_success_url(self) -> str:
        return _evaluation_url(self.get_evaluation())

    get_cancel_url = get_success_url


class RecommendationDeleteView(ChainDeleteMixin, DeleteConfirmView):
    permission_required = "results.delete_recommendation"

    def get_queryset(self):
        return selectors.recommendation_list(user=self.request.user)

    def get_evaluation(self):
        return self.get_object().evaluation

    def delete(self, obj):
        return services.delete_recommendation(user=self.request.user, recommendation=obj)


class ResponseDeleteView(ChainDeleteMixin, DeleteConfirmView):
    permission_required = "results.delete_managementresponse"

    def get_queryset(self):
        return _responses_visible_to(self.request.user)

    def get_evaluation(self):
        return self.get_object().recommendation.evaluation

    def delete(self, obj):
        return services.delete_management_response(user=self.request.user, response=obj)


class ActionDeleteView(ChainDeleteMixin, DeleteConfirmView):
    permission_required = "results.delete_actionitem"

    def get_queryset(self):
        return _actions_visible_to(self.request.user)

    def get_evaluation(self):
        return self.get_object().recommendation.evaluation

    def delete(self, obj):
        return services.delete_action(user=self.request.user, action=obj)


# --- The programme page -------------------------------------------------------------------------
class ProgrammeView(PermissionRequiredMixin, TemplateView):
    """Why the programme started, its challenges and opportunities, each with what the portal measures."""

    permission_required = "results.view_programme"
    template_name = "results/programme.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **measures.programme_page()}


# --- Briefings ----------------------------------------------------------------------------------
class BriefingCreateView(PermissionRequiredMixin, FormView):
    """Staff ask for the review-and-planning briefing of a fiscal year; it is built in the background."""

    permission_required = "results.add_briefing"
    form_class = BriefingForm
    template_name = "results/briefing_form.html"
    extra_context = {"page_title": gettext_lazy("Generate a review-and-planning briefing")}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "jobs": selectors.briefing_list(user=self.request.user)[:10],
        }

    def form_valid(self, form):
        try:
            services.start_briefing(user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your briefing is queued. It is built in the background and waits for you here.")
        )
        return redirect("report-list")


class BriefingJobMixin(PermissionRequiredMixin):
    permission_required = "portal.view_reports"

    def get_job(self):
        # Only the person who asked for a briefing sees it: another's is 404.
        return get_object_or_404(selectors.briefing_list(user=self.request.user), pk=self.kwargs["pk"])


class BriefingStatusView(BriefingJobMixin, View):
    def get(self, request, *args, **kwargs):
        return render(request, "results/_briefing_job.html", {"job": self.get_job()})


class BriefingDownloadView(BriefingJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != job.Status.DONE or not job.file:
            raise Http404
        if not request.user.has_perm("results.add_briefing"):
            raise PermissionDenied(_("You no longer have permission to see this briefing."))
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=Path(job.file.name).name,
            content_type=CONTENT_TYPES[job.file_format],
        )
