"""Reads for the PD survey: cycles, templates scoped to the user, the stored figures and the dashboard."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from portal import datacache
from portal.i18n import current_language

from . import plausibility
from .models import (
    STAFF_FIELDS,
    AggregationResult,
    AggregationRun,
    ConfirmedOutlier,
    CycleStatus,
    PDTemplate,
    SurveyCycle,
    TemplateStatus,
)
from .permissions import templates_visible_to

CENTRE_TYPE_KEYS = ("urban", "small", "north")


def flag_labels() -> dict[str, str]:
    return {
        "under-funded": _("Under-funded (below half the regional median per FTE)"),
        "over-funded": _("Over-funded (above twice the regional median per FTE)"),
        "small-north-below-urban": _("Small centres and North below urban"),
        "needs-support": _("Needs support (could not identify or cost its PD needs)"),
    }


def centre_type_labels() -> dict[str, str]:
    from pd_budget.models import CentreType

    return {key: str(label) for key, label in CentreType.choices}


def chart_labels() -> dict[str, str]:
    return {
        "per_fte": _("PD funding per FTE ($)"),
        "median": _("Regional median"),
        "lorenz": _("Lorenz curve"),
        "equality": _("Perfect equality"),
    }


def cycle_list() -> QuerySet[SurveyCycle]:
    return SurveyCycle.objects.annotate(
        submitted=Count("templates", filter=Q(templates__status=TemplateStatus.SUBMITTED)),
        drafts=Count("templates", filter=Q(templates__status=TemplateStatus.DRAFT)),
    ).order_by("-fiscal_year")


def cycle_get(*, fiscal_year: int) -> SurveyCycle:
    return SurveyCycle.objects.get(fiscal_year=fiscal_year)


def open_cycle() -> SurveyCycle | None:
    return SurveyCycle.objects.filter(status=CycleStatus.OPEN).order_by("-fiscal_year").first()


def template_list(*, user, cycle: SurveyCycle) -> QuerySet[PDTemplate]:
    return (
        templates_visible_to(user)
        .filter(cycle=cycle)
        .select_related("provider__jurisdiction", "submitted_by", "updated_by")
        .annotate(need_count=Count("needs"))
        .order_by("provider__name")
    )


def template_get(*, user, pk: int, fiscal_year: int | None = None) -> PDTemplate:
    """A template the user may see (PDTemplate.DoesNotExist otherwise: the view answers 404)."""
    qs = templates_visible_to(user).select_related(
        "cycle", "provider__jurisdiction", "submitted_by", "updated_by", "reopened_by"
    )
    if fiscal_year is not None:
        qs = qs.filter(cycle__fiscal_year=fiscal_year)
    return qs.prefetch_related("needs__theme").get(pk=pk)


def own_template(*, user, cycle: SurveyCycle) -> PDTemplate | None:
    """The signed-in provider staff's organisation's template for the cycle, if it exists yet."""
    if not getattr(user, "is_provider_staff", False):
        return None
    return (
        PDTemplate.objects.filter(cycle=cycle, provider_id=user.provider_id)
        .select_related("cycle", "provider", "updated_by", "submitted_by")
        .prefetch_related("needs__theme")
        .first()
    )


def own_templates(*, user) -> dict[int, PDTemplate]:
    """{cycle id: template} for the provider staff's organisation."""
    if not getattr(user, "is_provider_staff", False):
        return {}
    return {t.cycle_id: t for t in PDTemplate.objects.filter(provider_id=user.provider_id)}


def result_get(*, cycle: SurveyCycle) -> AggregationResult | None:
    return AggregationResult.objects.filter(cycle=cycle).select_related("run").first()


def flag_list(*, cycle: SurveyCycle) -> list:
    """The stored result's equity flags only (none before the first aggregation)."""
    flags = AggregationResult.objects.filter(cycle=cycle).values_list("data__flags", flat=True).first()
    return flags or []


#: portal.datacache topic of the stored survey figures (its models: surveys/apps.py).
RESULTS_TOPIC = "survey-results"


def analysis_figures(*, cycle: SurveyCycle, filters: dict) -> dict:
    """The analysis page's stored result, its figures narrowed by the filters, the equity over the
    years and the headlines, in the page's language: four queries and the decoding of every
    provider's figures (50 ms at scale 10), or none while no aggregation changed them."""
    jurisdiction = filters.get("jurisdiction")
    code = getattr(jurisdiction, "code", jurisdiction) or ""
    centre_type = filters.get("centre_type") or ""

    def compute() -> dict:
        result = result_get(cycle=cycle)
        if result is None:
            return {"result": None, "analysis": None}
        years = equity_trend()
        return {
            "result": result,
            "analysis": analysis(result.data, filters={"jurisdiction": code, "centre_type": centre_type}),
            "trend": years,
            "trend_jurisdictions": sorted({c for y in years for c in y.jurisdictions}),
            "findings": headline_findings(result.data, fiscal_year=cycle.fiscal_year, years=years),
        }

    return datacache.cached(
        [RESULTS_TOPIC], ["analysis_figures", cycle.pk, current_language(), code, centre_type], compute
    )


def latest_run(*, cycle: SurveyCycle) -> AggregationRun | None:
    return AggregationRun.objects.filter(cycle=cycle).order_by("-created_at", "-pk").first()


def run_get(*, cycle: SurveyCycle, pk: int) -> AggregationRun:
    return AggregationRun.objects.get(cycle=cycle, pk=pk)


# --- The analysis: stored figures, filtered and shaped for tables and charts --------------------
def _theme_name(theme: dict) -> str:
    return theme["name_fr"] if current_language() == "fr" else theme["name_en"]


FLAGS_LISTED = 25


def analysis(data: dict, *, filters: dict | None = None) -> dict:
    """The stored figures for the staff page: providers and themes narrowed by jurisdiction and
    centre type, with the chart series (each also shown as a table)."""
    filters = filters or {}
    jurisdiction = filters.get("jurisdiction")
    code = getattr(jurisdiction, "code", jurisdiction) or ""
    centre_type = filters.get("centre_type") or ""
    providers = [
        p
        for p in data.get("providers", [])
        if (not code or p["jurisdiction"] == code) and (not centre_type or p["centre_type"] == centre_type)
    ]
    names = {t["key"]: _theme_name(t) for t in data.get("themes", [])}
    if code:
        themes = [
            {**t, "name": names.get(t["key"], t["key"])}
            for t in data.get("themes_by_jurisdiction", [])
            if t["jurisdiction"] == code
        ]
    elif centre_type:
        themes = [
            {**t, "name": names.get(t["key"], t["key"])}
            for t in data.get("themes_by_centre_type", [])
            if t["centre_type"] == centre_type
        ]
    else:
        themes = [{**t, "name": names[t["key"]]} for t in data.get("themes", [])]
    if code and centre_type:
        # Themes are stored by one breakdown at a time: keep those asked for by the shown providers.
        themes = [t for t in themes if t["providers"]]
    flagged = {}
    for flag in data.get("flags", []):
        if flag["provider"]:
            flagged.setdefault(flag["provider"], []).append(flag["kind"])
    for p in providers:
        p["flags"] = flagged.get(p["name"], [])
    with_fte = [p for p in providers if p["per_fte"] is not None]
    jurisdictions = sorted({t["jurisdiction"] for t in data.get("themes_by_jurisdiction", [])})
    theme_keys = [t["key"] for t in data.get("themes", [])]
    cells = {(t["key"], t["jurisdiction"]): t["providers"] for t in data.get("themes_by_jurisdiction", [])}
    return {
        "providers": providers,
        "themes": themes,
        "medians": data.get("medians", {}),
        "gini": data.get("gini"),
        "flags": data.get("flags", [])[:FLAGS_LISTED],
        "flags_more": max(0, len(data.get("flags", [])) - FLAGS_LISTED),
        "regional_themes": [names.get(t["key"]) for t in data.get("themes", []) if t.get("regional")],
        "theme_matrix": {
            "jurisdictions": jurisdictions,
            "rows": [
                {"name": names[key], "cells": [cells.get((key, j), 0) for j in jurisdictions]}
                for key in theme_keys
            ],
        },
        "charts": {
            "distribution": {
                "labels": [p["name"] for p in with_fte],
                "values": [p["per_fte"] for p in with_fte],
                "median": data.get("medians", {}).get("overall"),
            },
            "lorenz": _every_twentieth(data.get("lorenz", [])),
            "themes": {
                "jurisdictions": jurisdictions,
                "series": [
                    {"label": names[key], "values": [cells.get((key, j), 0) for j in jurisdictions]}
                    for key in theme_keys
                ],
            },
        },
    }


def _every_twentieth(points: list) -> list:
    """At most 21 points of a Lorenz curve (every 5 % of providers, ends kept): the same curve to
    the eye and a table a person can read, however many providers there are."""
    if len(points) <= 21:
        return points
    last = len(points) - 1
    return [points[round(i * last / 20)] for i in range(21)]


def regional_summary(data: dict) -> dict:
    """What every provider may read: themes, regional candidates and medians, never a provider's
    name or figure. A median over fewer providers than PD_SUMMARY_MIN_PROVIDERS is withheld, since
    it would show a single organisation's funding."""
    minimum = getattr(settings, "PD_SUMMARY_MIN_PROVIDERS", 3)
    providers = [p for p in data.get("providers", []) if p["per_fte"] is not None]

    def count(**match) -> int:
        return sum(1 for p in providers if all(p[k] == v for k, v in match.items()))

    def shown(value, n):
        return value if n >= minimum else None

    medians = data.get("medians", {})
    themes = [
        {
            "name": _theme_name(t),
            "providers": t["providers"],
            "people": t["people"],
            "regional": t["regional"],
        }
        for t in data.get("themes", [])
    ]
    return {
        "templates": data.get("templates", 0),
        "themes": themes,
        "regional_themes": [t["name"] for t in themes if t["regional"]],
        "overall": shown(medians.get("overall"), len(providers)),
        "by_centre_type": [
            {"key": k, "median": shown(medians.get("centre_type", {}).get(k), count(centre_type=k))}
            for k in CENTRE_TYPE_KEYS
        ],
        "by_jurisdiction": [
            {"code": code, "median": shown(value, count(jurisdiction=code))}
            for code, value in medians.get("jurisdiction", {}).items()
        ],
        "gini": data.get("gini"),
        "minimum": minimum,
        "small_north_below_urban": any(f["kind"] == "small-north-below-urban" for f in data.get("flags", [])),
    }


# --- Plausibility at submission -----------------------------------------------------------------
def regional_median_per_fte(*, fiscal_year: int) -> Decimal | None:
    """The regional median PD funding per FTE: from the latest aggregation up to `fiscal_year`, else
    computed from the latest earlier survey's submitted templates."""
    results = (
        AggregationResult.objects.filter(cycle__fiscal_year__lte=fiscal_year)
        .order_by("-cycle__fiscal_year")
        .values_list("data", flat=True)[:5]
    )
    for data in results:
        overall = (data or {}).get("medians", {}).get("overall")
        if overall is not None:
            return Decimal(str(overall))
    # No aggregation yet: the latest earlier survey's submitted templates, per FTE as the
    # aggregation computes it (one query), then their median.
    from . import equity
    from .queries import provider_rows

    earlier = (
        SurveyCycle.objects.filter(fiscal_year__lt=fiscal_year, templates__status=TemplateStatus.SUBMITTED)
        .order_by("-fiscal_year")
        .first()
    )
    if earlier is None:
        return None
    return equity.median(
        row["current_pd_funding"] / row["fte"]
        for row in provider_rows(earlier)
        if row["fte"] and row["current_pd_funding"] is not None
    )


def _staff_total(values) -> int | None:
    counts = [v for v in values if v is not None]
    return sum(counts) if counts else None


def plausibility_facts(template: PDTemplate) -> plausibility.Facts:
    """What the template's figures are compared with: its staff and needs, the provider's FTEs
    (pd_budget), its latest earlier submitted template and the regional median per FTE."""
    from organisations.models import Provider
    from pd_budget.selectors import fte_by_centre_type

    year = template.cycle.fiscal_year
    by_type = fte_by_centre_type(providers=Provider.objects.filter(pk=template.provider_id), fiscal_year=year)
    streams = by_type.get(template.provider_id)
    fte = sum((lang + settle for lang, settle in streams.values()), Decimal(0)) if streams else None
    earlier = (
        PDTemplate.objects.filter(
            provider_id=template.provider_id,
            status=TemplateStatus.SUBMITTED,
            cycle__fiscal_year__lt=year,
        )
        .select_related("cycle")
        .order_by("-cycle__fiscal_year")
        .first()
    )
    previous = None
    if earlier is not None:
        previous = plausibility.Previous(
            year_label=earlier.cycle.fiscal_year_label,
            funding=earlier.current_pd_funding,
            staff=_staff_total(getattr(earlier, f) for f in STAFF_FIELDS),
        )
    needs = tuple(
        plausibility.Need(number=i, theme=need.theme_label, people=need.people, cost=need.estimated_cost)
        for i, need in enumerate(template.needs.select_related("theme").order_by("pk"), start=1)
    )
    return plausibility.Facts(
        funding=template.current_pd_funding,
        staff=_staff_total(getattr(template, f) for f in STAFF_FIELDS),
        needs=needs,
        fte=fte,
        fte_year_label=template.cycle.fiscal_year_label,
        median=regional_median_per_fte(fiscal_year=year),
        previous=previous,
    )


def confirmed_outliers(*, templates) -> dict[int, list[ConfirmedOutlier]]:
    """{template id: its confirmed outliers of its current submission} for the given templates."""
    rows = (
        ConfirmedOutlier.objects.filter(template__in=templates, template__status=TemplateStatus.SUBMITTED)
        .filter(confirmed_at=F("template__submitted_at"))
        .select_related("confirmed_by", "template__provider")
        .order_by("template__provider__name", "pk")
    )
    result: dict[int, list[ConfirmedOutlier]] = {}
    for row in rows:
        result.setdefault(row.template_id, []).append(row)
    return result


# --- Response tracking (issue 16) -------------------------------------------------------------
RESPONSE_NOT_STARTED, RESPONSE_DRAFT, RESPONSE_SUBMITTED, RESPONSE_REOPENED = (
    "not_started",
    "draft",
    "submitted",
    "reopened",
)


def response_status_labels() -> dict[str, str]:
    return {
        RESPONSE_NOT_STARTED: _("Not started"),
        RESPONSE_DRAFT: _("Draft"),
        RESPONSE_SUBMITTED: _("Submitted"),
        RESPONSE_REOPENED: _("Reopened"),
    }


def response_tracking(*, cycle: SurveyCycle) -> dict:
    """Every provider expected to answer (every provider organisation) with its template's status,
    the last reminder and the escalation sent about it, and the response rate (submitted / expected).

    Three queries whatever the number of providers: the providers, their templates, the nudges."""
    from decimal import ROUND_HALF_UP

    from django.db.models import Max

    from organisations.models import Provider

    from .models import NudgeKind, ResponseNudge

    templates = {
        t.provider_id: t
        for t in PDTemplate.objects.filter(cycle=cycle).only(
            "pk", "provider_id", "status", "reopened_at", "updated_at", "submitted_at"
        )
    }
    nudges: dict[tuple[int, str], object] = {
        (row["provider_id"], row["kind"]): row["last"]
        for row in ResponseNudge.objects.filter(cycle=cycle)
        .values("provider_id", "kind")
        .annotate(last=Max("sent_at"))
    }
    labels = response_status_labels()
    rows = []
    for provider in Provider.objects.select_related("jurisdiction").order_by("name"):
        template = templates.get(provider.pk)
        if template is None:
            status = RESPONSE_NOT_STARTED
        elif template.status == TemplateStatus.SUBMITTED:
            status = RESPONSE_SUBMITTED
        elif template.reopened_at:
            status = RESPONSE_REOPENED
        else:
            status = RESPONSE_DRAFT
        rows.append(
            {
                "provider": provider,
                "template": template,
                "status": status,
                "status_label": labels[status],
                "last_reminder": nudges.get((provider.pk, NudgeKind.REMINDER)),
                "escalated": nudges.get((provider.pk, NudgeKind.ESCALATION)),
            }
        )
    expected = len(rows)
    submitted = sum(1 for row in rows if row["status"] == RESPONSE_SUBMITTED)
    rate = (
        (Decimal(submitted) * 100 / expected).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if expected
        else None
    )
    return {
        "rows": rows,
        "expected": expected,
        "submitted": submitted,
        "missing": [row for row in rows if row["status"] != RESPONSE_SUBMITTED],
        "rate": rate,
    }


# --- Equity over the years and the headline findings (issue 18) ------------------------------------
def equity_trend() -> list:
    """Every aggregated survey's equity figures, oldest first, in one query (surveys.trend)."""
    from . import trend

    rows = AggregationResult.objects.order_by("cycle__fiscal_year").values_list(
        "cycle__fiscal_year", "data__providers", "data__medians", "data__gini"
    )
    return [
        trend.year_equity(year, providers=providers, medians=medians, gini=gini)
        for year, providers, medians, gini in rows
    ]


def headline_findings(data: dict, *, fiscal_year: int, years: list) -> list:
    """The analysis page's headlines for the year shown, and the direction over the surveyed years."""
    from . import findings, trend

    year = next((y for y in years if y.fiscal_year == fiscal_year), None)
    if year is None:
        year = trend.year_equity(
            fiscal_year, providers=data.get("providers"), medians=data.get("medians"), gini=data.get("gini")
        )
    return findings.findings(data, year=year, direction=trend.direction(years))
