"""The PD policy what-if pages: the saved scenarios, the editor (rates in, cost and equity effect
out at once), a scenario's full result, two or three side by side, adoption (administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portal.fiscal import default_fiscal_year, fiscal_year_label
from portal.pagecache import cached_page
from portal.views import (
    DeleteConfirmView,
    FilteredListView,
    PermissionRequiredMixin,
    ScopedObjectMixin,
    ServiceCreateView,
    ServiceUpdateView,
    Text,
)

from . import selectors
from .allocation_rule import Rates
from .models import PolicyYear, Scenario
from .scenario_forms import RATE_LABELS, ScenarioAdoptForm, ScenarioCompareForm, ScenarioForm
from .services import scenarios as services

PER_PAGE = 50
#: Sort keys of a scenario's provider table (computed in Python, so the whitelist picks a function).
OUTCOME_SORTS = {
    "provider": lambda o: o.provider.name.lower(),
    "jurisdiction": lambda o: (o.provider.jurisdiction, o.provider.name.lower()),
    "centre_type": lambda o: (o.provider.centre_type, o.provider.name.lower()),
    "baseline": lambda o: o.baseline.total,
    "scenario": lambda o: o.scenario.total,
    "delta": lambda o: o.delta,
}


def _labels() -> dict:
    from .models import CentreType, MixedSites

    return {
        "centre_type": {key: str(label) for key, label in CentreType.choices},
        "mixed_sites": {key: str(label) for key, label in MixedSites.choices},
    }


def _jurisdiction_names() -> dict[str, str]:
    from organisations.models import Jurisdiction

    return {j.code: str(j.name) for j in Jurisdiction.objects.all()}


class ScenarioListView(FilteredListView):
    """The saved scenarios, newest first, with the choice of two or three to compare."""

    permission_required = "pd_budget.view_scenario"
    template_name = "pd_budget/scenario_list.html"
    context_object_name = "scenarios"
    sort_keys = {
        "name": (Text("name_{lang}"),),
        "year": ("base_policy__fiscal_year",),
        "updated": ("updated_at",),
    }
    default_sort = "-updated"

    def list_rows(self, filters):
        return selectors.scenario_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policy_years"] = [(y, fiscal_year_label(y)) for y in selectors.policy_years()]
        context["labels"] = _labels()
        return context


class _ScenarioEditMixin:
    """The editor: "Show the effect" (and every change, through htmx) recomputes without saving;
    "Save" saves. The page shows the cost, the change, the groupings and the equity effect."""

    permission_required = "pd_budget.change_scenario"
    form_class = ScenarioForm
    service = services.save_scenario
    template_name = "pd_budget/scenario_form.html"
    partial_template_name = "pd_budget/_scenario_effect.html"
    success_message = gettext_lazy("The scenario was saved.")

    def base_rates(self) -> Rates | None:
        raise NotImplementedError

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["rates"] = self.base_rates()
        return kwargs

    def get_service_kwargs(self, form) -> dict:
        return {"rates": form.rates()}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def preview(self, form):
        """The effect of the rates on the form, or None while they do not read."""
        if not form.rates_are_valid():
            return None
        policy = form.cleaned_data["base_policy"]
        base = Rates.from_policy(policy).values()
        overrides = {k: v for k, v in form.rates().items() if v is not None and v != base[k]}
        try:
            return services.simulate_policy(
                policy.fiscal_year, overrides=overrides, mixed_sites=form.cleaned_data["mixed_sites"]
            )
        except ValidationError:
            return None

    def post(self, request, *args, **kwargs):
        if "save" in request.POST:
            return super().post(request, *args, **kwargs)
        self.object = getattr(self, "object", None)
        form = self.get_form()
        result = self.preview(form)
        for name in ("name_en", "name_fr", "__all__"):
            form.errors.pop(name, None)  # the names are only needed to save
        context = self.get_context_data(form=form, result=result, previewed=True)
        if getattr(request, "htmx", False):
            return self.response_class(request, self.partial_template_name, context)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "result" not in context:
            context["result"] = self.initial_result()
        context.update(labels=_labels(), jurisdiction_names=_jurisdiction_names())
        return context

    def initial_result(self):
        return None


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class ScenarioCreateView(_ScenarioEditMixin, ServiceCreateView):
    page_title = gettext_lazy("New PD policy scenario")

    def start_policy(self) -> PolicyYear | None:
        years = selectors.policy_years()
        if not years:
            return None
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = default_fiscal_year(years)
        return (
            PolicyYear.objects.filter(fiscal_year=year).first()
            or PolicyYear.objects.filter(fiscal_year=default_fiscal_year(years)).first()
        )

    def start_scenario(self) -> Scenario | None:
        pk = self.request.GET.get("from", "")
        return selectors.scenario_list().filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None

    def base_rates(self):
        source = self.start_scenario()
        if source is not None:
            return services.scenario_rates(source)
        policy = self.start_policy()
        return Rates.from_policy(policy) if policy else None

    def get_initial(self):
        initial = super().get_initial()
        source = self.start_scenario()
        if source is not None:
            initial.update(base_policy=source.base_policy, mixed_sites=source.mixed_sites)
            initial["name_en"] = f"Copy of {source.name_en}" if source.name_en else ""
            initial["name_fr"] = f"Copie de {source.name_fr}" if source.name_fr else ""
        else:
            policy = self.start_policy()
            if policy is not None:
                initial.update(base_policy=policy, mixed_sites=policy.mixed_sites)
        return initial

    def initial_result(self):
        source = self.start_scenario()
        if source is not None:
            return services.simulate_scenario(source)
        policy = self.start_policy()
        return services.simulate_policy(policy.fiscal_year) if policy else None

    def get_cancel_url(self) -> str:
        return reverse("pd_budget:scenario-list")


class ScenarioObjectMixin(ScopedObjectMixin):
    def get_queryset(self):
        return selectors.scenario_list()


class ScenarioUpdateView(_ScenarioEditMixin, ServiceUpdateView):
    page_title = gettext_lazy("Change the scenario")

    def get_queryset(self):
        return selectors.scenario_list()

    def base_rates(self):
        return services.scenario_rates(self.get_object())

    def initial_result(self):
        return services.simulate_scenario(self.get_object())

    def get_cancel_url(self) -> str:
        return self.get_object().get_absolute_url()


def _sorted_outcomes(result, sort: str):
    key = sort.removeprefix("-")
    if key not in OUTCOME_SORTS:
        return result.outcomes, ""
    return sorted(result.outcomes, key=OUTCOME_SORTS[key], reverse=sort.startswith("-")), sort


class ScenarioDetailView(ScenarioObjectMixin, PermissionRequiredMixin, TemplateView):
    """A saved scenario: cost, every provider before and after (sortable, paged, exportable), the
    groupings, the equity effect and the bookings it would leave uncovered."""

    permission_required = "pd_budget.view_scenario"
    template_name = "pd_budget/scenario_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scenario = self.get_object()
        result = services.simulate_scenario(scenario)
        outcomes, sort = _sorted_outcomes(result, self.request.GET.get("sort", ""))
        context.update(
            scenario=scenario,
            result=result,
            page_obj=Paginator(outcomes, PER_PAGE).get_page(self.request.GET.get("page")),
            sort=sort,
            sort_keys=OUTCOME_SORTS,
            labels=_labels(),
            jurisdiction_names=_jurisdiction_names(),
            adoption_year=fiscal_year_label(services.adoption_target()),
            rate_rows=list(RATE_LABELS.items()),
        )
        return context


class ScenarioCompareView(PermissionRequiredMixin, TemplateView):
    """Two or three saved scenarios side by side: cost, change, groupings, equity, overruns."""

    permission_required = "pd_budget.view_scenario"
    template_name = "pd_budget/scenario_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ScenarioCompareForm(self.request.GET or None)
        columns = []
        rows = []
        if form.is_valid() and form.cleaned_data["scenarios"]:
            chosen = selectors.scenario_list().in_bulk(form.cleaned_data["scenarios"])
            for pk in form.cleaned_data["scenarios"]:
                if pk in chosen:
                    columns.append({"scenario": chosen[pk], "result": services.simulate_scenario(chosen[pk])})
            rows = _compare_rows(columns)
        context.update(
            form=form,
            columns=columns,
            page_obj=Paginator(rows, PER_PAGE).get_page(self.request.GET.get("page")),
            labels=_labels(),
            jurisdiction_names=_jurisdiction_names(),
        )
        return context


def _compare_rows(columns: list[dict]) -> list[dict]:
    """One row per provider: its name, then each scenario's baseline, scenario and change."""
    by_provider: dict[int, dict] = {}
    for index, column in enumerate(columns):
        for outcome in column["result"].outcomes:
            row = by_provider.setdefault(
                outcome.provider.pk, {"provider": outcome.provider, "cells": [None] * len(columns)}
            )
            row["cells"][index] = outcome
    return sorted(by_provider.values(), key=lambda row: row["provider"].name.lower())


class ScenarioAdoptView(ScenarioObjectMixin, PermissionRequiredMixin, TemplateView):
    """An administrator adopts the scenario as the next fiscal year's policy: GET says what changes,
    POST does it (refused when approved requests would overrun; waiting ones need a confirmation)."""

    permission_required = "pd_budget.adopt_scenario"
    template_name = "pd_budget/scenario_adopt.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scenario = self.get_object()
        target = services.adoption_target()
        context.update(
            scenario=scenario,
            form=kwargs.get("form") or ScenarioAdoptForm(),
            target_label=fiscal_year_label(target),
            current=PolicyYear.objects.filter(fiscal_year=target).first(),
            rates=services.scenario_rates(scenario),
            labels=_labels(),
        )
        return context

    def post(self, request, *args, **kwargs):
        scenario = self.get_object()
        form = ScenarioAdoptForm(request.POST)
        confirm = form.is_valid() and form.cleaned_data["confirm_overbooking"]
        try:
            policy = services.adopt_scenario(scenario, user=request.user, confirm=confirm)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request,
            _("“%(name)s” is now the PD policy of %(year)s.")
            % {"name": scenario.name, "year": policy.fiscal_year_label},
        )
        return redirect("pd_budget:policy-list")


class ScenarioDeleteView(ScenarioObjectMixin, DeleteConfirmView):
    permission_required = "pd_budget.delete_scenario"

    def delete(self, obj):
        return services.delete_scenario(
            user=self.request.user, scenario=obj, return_url=reverse("pd_budget:scenario-list")
        )

    def get_success_url(self) -> str:
        return reverse("pd_budget:scenario-list")


__all__ = [
    "ScenarioAdoptView",
    "ScenarioCompareView",
    "ScenarioCreateView",
    "ScenarioDeleteView",
    "ScenarioDetailView",
    "ScenarioListView",
    "ScenarioUpdateView",
]
