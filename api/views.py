"""The REST API's endpoints (issue 21): thin views over the apps' selectors, `*_visible_to`
querysets, `rules` permissions and services, the same ones the pages use.

Each viewset declares `permission_required` (checked without an object, like a list page) and, for
one record, `object_permission` (checked against it, like a detail page). Its queryset starts from
what the user may see, so another organisation's record answers 404, as on the pages. Writes call the
pages' services, so their rules and translated refusals hold unchanged.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groups.filters import GroupFilterSet
from groups.forms import GroupFilterForm
from groups.models import CommitteeMember, Meeting, WorkPlanItem
from groups.permissions import committees_visible_to, work_plans_visible_to
from groups.selectors import group_list
from learning_events.filters import EvaluationFilterSet, EventFilterSet
from learning_events.forms import EvaluationFilterForm, EventFilterForm
from learning_events.selectors import evaluation_list, event_list, series_list
from pd_budget.filters import PDRequestFilterSet, ProviderFilterSet
from pd_budget.forms import OverviewFilterForm, RequestFilterForm
from pd_budget.models import Agreement, DesignatedConference, Site, SiteFTE
from pd_budget.permissions import pd_requests_visible_to, providers_visible_to, require_provider_role
from pd_budget.selectors import policy_years
from pd_budget.services import balances_for, submit_pd_request, withdraw_pd_request
from portal.fiscal import default_fiscal_year
from portal.uploads import stored_file_response
from surveys import selectors as survey_selectors
from surveys import services as survey_services
from surveys.models import SurveyCycle
from surveys.permissions import templates_visible_to

from . import serializers as s
from .filters import FormFilterBackend


class PortalPermission(permissions.BasePermission):
    """The view's `permission_required` (no object) and `object_permission` (the record), asked of
    the same `rules` predicates as the pages. Anonymous requests are refused first (401)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated and request.user.is_active):
            return False
        perm = getattr(view, "permission_required", None)
        return perm is None or request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = getattr(view, "object_permission", None)
        if perm is None or request.user.has_perm(perm, obj):
            return True
        raise Http404  # the page answers 404 for a record the queryset would hide


class ApiViewMixin:
    """Token requests carry no session: the portal's LoginRequiredMiddleware lets them through to
    DRF, whose authentication and `PortalPermission` decide (401 without credentials)."""

    permission_classes = [PortalPermission]
    filter_backends = [FormFilterBackend]
    permission_required: str | None = "portal.view_dashboard"  # signed in and active
    object_permission: str | None = None

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


class ReadOnly(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pass


# --- groups -------------------------------------------------------------------------------------
class WorkingGroupViewSet(ReadOnly):
    """Working groups: everyone signed in reads them. Filters as on the groups page."""

    serializer_class = s.WorkingGroupSerializer
    permission_required = "groups.view_group"
    filter_form_class, filterset_class = GroupFilterForm, GroupFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return group_list(user=self.request.user).prefetch_related("jurisdictions")


class CommitteeViewSet(ReadOnly):
    """Committees: IRCC staff all; others those they (or their organisation) sit on."""

    serializer_class = s.CommitteeSerializer
    object_permission = "groups.view_committee"

    def get_queryset(self):
        return committees_visible_to(self.request.user).select_related("group", "umbrella").order_by("pk")


class CommitteeMemberViewSet(ReadOnly):
    """The seats of the committees the user may see (`?committee=<id>` narrows to one)."""

    serializer_class = s.CommitteeMemberSerializer

    def get_queryset(self):
        qs = CommitteeMember.objects.filter(committee__in=committees_visible_to(self.request.user))
        committee = self.request.query_params.get("committee")
        if committee is not None:
            qs = qs.filter(committee_id=_int_param("committee", committee))
        return qs.select_related("provider").order_by(
            "committee_id", "role", "person_name_en", "person_name_fr", "pk"
        )

    @extend_schema(parameters=[OpenApiParameter("committee", int, description="A committee's id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class MeetingViewSet(ReadOnly):
    """Meetings (date, format, decisions) of the committees the user may see."""

    serializer_class = s.MeetingSerializer
    object_permission = "groups.view_meeting_minutes"

    def get_queryset(self):
        qs = Meeting.objects.filter(committee__in=committees_visible_to(self.request.user))
        return qs.order_by("-date", "pk")


class WorkPlanViewSet(ReadOnly):
    """Work plans and their items: IRCC staff, and the members of the group's committees."""

    serializer_class = s.WorkPlanSerializer
    object_permission = "groups.view_workplan"

    def get_queryset(self):
        return (
            work_plans_visible_to(self.request.user)
            .select_related("group")
            .prefetch_related(Prefetch("items", queryset=WorkPlanItem.objects.order_by("due_date", "pk")))
            .order_by("group__slug", "-fiscal_year", "pk")
        )


# --- learning events ----------------------------------------------------------------------------
class LearningEventViewSet(ReadOnly):
    """Learning events: everyone signed in. Filters as on the calendar page."""

    serializer_class = s.LearningEventSerializer
    permission_required = "learning_events.view_event"
    filter_form_class, filterset_class = EventFilterForm, EventFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return event_list(user=self.request.user)


class EventSeriesViewSet(ReadOnly):
    serializer_class = s.EventSeriesSerializer
    permission_required = "learning_events.view_series"
    lookup_field = "slug"

    def get_queryset(self):
        return series_list(user=self.request.user)


class EvaluationViewSet(ReadOnly):
    """Evaluations (subject, status, summary) with the ids of only the report files the user may open."""

    serializer_class = s.EvaluationSerializer
    permission_required = "learning_events.view_evaluation"
    filter_form_class, filterset_class = EvaluationFilterForm, EvaluationFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return evaluation_list(user=self.request.user)


class ReportFileViewSet(ReadOnly):
    """Report files' metadata, and the file itself (`download`) through the same check."""

    serializer_class = s.ReportFileSerializer
    object_permission = "learning_events.view_reportfile"

    def get_queryset(self):
        from learning_events.permissions import report_files_visible_to

        return report_files_visible_to(self.request.user).order_by("-uploaded_at", "pk")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        report = self.get_object()
        try:
            handle = report.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return stored_file_response(
            handle, content_type=report.content_type, uploaded_name=report.original_name, fallback="report"
        )


# --- providers and the PD budget ----------------------------------------------------------------
class ProviderViewSet(ReadOnly):
    """Providers: IRCC staff all; provider staff their own organisation only."""

    serializer_class = s.ProviderSerializer
    permission_required = "pd_budget.view_budget_home"
    object_permission = "pd_budget.view_allocation"
    filter_form_class, filterset_class = OverviewFilterForm, ProviderFilterSet

    def get_queryset(self):
        return providers_visible_to(self.request.user).select_related("umbrella").order_by("name", "pk")


def _providers_of(user):
    return providers_visible_to(user).values("pk")


class SiteViewSet(ReadOnly):
    """Sites of the providers the user may see, with their accepted FTEs per fiscal year."""

    serializer_class = s.SiteSerializer
    permission_required = "pd_budget.view_budget_home"

    def get_queryset(self):
        return (
            Site.objects.filter(provider__in=_providers_of(self.request.user))
            .prefetch_related(Prefetch("ftes", queryset=SiteFTE.objects.order_by("-fiscal_year")))
            .order_by("provider_id", "name", "pk")
        )


class AgreementViewSet(ReadOnly):
    serializer_class = s.AgreementSerializer
    permission_required = "pd_budget.view_budget_home"

    def get_queryset(self):
        return Agreement.objects.filter(provider__in=_providers_of(self.request.user)).order_by(
            "provider_id", "-fiscal_year", "number"
        )


def _int_param(name: str, value: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({name: [_("Enter a whole number.")]}) from None
    if not -(2**31) < number < 2**31:
        raise serializers.ValidationError({name: [_("Enter a whole number.")]})
    return number


class AllocationViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Each visible provider's base PD allocation and balance for a fiscal year (`?fiscal_year=`,
    default: the year the PD pages open on), computed by the same service as the allocation page."""

    serializer_class = s.AllocationSerializer
    permission_required = "pd_budget.view_budget_home"

    def get_queryset(self):
        return providers_visible_to(self.request.user).order_by("name", "pk")

    @extend_schema(parameters=[OpenApiParameter("fiscal_year", int, description="e.g. 2018 for 2018-19")])
    def list(self, request):
        raw = request.query_params.get("fiscal_year")
        year = _int_param("fiscal_year", raw) if raw else default_fiscal_year(policy_years())
        page = self.paginate_queryset(self.get_queryset())
        providers = self.get_queryset().filter(pk__in=[p.pk for p in page])
        balances = balances_for(year, providers=providers)  # ValidationError (no policy) -> 400
        rows = [
            {
                "provider": p.pk,
                "fiscal_year": year,
                "total": balances[p.pk].allocation.total,
                "remaining": balances[p.pk].remaining,
                "lines": [
                    {
                        "category": line.category,
                        "label": line.label,
                        "allocated": line.allocated,
                        "approved": line.approved,
                        "pending": line.pending,
                        "remaining": line.remaining,
                    }
                    for line in balances[p.pk].lines
                ],
            }
            for p in page
        ]
        return self.get_paginated_response(s.AllocationSerializer(rows, many=True).data)


@extend_schema_view(
    create=extend_schema(
        request=s.PDRequestCreateSerializer,
        responses={201: s.PDRequestSerializer, 200: s.PDRequestSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                location=OpenApiParameter.HEADER,
                required=False,
                description="A key of the client's (1-200 characters): the same key sent again by the same "
                "person books nothing more and answers the first booking (200).",
            )
        ],
    ),
    withdraw=extend_schema(request=None, responses={200: s.PDRequestSerializer}),
)
class PDRequestViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """PD requests: provider staff their organisation's, IRCC staff all. Providers file one (POST)
    and withdraw a waiting one, through the same services as the request page: no overrun, open
    fiscal years only, designated conferences approved at once."""

    serializer_class = s.PDRequestSerializer
    permission_required = "pd_budget.view_pdrequest_list"
    filter_form_class, filterset_class = RequestFilterForm, PDRequestFilterSet

    def get_queryset(self):
        return (
            pd_requests_visible_to(self.request.user)
            .select_related("designated_conference")
            .order_by("-requested_at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        # Who first, as the request page does (403 before any field is read): provider staff only.
        provider = request.user.provider if request.user.is_provider_staff else None
        require_provider_role(request.user, getattr(provider, "pk", None))
        data = s.PDRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        conference = None
        acronym = (values.get("designated_conference") or "").strip()
        if acronym:
            conference = DesignatedConference.objects.filter(acronym__iexact=acronym).first()
            if conference is None:
                raise ValidationError({"designated_conference": _("This is not a designated conference.")})
        pd_request = submit_pd_request(
            provider,
            user=request.user,
            fiscal_year=values["fiscal_year"],
            category=values["category"],
            amount=values["amount"],
            conference_name=values.get("conference_name", ""),
            designated_conference=conference,
            description=values.get("description", ""),
            # A retried call with the same Idempotency-Key books once and answers the first booking.
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        answer = status.HTTP_200_OK if pd_request.already_booked else status.HTTP_201_CREATED
        return Response(s.PDRequestSerializer(pd_request).data, status=answer)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        pd_request = withdraw_pd_request(self.get_object(), user=request.user)
        return Response(s.PDRequestSerializer(pd_request).data)


# --- surveys ------------------------------------------------------------------------------------
_FIGURES = inline_serializer(
    "SurveyFigures",
    {
        "fiscal_year": serializers.IntegerField(),
        "computed_at": serializers.DateTimeField(allow_null=True),
        "summary": serializers.DictField(allow_null=True),
        "analysis": serializers.DictField(required=False, allow_null=True),
    },
)


class SurveyCycleViewSet(ReadOnly):
    """The annual PD survey's cycles; `figures` is the published aggregation: the regional summary
    every provider reads (no provider's name or figure), and for IRCC staff the full analysis."""

    serializer_class = s.SurveyCycleSerializer
    permission_required = "surveys.view_survey_home"
    lookup_field = "fiscal_year"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self):
        return SurveyCycle.objects.order_by("-fiscal_year")

    @extend_schema(responses={200: _FIGURES})
    @action(detail=True, methods=["get"])
    def figures(self, request, fiscal_year=None):
        cycle = self.get_object()
        if not request.user.has_perm("surveys.view_regional_summary"):
            raise Http404
        result = survey_selectors.result_get(cycle=cycle)
        data = result.data if result else None
        body = {
            "fiscal_year": cycle.fiscal_year,
            "computed_at": result.computed_at if result else None,
            "summary": survey_selectors.regional_summary(data) if data else None,
        }
        if request.user.has_perm("surveys.view_analysis"):
            body["analysis"] = _analysis_figures(data) if data else None
        return Response(body)

    @extend_schema(methods=["GET"], responses={200: s.PDTemplateSerializer})
    @extend_schema(
        methods=["PUT"], request=s.PDTemplateDraftSerializer, responses={200: s.PDTemplateSerializer}
    )
    @action(detail=True, methods=["get", "put"], url_path="my-template")
    def my_template(self, request, fiscal_year=None):
        """The signed-in provider's own template: read it, or save a draft (as the template page)."""
        cycle = self._own_cycle()
        template = survey_selectors.own_template(user=request.user, cycle=cycle)
        if request.method == "GET":
            if template is None:
                raise Http404
            return Response(s.PDTemplateSerializer(template).data)
        draft = s.PDTemplateDraftSerializer(data=request.data)
        draft.is_valid(raise_exception=True)
        values = dict(draft.validated_data)
        needs = values.pop("needs", [])
        version = values.pop("version")
        if template is None:
            template = survey_services.start_template(
                cycle=cycle, provider=request.user.provider, user=request.user
            )
        template = survey_services.save_draft(
            template, user=request.user, data=values, needs=needs, version=version
        )
        template = survey_selectors.own_template(user=request.user, cycle=cycle)
        return Response(s.PDTemplateSerializer(template).data)

    @extend_schema(request=s.PDTemplateSubmitSerializer, responses={200: s.PDTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="my-template/submit")
    def submit_my_template(self, request, fiscal_year=None):
        """Submit the provider's draft: every answer checked, outlying figures confirmed by key."""
        cycle = self._own_cycle()
        template = survey_selectors.own_template(user=request.user, cycle=cycle)
        if template is None:
            raise Http404
        body = s.PDTemplateSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        survey_services.submit_template(
            template,
            user=request.user,
            version=body.validated_data["version"],
            confirmed=body.validated_data["confirmed"],
        )
        return Response(
            s.PDTemplateSerializer(survey_selectors.own_template(user=request.user, cycle=cycle)).data
        )

    def _own_cycle(self) -> SurveyCycle:
        cycle = self.get_object()
        user = self.request.user
        # Only a provider's staff have a template (a superuser holds every permission, not a template).
        if not (user.has_perm("surveys.fill_template") and user.is_provider_staff):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(_("Only a provider's staff fill in a PD template."))
        return cycle


def _analysis_figures(data: dict) -> dict:
    analysis = survey_selectors.analysis(data)
    return {
        key: analysis[key] for key in ("providers", "themes", "medians", "gini", "flags", "regional_themes")
    }


class PDTemplateViewSet(ReadOnly):
    """PD templates: IRCC staff all; provider staff their organisation's only."""

    serializer_class = s.PDTemplateSerializer
    permission_required = "surveys.view_survey_home"
    object_permission = "surveys.view_template"

    def get_queryset(self):
        return (
            templates_visible_to(self.request.user)
            .select_related("cycle")
            .prefetch_related("needs__theme")
            .order_by("-cycle__fiscal_year", "provider_id")
        )


class SchemaView(ApiViewMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for any signed-in user or token."""

    permission_required = None
    filter_backends = []
