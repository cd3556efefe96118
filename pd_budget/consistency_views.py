"""The cross-jurisdiction consistency page: comparable agreements across the five jurisdictions and
the centre types, outliers flagged by a robust rule, a chart with its table, the drill-down to the
agreements, headlines, and the Excel export (report "pd-consistency")."""

from django.core.paginator import Paginator
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.fiscal import fiscal_year_label
from portal.pagecache import cached_page
from portal.views import PermissionRequiredMixin

from .consistency import MADS
from .consistency_findings import headlines
from .forms import ConsistencyFilterForm
from .models import CentreType, Stream
from .services.consistency import agreements_of, consistency


def drill_down(comparison, settings: dict) -> list:
    return [
        u
        for u in comparison.units
        if (not settings["jurisdiction"] or u.jurisdiction == settings["jurisdiction"])
        and (not settings["centre_type"] or u.centre_type == settings["centre_type"])
        and (not settings["outliers"] or u.amount_outlier or u.allocation_outlier)
    ]


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class ConsistencyView(PermissionRequiredMixin, TemplateView):
    permission_required = "pd_budget.view_consistency"
    template_name = "pd_budget/consistency.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ConsistencyFilterForm(self.request.GET or None)
        settings = form.settings()
        comparison = consistency(settings["year"], stream=settings["stream"]) if settings["year"] else None
        context.update(form=form, settings=settings, comparison=comparison, mads=MADS)
        if comparison is None:
            return context
        units = drill_down(comparison, settings)
        page = Paginator(units, 50).get_page(self.request.GET.get("page"))
        stream_label = str(Stream(settings["stream"]).label).lower()
        context.update(
            page_obj=page,
            agreements=agreements_of(
                fiscal_year=settings["year"],
                stream=settings["stream"],
                provider_ids=[u.provider_id for u in page],
            ),
            year_label=fiscal_year_label(settings["year"]),
            centre_types=dict(CentreType.choices),
            findings=headlines(comparison, stream_label=stream_label),
            chart_labels={
                "amount": _("Agreement amount per FTE ($)"),
                "allocation": _("PD allocation per FTE ($)"),
            },
            chart={
                "labels": [j["code"] for j in comparison.jurisdictions],
                "amount": [
                    None if j["amount_median"] is None else f"{j['amount_median']:.2f}"
                    for j in comparison.jurisdictions
                ],
                "allocation": [
                    None if j["allocation_median"] is None else f"{j['allocation_median']:.2f}"
                    for j in comparison.jurisdictions
                ],
            },
        )
        return context
