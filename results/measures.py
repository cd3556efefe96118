"""What the portal measures about each of the programme's statements (`ProgrammeStatement.measure`),
read from the other apps' data, never typed in: each measure returns a small table (caption, header,
rows) and, where the figures make one, a chart series; the programme page and the briefing show both.

`register_measure(key, build)` lets another app supply a measure this one cannot compute: the
"planning" measure (unmet needs in the calendar) is registered by the app that matches needs to
events, in its `AppConfig.ready()`; until then the page says it is not measured yet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from portal.fiscal import fiscal_year_label


@dataclass
class Chart:
    """A chart's figures: one value per category for each series; always also shown as a table."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    kind: str = "bar"  # "bar" or "line"


@dataclass
class MeasureResult:
    title: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    chart: Chart | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


_REGISTERED: dict[str, Callable[..., MeasureResult]] = {}


def register_measure(key: str, build: Callable[..., MeasureResult]) -> None:
    """Supply (or replace) the measure `key`: `build(fiscal_year=None)` returns a MeasureResult."""
    _REGISTERED[key] = build


def _number(value) -> str:
    from django.utils.formats import number_format

    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def _dec(value) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def equity(fiscal_year: int | None = None) -> MeasureResult:
    """PD funding per FTE over the years, from each survey's stored aggregation: the Gini coefficient,
    the median of large urban providers and of small-centre/North providers, and the gap between them
    (small and North minus urban: below zero, small centres and the North get less per FTE)."""
    from surveys.models import AggregationResult

    rows, years, ginis, gaps = [], [], [], []
    results = AggregationResult.objects.select_related("cycle").order_by("cycle__fiscal_year")
    if fiscal_year is not None:
        results = results.filter(cycle__fiscal_year__lte=fiscal_year)
    for result in results.only("data", "cycle__fiscal_year"):
        data = result.data or {}
        medians = data.get("medians", {})
        urban = _dec(medians.get("centre_type", {}).get("urban"))
        small_north = _dec(medians.get("small_north"))
        gini = _dec(data.get("gini"))
        gap = small_north - urban if urban is not None and small_north is not None else None
        label = fiscal_year_label(result.cycle.fiscal_year)
        rows.append([label, _number(gini), _number(urban), _number(small_north), _number(gap)])
        if gini is not None:
            years.append(label)
            ginis.append(float(gini))
            gaps.append(float(gap) if gap is not None else 0.0)
    chart = (
        Chart(_("Gini coefficient of PD funding per FTE"), years, [(_("Gini"), ginis)], kind="line")
        if len(years) >= 1
        else None
    )
    return MeasureResult(
        title=_("PD funding per FTE, by survey year"),
        header=[
            _("Fiscal year"),
            _("Gini coefficient"),
            _("Median per FTE, large urban ($)"),
            _("Median per FTE, small centres and North ($)"),
            _("Gap, small and North minus urban ($)"),
        ],
        rows=rows,
        note="" if rows else _("No PD survey has been aggregated yet."),
        chart=chart,
    )


def participation(fiscal_year: int | None = None) -> MeasureResult:
    """Registrations for learning events by jurisdiction and by the centre type of the registrant's
    provider (its head office; people registered for no provider count apart), in the fiscal year."""
    from learning_events.models import Registration
    from pd_budget.models import CentreType, Site

    qs = Registration.objects.all()
    if fiscal_year is not None:
        from portal.fiscal import fiscal_year_bounds

        start, end = fiscal_year_bounds(fiscal_year)
        qs = qs.filter(event__starts_on__gte=start, event__starts_on__lte=end)
    head_office = Site.objects.filter(provider=OuterRef("provider_id"), is_head_office=True).values(
        "centre_type"
    )[:1]
    counts = (
        qs.annotate(centre=Subquery(head_office))
        .values("jurisdiction__code", "jurisdiction__name_en", "jurisdiction__name_fr", "centre")
        .annotate(n=Count("pk"))
        .order_by("jurisdiction__code", "centre")
    )
    types = [(key, str(label)) for key, label in CentreType.choices]
    by_jurisdiction: dict[str, dict] = {}
    from portal.i18n import current_language

    name_field = f"jurisdiction__name_{current_language()}"
    for row in counts:
        entry = by_jurisdiction.setdefault(row["jurisdiction__code"], {"name": row[name_field], "cells": {}})
        entry["cells"][row["centre"] or ""] = entry["cells"].get(row["centre"] or "", 0) + row["n"]
    rows, totals = [], []
    for entry in by_jurisdiction.values():
        cells = [entry["cells"].get(key, 0) for key, _label in types] + [entry["cells"].get("", 0)]
        rows.append([entry["name"], *[_number(c) for c in cells], _number(sum(cells))])
        totals.append(sum(cells))
    chart = (
        Chart(
            _("Registrations by jurisdiction"),
            [e["name"] for e in by_jurisdiction.values()],
            [(_("Registrations"), [float(t) for t in totals])],
        )
        if rows
        else None
    )
    return MeasureResult(
        title=_("Registrations for learning events, by jurisdiction and centre type"),
        header=[_("Jurisdiction"), *[label for _key, label in types], _("No provider"), _("Total")],
        rows=rows,
        note="" if rows else _("No registration has been recorded for this period."),
        chart=chart,
    )


def reports(fiscal_year: int | None = None) -> MeasureResult:
    """Evaluations whose final report file is in the library, against those still awaited (a final
    report announced, a draft received, or only commissioned, with no final file uploaded)."""
    from learning_events.models import Evaluation, EvaluationStatus, ReportKind

    qs = Evaluation.objects.annotate(
        finals=Count("files", filter=Q(files__kind=ReportKind.FINAL)),
        drafts=Count("files", filter=Q(files__kind=ReportKind.DRAFT)),
    )
    available = awaited = 0
    rows = []
    for evaluation in qs.order_by("subject_en"):
        has_final = evaluation.finals > 0
        available += has_final
        awaited += not has_final
        state = (
            _("Final file in the library")
            if has_final
            else (
                _("Final report announced, no file yet")
                if evaluation.status == EvaluationStatus.FINAL_AVAILABLE
                else _("Awaited")
            )
        )
        rows.append([str(evaluation.subject), str(evaluation.get_status_display()), state])
    return MeasureResult(
        title=_("Report files available and awaited"),
        header=[_("Evaluation"), _("Status"), _("Final report file")],
        rows=rows,
        note=_("%(available)s final report file(s) in the library, %(awaited)s awaited.")
        % {"available": available, "awaited": awaited},
        chart=Chart(
            _("Final report files"),
            [_("Available"), _("Awaited")],
            [(_("Evaluations"), [available, awaited])],
        )
        if rows
        else None,
    )


def results(fiscal_year: int | None = None) -> MeasureResult:
    """Recommendations of each evaluation: how many have a response, how many an action, and the
    actions done and overdue (results.selectors)."""
    from . import selectors

    rows = []
    for row in selectors.results_by_evaluation():
        rows.append(
            [
                row["subject"],
                _number(row["recommendations"]),
                _number(row["responded"]),
                _number(row["with_action"]),
                _number(row["actions_done"]),
                _number(row["actions_overdue"]),
            ]
        )
    return MeasureResult(
        title=_("Recommendations and their actions"),
        header=[
            _("Evaluation"),
            _("Recommendations"),
            _("With a management response"),
            _("With an action"),
            _("Actions done"),
            _("Actions overdue"),
        ],
        rows=rows,
        note="" if rows else _("No recommendation has been recorded yet."),
    )


def evaluations(fiscal_year: int | None = None) -> MeasureResult:
    from learning_events.models import Evaluation, EvaluationStatus

    counts = dict(Evaluation.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    rows = [[str(label), _number(counts.get(key, 0))] for key, label in EvaluationStatus.choices]
    return MeasureResult(
        title=_("Evaluations by status"),
        header=[_("Status"), _("Evaluations")],
        rows=rows,
        chart=Chart(
            _("Evaluations by status"),
            [str(label) for _key, label in EvaluationStatus.choices],
            [(_("Evaluations"), [float(counts.get(key, 0)) for key, _label in EvaluationStatus.choices])],
        ),
    )


def survey(fiscal_year: int | None = None) -> MeasureResult:
    """PD templates submitted in each survey cycle (surveys.selectors.cycle_list)."""
    from surveys import selectors as survey_selectors

    cycles = survey_selectors.cycle_list()
    if fiscal_year is not None:
        cycles = cycles.filter(fiscal_year__lte=fiscal_year)
    rows = [
        [c.label if hasattr(c, "label") else fiscal_year_label(c.fiscal_year), _number(c.submitted)]
        for c in cycles
    ]
    return MeasureResult(
        title=_("PD templates submitted, by survey"),
        header=[_("Survey"), _("Templates submitted")],
        rows=rows,
        note="" if rows else _("No PD survey yet."),
    )


def planning(fiscal_year: int | None = None) -> MeasureResult:
    return MeasureResult(
        title=_("Unmet needs in the calendar"),
        note=_("Not measured yet: the matching of needs to planned events will show here."),
    )


BUILT_IN: dict[str, Callable[..., MeasureResult]] = {
    "equity": equity,
    "participation": participation,
    "reports": reports,
    "results": results,
    "evaluations": evaluations,
    "survey": survey,
    "planning": planning,
}


def measure(key: str, *, fiscal_year: int | None = None) -> MeasureResult | None:
    """The measure `key` (a registered one wins over the built-in), or None for "not measured"."""
    build = _REGISTERED.get(key) or BUILT_IN.get(key)
    return build(fiscal_year=fiscal_year) if build else None


def programme_page(*, fiscal_year: int | None = None) -> dict:
    """The programme page: reasons, challenges and opportunities (and the stated findings and
    commitments), each with its measure computed once per measure."""
    from .models import StatementKind
    from .selectors import statements_by_kind

    kinds = [
        StatementKind.REASON,
        StatementKind.CHALLENGE,
        StatementKind.OPPORTUNITY,
        StatementKind.FINDING,
        StatementKind.COMMITMENT,
        StatementKind.COLLABORATION,
        StatementKind.OTHER_WORK,
        StatementKind.GOVERNANCE,
    ]
    grouped = statements_by_kind(kinds)
    computed: dict[str, object] = {}
    for rows in grouped.values():
        for statement in rows:
            if statement.measure and statement.measure not in computed:
                computed[statement.measure] = measure(statement.measure, fiscal_year=fiscal_year)
            statement.measure_result = computed.get(statement.measure)
    return {"sections": [(kind, StatementKind(kind).label, grouped[kind]) for kind in kinds]}
