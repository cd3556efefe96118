"""Pages of the questionnaires answered online: build (staff or the group's advisory body), open,
send, answer (signed in, or through a one-time link), results with charts and tables, Excel."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from portal import exports
from portal.i18n import current_language
from portal.views import (
    PermissionRequiredMixin,
    ScopedObjectMixin,
    ScopedParentMixin,
    ServiceActionView,
    ServiceCreateView,
    apply_service_errors,
)

from . import questionnaire_selectors as results
from . import questionnaires as services
from .forms import AnswerForm, QuestionForm, QuestionnaireForm, SendQuestionnaireForm
from .models import EventSeries, LearningEvent, Question, Questionnaire, QuestionnaireKind

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _questionnaires():
    return Questionnaire.objects.select_related("event__group", "series__group")


class QuestionnaireObjectMixin(ScopedObjectMixin):
    """A questionnaire by its pk; the view's permission is checked on it (staff or advisory body)."""

    def get_queryset(self):
        return _questionnaires()


# --- Building ----------------------------------------------------------------------------------
class _QuestionnaireCreateView(ScopedParentMixin, ServiceCreateView):
    permission_required = "learning_events.add_questionnaire"
    form_class = QuestionnaireForm
    service = services.create_questionnaire
    page_title = gettext_lazy("New questionnaire")
    success_message = gettext_lazy("The questionnaire was created as a draft: add its questions.")
    parent_lookup_field = "slug"
    subject_field = "event"

    def get_form_kwargs(self):
        instance = Questionnaire(**{self.subject_field: self.get_parent()})
        return {**super().get_form_kwargs(), "instance": instance}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if getattr(self, "object", None) else self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.get_parent().get_absolute_url()


class EventQuestionnaireCreateView(_QuestionnaireCreateView):
    def get_parent_queryset(self):
        return LearningEvent.objects.select_related("group")


class SeriesQuestionnaireCreateView(_QuestionnaireCreateView):
    subject_field = "series"

    def get_parent_queryset(self):
        return EventSeries.objects.select_related("group")


class QuestionnaireDetailView(QuestionnaireObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "learning_events.manage_questionnaire"
    template_name = "learning_events/questionnaire_detail.html"
    context_object_name = "questionnaire"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.object
        context.update(
            questions=list(q.questions.all()),
            invitations=q.invitations.count(),
            used=q.invitations.exclude(used_at=None).count(),
            responses=q.responses.count(),
            send_form=SendQuestionnaireForm(),
        )
        return context


class QuestionCreateView(ScopedParentMixin, ServiceCreateView):
    permission_required = "learning_events.manage_questionnaire"
    form_class = QuestionForm
    service = services.save_question
    page_title = gettext_lazy("Add a question")
    success_message = gettext_lazy("The question was added.")

    def get_parent_queryset(self):
        return _questionnaires()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Question(questionnaire=self.get_parent())}

    def get_success_url(self) -> str:
        return self.get_parent().get_absolute_url()


class QuestionnaireStatusView(QuestionnaireObjectMixin, ServiceActionView):
    permission_required = "learning_events.manage_questionnaire"

    def act(self, obj, form) -> str:
        status = "open" if self.kwargs["action"] == "open" else "closed"
        services.set_questionnaire_status(user=self.request.user, questionnaire=obj, status=status)
        return (
            _("The questionnaire is open for answers.")
            if status == "open"
            else _("The questionnaire is closed.")
        )

    def get_success_url(self) -> str:
        return self.get_object().get_absolute_url()


class QuestionnaireSendView(QuestionnaireObjectMixin, PermissionRequiredMixin, FormView):
    permission_required = "learning_events.manage_questionnaire"
    form_class = SendQuestionnaireForm
    template_name = "portal/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Send the questionnaire: %(title)s") % {"title": self.get_object().title},
            cancel_url=self.get_object().get_absolute_url(),
        )
        return context

    def form_valid(self, form):
        questionnaire = self.get_object()

        def link_for(token: str, language: str) -> str:
            from django.utils import translation

            with translation.override(language):
                path = reverse("learning_events:questionnaire-token", kwargs={"token": token})
            return self.request.build_absolute_uri(path)

        try:
            sent = services.send_invitations(
                user=self.request.user,
                questionnaire=questionnaire,
                link_for=link_for,
                providers=list(form.cleaned_data["providers"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)s e-mails were sent.") % {"count": sent})
        return redirect(questionnaire.get_absolute_url())


# --- Answering ---------------------------------------------------------------------------------
class _AnswerMixin:
    template_name = "learning_events/questionnaire_answer.html"

    def answer(self, request, questionnaire, invitation):
        try:
            services.check_may_answer(user=request.user, questionnaire=questionnaire, invitation=invitation)
        except ValidationError as exc:
            return render(
                request,
                "learning_events/questionnaire_answered.html",
                {"questionnaire": questionnaire, "refusal": " ".join(exc.messages)},
                status=409 if request.method == "POST" else 200,
            )
        form = AnswerForm(request.POST or None, questionnaire=questionnaire)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_response(
                    user=request.user,
                    questionnaire=questionnaire,
                    answers=form.cleaned_data,
                    language=current_language(),
                    invitation=invitation,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("learning_events:questionnaire-thanks")
        return render(request, self.template_name, {"questionnaire": questionnaire, "form": form})


class QuestionnaireAnswerView(_AnswerMixin, View):
    """Signed in: a registered participant's evaluation, or a needs survey sent to this person."""

    def dispatch(self, request, *args, **kwargs):
        questionnaire = _questionnaires().filter(pk=kwargs["pk"]).first()
        if questionnaire is None:
            raise Http404
        return self.answer(request, questionnaire, None)  # PermissionDenied (403) for anyone not entitled


@method_decorator(login_not_required, name="dispatch")
class TokenAnswerView(_AnswerMixin, View):
    """A one-time link from an e-mail: whoever holds it answers once, signed in or not."""

    def dispatch(self, request, *args, **kwargs):
        invitation = services.invitation_for_token(kwargs["token"])
        if invitation is None:
            raise Http404
        if request.method not in ("GET", "POST"):
            raise Http404
        return self.answer(request, invitation.questionnaire, invitation)


@method_decorator(login_not_required, name="dispatch")
class ThanksView(TemplateView):
    """After an answer (also through a link, signed out): names nothing, so it tells nothing."""

    template_name = "learning_events/questionnaire_answered.html"


# --- Results -----------------------------------------------------------------------------------
class QuestionnaireResultsView(QuestionnaireObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "learning_events.view_questionnaire_results"
    template_name = "learning_events/questionnaire_results.html"
    context_object_name = "questionnaire"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = results.questionnaire_results(self.object)
        context["topics"] = results.topics_of(self.object)
        return context


class QuestionnaireExportView(QuestionnaireObjectMixin, PermissionRequiredMixin, View):
    """The results as an Excel workbook: one sheet of counts, one of text answers."""

    permission_required = "learning_events.view_questionnaire_results"

    def get(self, request, *args, **kwargs):
        questionnaire = self.get_object()
        data = results.questionnaire_results(questionnaire)
        counts = [
            (str(row["question"].text), label, n)
            for row in data["questions"]
            for label, n in row.get("rows", [])
        ]
        texts = [
            (str(row["question"].text), text) for row in data["questions"] for text in row.get("texts", [])
        ]
        sheets = [
            exports.Sheet(
                _("Answers counted"),
                [
                    exports.Column(_("Question"), width=50),
                    exports.Column(_("Answer")),
                    exports.Column(_("Count"), exports.INTEGER),
                ],
                counts,
            ),
            exports.Sheet(
                _("Text answers"),
                [exports.Column(_("Question"), width=50), exports.Column(_("Answer"), width=80)],
                texts,
            ),
        ]
        handle = io.BytesIO()
        exports.write_xlsx(
            handle,
            sheets,
            exports.ExportInfo(
                title=str(questionnaire.title), user=str(request.user), language=current_language()
            ),
        )
        handle.seek(0)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"questionnaire-{questionnaire.pk}.xlsx",
            content_type=XLSX_TYPE,
        )


class SeriesEvaluationsView(ScopedObjectMixin, PermissionRequiredMixin, TemplateView):
    """A series' evaluations: each occurrence's (and the series' own), responses and average rating."""

    permission_required = "learning_events.view_questionnaire_results"
    template_name = "learning_events/series_evaluations.html"
    lookup_field = "slug"

    def get_queryset(self):
        return EventSeries.objects.select_related("group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = self.get_object()
        context.update(series=series, rows=results.series_evaluation_results(series), kind=QuestionnaireKind)
        return context
